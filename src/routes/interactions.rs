//! `POST /slack/interactions`: verify, read the form's `payload` JSON, hand it to the bot and
//! acknowledge at once: an empty 200, or a modal's `response_action: errors`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::Value;
use tokio::time::Instant;

use super::error::HttpError;
use super::signed::verify;
use crate::bot;
use crate::bot::state::AppState;
use crate::bot::work::Admission;
use crate::guidance::notes;
use crate::slack::interaction::{self, Interaction};
use crate::slack::render;

#[derive(Deserialize)]
struct Form {
    payload: Option<String>,
}

pub async fn interaction(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, HttpError> {
    let started = Instant::now();
    verify(&state, &headers, &body)?;
    let form: Form = serde_urlencoded::from_bytes(&body).map_err(|_| {
        HttpError::bad_request("the body is not a form (application/x-www-form-urlencoded)")
    })?;
    let raw = form
        .payload
        .ok_or_else(|| HttpError::bad_request("the form lacks `payload`"))?;
    let payload: Value =
        serde_json::from_str(&raw).map_err(|_| HttpError::bad_request("`payload` is not JSON"))?;
    match interaction::parse(&payload).map_err(HttpError::bad_request)? {
        Interaction::BlockActions { origin, .. } => {
            tracing::Span::current().record("team", origin.team.as_str());
        }
        Interaction::ViewSubmission(submission) => {
            tracing::Span::current().record("team", submission.team.as_str());
        }
        Interaction::Shortcut(used) => {
            tracing::Span::current().record("team", used.team.as_str());
        }
        Interaction::Other(_) => {}
    }
    Ok(
        match bot::interactions::accept(&state, payload, started).await {
            Admission::Accepted => StatusCode::OK.into_response(),
            // A modal's errors, shown beside its fields.
            Admission::Respond(body) => (StatusCode::OK, Json(body)).into_response(),
            Admission::Busy => {
                (StatusCode::OK, Json(render::message(&notes::busy_click()))).into_response()
            }
        },
    )
}
