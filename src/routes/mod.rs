//! The HTTP surface: thin handlers that verify, parse, hand off and acknowledge.

pub mod body;
pub mod commands;
pub mod error;
pub mod events;
pub mod interactions;
pub mod oauth;
pub mod pages;
pub mod signed;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use tower_http::trace::TraceLayer;

use crate::slack::socket_mode::Link;
use crate::state::AppState;

/// A slash command's form is small: Slack caps the text at a few thousand characters.
pub const MAX_COMMAND_BYTES: usize = 64 * 1024;
/// An event can carry a 40,000-character message (written twice, as `text` and as rich-text
/// blocks, each character up to six bytes as a JSON escape).
pub const MAX_EVENT_BYTES: usize = 1024 * 1024;
/// A click inside a modal carries the whole view (up to 250 kB of JSON), form-encoded.
pub const MAX_INTERACTION_BYTES: usize = 1024 * 1024;

/// Every route, with its layers.
pub fn router(state: AppState) -> Router {
    let timeout = state.config.http.body_timeout;
    let slack = |route: MethodRouter<AppState>, max| body::bounded(route, max, timeout);
    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/slack/commands",
            slack(post(commands::slash_command), MAX_COMMAND_BYTES),
        )
        .route("/slack/install", get(oauth::install))
        .route("/slack/oauth_redirect", get(oauth::oauth_redirect))
        .route("/slack/events", slack(post(events::event), MAX_EVENT_BYTES))
        .route(
            "/slack/interactions",
            slack(post(interactions::interaction), MAX_INTERACTION_BYTES),
        )
        // The per-route limits above apply first; this only backs them up.
        .layer(DefaultBodyLimit::max(MAX_EVENT_BYTES))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                tracing::info_span!(
                    "request",
                    method = %req.method(),
                    path = %req.uri().path(),
                    team = tracing::field::Empty,
                    channel = tracing::field::Empty,
                    command = tracing::field::Empty,
                )
            }),
        )
        .with_state(state)
}

/// `200 ok` while the bot can serve; `503` while Socket Mode (when configured) has no
/// connection, or after its task stopped, so a container or load balancer notices.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.socket.as_ref().map(|s| s.get()) {
        None | Some(Link::Connected) => (StatusCode::OK, "ok\n").into_response(),
        Some(Link::Connecting) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Socket Mode is not connected\n",
        )
            .into_response(),
        Some(Link::Stopped) => {
            (StatusCode::SERVICE_UNAVAILABLE, "Socket Mode has stopped\n").into_response()
        }
    }
}
