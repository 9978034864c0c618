//! The HTTP surface: thin handlers that verify, parse, hand off and acknowledge.

pub mod commands;
pub mod error;
pub mod events;
pub mod interactions;
pub mod oauth;
pub mod pages;
pub mod signed;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::routing::{get, post};
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Slack's payloads are small; anything bigger is refused with 413 before it is read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every route, with its layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/slack/commands", post(commands::slash_command))
        .route("/slack/install", get(oauth::install))
        .route("/slack/oauth_redirect", get(oauth::oauth_redirect))
        .route("/slack/events", post(events::event))
        .route("/slack/interactions", post(interactions::interaction))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
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

async fn healthz() -> &'static str {
    "ok\n"
}
