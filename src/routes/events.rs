//! `POST /slack/events`: verify, answer Slack's URL check, hand event callbacks to the bot
//! (deduplicated there) and acknowledge at once.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use tokio::time::Instant;

use super::error::HttpError;
use super::signed::verify;
use crate::bot;
use crate::bot::state::AppState;
use crate::bot::work::Admission;

pub async fn event(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, HttpError> {
    let started = Instant::now();
    verify(&state, &headers, &body)?;
    let envelope: Value = serde_json::from_slice(&body)
        .map_err(|_| HttpError::bad_request("the body is not JSON"))?;
    // Signed JSON the bot cannot use is acknowledged (Slack would only retry a 4xx) and logged.
    let unusable = |why: &str| {
        tracing::warn!(why, "acknowledged a signed event the bot cannot use");
        Ok(StatusCode::OK.into_response())
    };
    let Some(kind) = envelope.get("type").and_then(Value::as_str) else {
        return unusable("the body lacks `type`");
    };
    match kind {
        "url_verification" => {
            let Some(challenge) = envelope.get("challenge").and_then(Value::as_str) else {
                return unusable("url_verification lacks `challenge`");
            };
            tracing::info!("answered Slack's URL verification");
            Ok((
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                challenge.to_owned(),
            )
                .into_response())
        }
        "event_callback" => {
            let callback = match bot::events::parse(&envelope) {
                Ok(callback) => callback,
                Err(error) => return unusable(&error.to_string()),
            };
            let span = tracing::Span::current();
            span.record("team", callback.team.as_str());
            let retry = headers
                .get("x-slack-retry-num")
                .and_then(|v| v.to_str().ok());
            tracing::debug!(event_id = %callback.event_id, retry, "event delivery");
            Ok(match bot::events::accept(&state, envelope, started).await {
                Admission::Accepted => StatusCode::OK.into_response(),
                Admission::Respond(body) => (StatusCode::OK, axum::Json(body)).into_response(),
                // Nothing was claimed: Slack delivers the event again (about a minute later)
                // and it is answered then, instead of being acknowledged and dropped.
                Admission::Busy => {
                    (StatusCode::SERVICE_UNAVAILABLE, "busy; please retry\n").into_response()
                }
            })
        }
        other => {
            tracing::debug!(kind = other, "envelope type not used; acknowledged");
            Ok(StatusCode::OK.into_response())
        }
    }
}
