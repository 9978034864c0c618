//! The message shortcut "Get MOPs advice" (`mops_advice_on_message`): on any message (a
//! manager's request, a job description, a stream of tickets) the bot matches the message's
//! text and answers only the person who used it, through the payload's `response_url`, with
//! the same buttons as any answer.

use tokio::time::Instant;
use tracing::Instrument;

use super::conversation::strip_mention;
use super::work::Admission;
use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::guidance::grammar::Request;
use crate::slack::interaction::Shortcut;
use crate::slack::render;

/// The shortcut's `callback_id`, as in both manifests.
pub const CALLBACK_ID: &str = "mops_advice_on_message";

/// Acknowledges at once and answers in the background; an unknown shortcut is dropped.
pub async fn accept(state: &AppState, shortcut: Shortcut, started: Instant) -> Admission {
    if shortcut.callback_id != CALLBACK_ID {
        tracing::warn!(callback_id = %shortcut.callback_id, "a shortcut the bot does not know");
        return Admission::Accepted;
    }
    let Some(slot) = state.work.admit(started).await else {
        return Admission::Busy;
    };
    let state = state.clone();
    let span =
        tracing::info_span!("shortcut", team = %shortcut.team, topic = tracing::field::Empty);
    slot.spawn(async move { answer(&state, shortcut).await }.instrument(span));
    Admission::Accepted
}

async fn answer(state: &AppState, shortcut: Shortcut) {
    // The message's mentions (of anyone) say nothing about the topic.
    let text = strip_mention(&shortcut.text, None);
    let reply = if text.trim().is_empty() {
        Answer::short(
            "That message has no text I can read. Use *Get MOPs advice* on a message with words \
             in it, or ask me with `/mops advice <your question>`.",
        )
    } else {
        let request = Request::Advice(text.into());
        let counted = request.clone();
        let reply = super::answer::answer(state, request, shortcut.user.clone()).await;
        super::commands::count_answer(&counted, reply.topic.as_deref());
        if let Some(topic) = &reply.topic {
            tracing::Span::current().record("topic", topic.as_str());
            super::home::remember(state, &shortcut.team, &shortcut.user, topic);
        }
        reply
    };
    let mut message = render::message(&reply.private());
    // The message the shortcut was used on stays as it is.
    message.replace_original = Some(false);
    match state.responder.send(&shortcut.response_url, &message).await {
        Ok(()) => tracing::info!("answered the shortcut"),
        Err(error) => tracing::warn!(%error, "could not answer the shortcut"),
    }
}
