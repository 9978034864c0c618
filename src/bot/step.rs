//! The Workflow Builder step "Send MOPs guidance" (`functions.send_mops_guidance`): inputs
//! `topic` (a topic id or free text) and `channel`; it posts the matching answer there and
//! completes with `functions.completeSuccess` (outputs `topic`, the topic id, and
//! `message_ts`), or `functions.completeError` saying what went wrong. Every call uses the
//! execution's own `bot_access_token`, as Slack asks.

use serde_json::{Value, json};

use crate::bot::state::AppState;
use crate::guidance::compose::{self, Audience};
use crate::guidance::grammar::Request;
use crate::slack::ids::{ChannelId, UserId};
use crate::slack::render;
pub use crate::slack::step::StepRun;

/// The step's `callback_id`, as in both manifests' `functions`.
pub const CALLBACK_ID: &str = "send_mops_guidance";

/// Carries out the run and completes it, one way or the other.
pub async fn run(state: &AppState, step: StepRun) {
    let done = match post(state, &step).await {
        Ok(outputs) => {
            state
                .api
                .complete_function(&step.token, &step.execution_id, &outputs)
                .await
        }
        Err(problem) => {
            // The problem may quote the topic typed into the workflow: not logged.
            tracing::info!("the step failed; told Workflow Builder why");
            state
                .api
                .fail_function(&step.token, &step.execution_id, &problem)
                .await
        }
    };
    match done {
        Ok(()) => tracing::info!("step completed"),
        Err(error) => tracing::warn!(%error, "could not complete the step"),
    }
}

/// Posts the answer; the step's outputs, or what to tell the workflow's builder.
async fn post(state: &AppState, step: &StepRun) -> Result<Value, String> {
    if step.callback_id != CALLBACK_ID {
        return Err(format!(
            "mops-bot has no step called {}; its step is {CALLBACK_ID}.",
            step.callback_id
        ));
    }
    let Ok(channel) = ChannelId::parse(&step.channel) else {
        return Err("Choose a channel for the guidance to go to.".to_owned());
    };
    let topic = step.topic.trim();
    if topic.is_empty() {
        return Err("Give a topic: a topic id such as burnout, or a few words.".to_owned());
    }
    let library = &state.guide.library;
    let answer = match library.pack(topic) {
        Some(pack) => compose::pack_answer(library, pack, Audience::Private),
        None => {
            // Nobody asked in person: the workflow is the asker.
            let nobody = UserId::parse("U0WORKFLOW").map_err(|e| e.to_string())?;
            super::answer::answer(state, Request::Advice(topic.into()), nobody).await
        }
    };
    let Some(topic_id) = answer.topic.clone() else {
        return Err(format!(
            "No guidance matches \u{201c}{}\u{201d}. Use a topic id such as burnout, strategic \
             or hiring-leader (`/mops topics` lists them all).",
            topic.chars().take(60).collect::<String>()
        ));
    };
    let message = render::message(&answer.in_conversation());
    let ts = super::deliver::post_message(state, &step.token, &channel, &message, None)
        .await
        .map_err(|error| match error.slack_error() {
            Some("channel_not_found") => format!(
                "mops-bot can't find the channel {channel}: it may have been deleted, or be \
                 private without mops-bot in it. Invite @mops-bot or choose another channel."
            ),
            Some("not_in_channel") => format!(
                "mops-bot isn't in {channel}. Invite @mops-bot there (`/invite @mops-bot`) or \
                 choose another channel."
            ),
            Some("is_archived") => format!("The channel {channel} is archived."),
            _ => format!("Slack didn't take the message ({error}). Please try again later."),
        })?;
    Ok(json!({ "topic": topic_id, "message_ts": ts }))
}
