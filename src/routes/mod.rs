//! The HTTP surface: thin handlers that verify, parse, hand off and acknowledge.

pub mod commands;
pub mod error;
pub mod events;
pub mod interactions;
pub mod oauth;
pub mod operate;
pub mod pages;
pub mod signed;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::middleware;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Slack's payloads are small; anything bigger is refused with 413 before it is read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every route, with its layers.
pub fn router(state: AppState) -> Router {
    let mut routes = Router::new()
        .route("/healthz", get(operate::healthz))
        .route("/readyz", get(operate::readyz))
        .route("/slack/commands", post(commands::slash_command))
        .route("/slack/install", get(oauth::install))
        .route("/slack/oauth_redirect", get(oauth::oauth_redirect))
        .route("/slack/events", post(events::event))
        .route("/slack/interactions", post(interactions::interaction));
    if state.config.metrics {
        routes = routes.route("/metrics", get(operate::metrics));
    }
    routes
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(operate::track))
        // Outermost first: screen the caller's id, set one if missing, open the request's
        // span with it (so the background work started inside carries it too), and copy it
        // onto the response.
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(operate::screen_request_id))
                .layer(SetRequestIdLayer::new(operate::REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::new(operate::REQUEST_ID)),
        )
        .with_state(state)
}

fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get(&operate::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        request_id = %id,
        team = tracing::field::Empty,
        channel = tracing::field::Empty,
        command = tracing::field::Empty,
    )
}
