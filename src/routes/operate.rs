//! What operators and orchestrators ask: liveness (`/healthz`: the process serves), readiness
//! (`/readyz`: it can do its work now) and Prometheus metrics (`/metrics`).

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::bot::state::AppState;
use crate::telemetry::metrics;

/// Readiness waits this long for the database before calling it unavailable.
const DB_TIMEOUT: Duration = Duration::from_secs(2);

/// Liveness: the process is up and serving HTTP. Says nothing about its dependencies, so an
/// orchestrator restarts the process only when restarting could help.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: 200 when the database answers, the packs are loaded and (with Socket Mode) a
/// connection to Slack is open; otherwise 503 with a one-line reason.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match not_ready(&state).await {
        None => (StatusCode::OK, "ready\n").into_response(),
        Some(reason) => {
            tracing::debug!(%reason, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {reason}\n"),
            )
                .into_response()
        }
    }
}

async fn not_ready(state: &AppState) -> Option<&'static str> {
    match tokio::time::timeout(DB_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(_)) => return Some("the database does not answer"),
        Err(_) => return Some("the database did not answer within 2 s"),
    }
    if state.guide.library.packs().is_empty() {
        return Some("no response packs are loaded");
    }
    if state.config.app_token.is_some() && !state.socket_link.is_open() {
        return Some("no Socket Mode connection to Slack is open");
    }
    None
}

/// `GET /metrics` in Prometheus's text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    metrics::work_in_flight(state.tasks.len());
    match state.metrics.render() {
        Some(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            )],
            text,
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics are unavailable; the log says why\n",
        )
            .into_response(),
    }
}
