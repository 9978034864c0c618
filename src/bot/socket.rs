//! Routes Socket Mode envelopes (already acknowledged) into the same handlers the HTTP
//! endpoints use, so both doors run exactly the same code.

use std::sync::Arc;

use serde_json::Value;
use tracing::Instrument;

use super::{commands, installs};
use crate::slack::command::SlashCommand;
use crate::slack::socket_mode::{Envelope, Handler};
use crate::state::AppState;

/// The handler Socket Mode calls for every envelope.
pub fn handler(state: AppState) -> Handler {
    Arc::new(move |envelope| dispatch(&state, envelope))
}

/// Starts the work an envelope asks for; never waits for it.
pub fn dispatch(state: &AppState, envelope: Envelope) {
    let span = tracing::info_span!(
        "socket_envelope",
        kind = %envelope.kind,
        envelope = %envelope.envelope_id,
    );
    let _entered = span.enter();
    match envelope.kind.as_str() {
        "slash_commands" => match SlashCommand::from_json(&envelope.payload) {
            Ok(command) => commands::spawn(state, command),
            Err(error) => tracing::warn!(%error, "ignored an unreadable slash command"),
        },
        "events_api" => {
            let state_for_task = state.clone();
            let payload = envelope.payload;
            state
                .tasks
                .spawn(async move { events(&state_for_task, payload).await }.in_current_span());
        }
        "interactive" => {
            let state_for_task = state.clone();
            let payload = envelope.payload;
            state.tasks.spawn(
                async move { interactions(&state_for_task, payload).await }.in_current_span(),
            );
        }
        other => tracing::debug!(kind = %other, "ignored an envelope of unknown type"),
    }
}

/// An `events_api` payload (an `event_callback` envelope, as over HTTP).
// Re-pointed to `bot::events::accept` once that lands on main.
async fn events(state: &AppState, payload: Value) {
    if let Some(Err(error)) = installs::on_lifecycle_event(state, &payload).await {
        tracing::error!(%error, "could not act on an uninstall");
    }
}

/// An `interactive` payload (`block_actions` and the like, as over HTTP).
// Re-pointed to `bot::interactions::accept` once that lands on main.
async fn interactions(_state: &AppState, payload: Value) {
    let kind = payload.get("type").and_then(Value::as_str).unwrap_or("?");
    tracing::info!(%kind, "interactive payloads are not handled yet");
}
