//! Slack's signature check for every HTTP endpoint Slack calls.

use axum::http::HeaderMap;

use super::error::HttpError;
use crate::state::AppState;

pub const SIGNATURE_HEADER: &str = "x-slack-signature";
pub const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";

/// Refuses the request unless it carries a valid, fresh Slack signature over `body`.
pub fn verify(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<(), HttpError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(verifier) = &state.verifier else {
        tracing::warn!("refused a Slack request: SLACK_SIGNING_SECRET is not set");
        return Err(HttpError::Unauthorized);
    };
    let now = state.clock.now().as_second();
    verifier
        .verify(
            header(TIMESTAMP_HEADER),
            header(SIGNATURE_HEADER),
            body,
            now,
        )
        .map_err(|reason| {
            tracing::info!(%reason, "refused a request with a bad signature");
            HttpError::Unauthorized
        })
}
