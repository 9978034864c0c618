//! Routes Socket Mode envelopes (already acknowledged) into the same handlers the HTTP
//! endpoints use, so both doors run exactly the same code.

use std::sync::Arc;

use tracing::Instrument;

use super::{commands, events, interactions};
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
            state.tasks.spawn(
                async move { events::accept(&state_for_task, payload).await }.in_current_span(),
            );
        }
        "interactive" => {
            let state_for_task = state.clone();
            let payload = envelope.payload;
            state.tasks.spawn(
                async move { interactions::accept(&state_for_task, payload).await }
                    .in_current_span(),
            );
        }
        other => tracing::debug!(kind = %other, "ignored an envelope of unknown type"),
    }
}
