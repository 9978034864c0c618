//! Routes Socket Mode envelopes (already acknowledged) into the same handlers the HTTP
//! endpoints use, so both doors run exactly the same code.

use std::sync::Arc;

use tokio::time::Instant;
use tracing::Instrument;

use super::work::Admission;
use super::{commands, events, interactions};
use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::guidance::notes;
use crate::slack::command::SlashCommand;
use crate::slack::render;
use crate::slack::socket_mode::{Acknowledgement, Envelope, Handler};

/// The handler Socket Mode calls for every envelope.
pub fn handler(state: AppState) -> Handler {
    Arc::new(move |envelope| {
        let state = state.clone();
        Box::pin(async move { dispatch(&state, envelope).await })
    })
}

/// Starts the work an envelope asks for (never waits for it) and says how to acknowledge it:
/// when no reply slot frees up in time, a command is answered "try again" in the
/// acknowledgement and an event is left unacknowledged so that Slack delivers it again.
pub async fn dispatch(state: &AppState, envelope: Envelope) -> Acknowledgement {
    let started = Instant::now();
    let span = tracing::info_span!(
        "socket_envelope",
        kind = %envelope.kind,
        envelope = %envelope.envelope_id,
    );
    let payload = envelope.payload;
    async move {
        match envelope.kind.as_str() {
            "slash_commands" => match SlashCommand::from_json(&payload) {
                Ok(command) => match commands::accept(state, command, started).await {
                    Admission::Accepted => Acknowledgement::Plain,
                    Admission::Respond(body) => Acknowledgement::WithPayload(body),
                    Admission::Busy => busy_payload(notes::busy()),
                },
                Err(error) => {
                    tracing::warn!(%error, "ignored an unreadable slash command");
                    Acknowledgement::Plain
                }
            },
            "events_api" => match events::accept(state, payload, started).await {
                Admission::Accepted => Acknowledgement::Plain,
                Admission::Respond(body) => Acknowledgement::WithPayload(body),
                Admission::Busy => Acknowledgement::Withhold,
            },
            "interactive" => match interactions::accept(state, payload, started).await {
                Admission::Accepted => Acknowledgement::Plain,
                Admission::Respond(body) => Acknowledgement::WithPayload(body),
                Admission::Busy => busy_payload(notes::busy_click()),
            },
            other => {
                tracing::debug!(kind = %other, "ignored an envelope of unknown type");
                Acknowledgement::Plain
            }
        }
    }
    .instrument(span)
    .await
}

fn busy_payload(answer: Answer) -> Acknowledgement {
    match serde_json::to_value(render::message(&answer)) {
        Ok(value) => Acknowledgement::WithPayload(value),
        Err(_) => Acknowledgement::Plain,
    }
}
