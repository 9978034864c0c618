//! `POST /slack/commands`: verify, parse, hand off, acknowledge at once with an empty 200.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use super::error::HttpError;
use super::signed::verify;
use crate::bot;
use crate::bot::state::AppState;
use crate::bot::work::Admission;
use crate::guidance::notes;
use crate::slack::command::SlashCommand;
use crate::slack::render;

pub async fn slash_command(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, HttpError> {
    let started = Instant::now();
    verify(&state, &headers, &body)?;
    // Slack's certificate check: acknowledged, and nothing else in the request is acted on.
    if is_ssl_check(&body) {
        tracing::debug!("answered Slack's ssl_check");
        return Ok(StatusCode::OK.into_response());
    }
    let command = SlashCommand::from_form(&body).map_err(HttpError::bad_request)?;
    let span = tracing::Span::current();
    span.record("team", command.team_id.as_str());
    span.record("channel", command.channel_id.as_str());
    span.record("command", command.command.as_str());
    Ok(
        match bot::commands::accept(&state, command, started).await {
            Admission::Accepted => StatusCode::OK.into_response(),
            Admission::Respond(body) => (StatusCode::OK, Json(body)).into_response(),
            // Shown to the person in place of an answer; nothing was started.
            Admission::Busy => {
                (StatusCode::OK, Json(render::message(&notes::busy()))).into_response()
            }
        },
    )
}

/// `ssl_check` set to exactly `1`; any other value is a command like any other. Slack sends it
/// as the plain pair `ssl_check=1`, so the raw pairs are compared without decoding any of them:
/// every command pays for this look before it is parsed.
fn is_ssl_check(body: &[u8]) -> bool {
    body.split(|b| *b == b'&')
        .any(|pair| pair == b"ssl_check=1")
}
