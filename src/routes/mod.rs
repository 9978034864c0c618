//! The HTTP surface: thin handlers that verify, parse, hand off and acknowledge.

pub mod body;
pub mod commands;
pub mod error;
pub mod events;
pub mod frame;
pub mod interactions;
pub mod oauth;
pub mod operate;
pub mod pages;
pub mod signed;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use tower_http::trace::TraceLayer;

use crate::bot::state::AppState;

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
    let mut routes = Router::new()
        .route("/healthz", get(operate::healthz))
        .route("/readyz", get(operate::readyz))
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
        );
    if state.config.metrics {
        routes = routes.route("/metrics", get(operate::metrics));
    }
    routes
        // The per-route limits above apply first; this only backs them up.
        .layer(DefaultBodyLimit::max(MAX_EVENT_BYTES))
        // Outermost first: give the request its id and count it (`frame`), then open the
        // request's span with the id (so the background work started inside carries it too).
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(middleware::from_fn(frame::frame))
        .with_state(state)
}

fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get(&frame::REQUEST_ID)
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
