//! Slash commands: answered in the background through `response_url`.

use tokio::time::Instant;
use tracing::Instrument;

use super::work::{Admission, Slot};

use crate::guidance::grammar::{self, Request};
use crate::nudges;
use crate::slack::command::SlashCommand;
use crate::slack::message::Message;
use crate::state::AppState;
use crate::telemetry::metrics::{self, ReplyOutcome};

/// Takes `command` if a reply slot frees up in time (see [`super::work`]) and answers it in
/// the background; shutdown waits for it.
pub async fn accept(state: &AppState, command: SlashCommand, started: Instant) -> Admission {
    match state.work.admit(started).await {
        Some(slot) => {
            spawn(state, slot, command);
            Admission::Accepted
        }
        None => Admission::Busy,
    }
}

fn spawn(state: &AppState, slot: Slot, command: SlashCommand) {
    let span = tracing::info_span!(
        "command_reply",
        team = %command.team_id,
        channel = %command.channel_id,
        topic = tracing::field::Empty,
    );
    let state_for_task = state.clone();
    slot.spawn(
        async move {
            let state = state_for_task;
            let message = reply_to(&state, &command).await;
            match state.responder.send(&command.response_url, &message).await {
                Ok(()) => {
                    metrics::reply(ReplyOutcome::Delivered);
                    tracing::info!("replied");
                }
                Err(error) if error.possibly_delivered() => {
                    metrics::reply(ReplyOutcome::PossiblyDelivered);
                    tracing::warn!(
                        team = %command.team_id,
                        channel = %command.channel_id,
                        %error,
                        "the reply may not have arrived; not sending it twice"
                    );
                }
                Err(error) => {
                    metrics::reply(ReplyOutcome::Failed);
                    tracing::warn!(
                        team = %command.team_id,
                        channel = %command.channel_id,
                        %error,
                        "could not deliver the reply"
                    );
                }
            }
        }
        .instrument(span),
    );
}

/// Works out the reply to `command`.
pub async fn reply_to(state: &AppState, command: &SlashCommand) -> Message {
    let request = grammar::parse(&command.text);
    if state.config.log_message_text {
        tracing::debug!(text = %command.text, "command text (MOPS_LOG_MESSAGE_TEXT is on)");
    }
    match &request {
        Request::Nudge(rest) => {
            let answer = nudges::commands::handle(state, command, rest).await;
            return crate::slack::render::message(&answer);
        }
        Request::Log(rest) => {
            let answer = super::worklog::handle(state, command, rest).await;
            return crate::slack::render::message(&answer);
        }
        _ => {}
    }
    let counted = request.clone();
    let reply = super::answer::answer(state, request, command.user_id.clone()).await;
    count_answer(&counted, reply.topic.as_deref());
    if let Some(topic) = &reply.topic {
        tracing::Span::current().record("topic", topic.as_str());
        // Shown as "recent answers" on the asker's Home tab.
        super::home::remember(state, &command.team_id, &command.user_id, topic);
    }
    crate::slack::render::message(&reply)
}

/// Counts an answer to a question (not help or the topic list) by its topic, `none` when the
/// matcher was not sure.
pub(super) fn count_answer(request: &Request, topic: Option<&str>) {
    if matches!(
        request,
        Request::Advice(_) | Request::Share(_) | Request::More(_)
    ) {
        metrics::answer(topic);
    }
}
