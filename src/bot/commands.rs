//! Slash commands: answered in the background through `response_url`.

use tokio::time::Instant;
use tracing::Instrument;

use super::work::{Admission, Slot};

use crate::bot::nudges::commands::Place;
use crate::guidance::grammar::{self, Request};
use crate::nudges;
use crate::nudges::parse::NudgeCommand;
use crate::slack::render;

use super::modals::nudge_settings;
use crate::bot::state::AppState;
use crate::slack::command::SlashCommand;
use crate::slack::message::Message;
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
            let url = &command.response_url;
            let sent = match reply_to(&state, &command).await {
                Some(Outgoing::Shared(body)) => state.responder.send_json(url, body).await,
                Some(Outgoing::Own(message)) => state.responder.send(url, &message).await,
                None => {
                    metrics::reply(ReplyOutcome::Delivered);
                    tracing::info!("opened a modal");
                    return;
                }
            };
            match sent {
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

/// A reply ready to go: one encoded once and shared by everyone given it, or its own.
#[derive(Debug)]
pub enum Outgoing {
    Shared(bytes::Bytes),
    Own(Message),
}

/// Works out the reply to `command`; `None` when the answer is a modal, already open.
pub async fn reply_to(state: &AppState, command: &SlashCommand) -> Option<Outgoing> {
    let request = grammar::parse(&command.text);
    if state.config.log_message_text {
        tracing::debug!(text = %command.text.as_str(), "command text (MOPS_LOG_MESSAGE_TEXT is on)");
    }
    // The nudge, work-log and prep commands go to the database and Slack's API, and their
    // futures are several kilobytes: boxed, so that the future of every reply (moved a few
    // times as it is spawned) stays small. Under a burst, copying it was 3 % of the CPU.
    match &request {
        Request::Nudge(rest) => {
            if nudges::parse::parse(rest) == Ok(NudgeCommand::Settings) {
                return Box::pin(settings(state, command)).await.map(Outgoing::Own);
            }
            let answer = Box::pin(crate::bot::nudges::commands::handle(state, command, rest)).await;
            return Some(Outgoing::Own(render::message(&answer)));
        }
        Request::Log(rest) => {
            let answer = Box::pin(super::worklog::handle(state, command, rest)).await;
            return Some(Outgoing::Own(render::message(&answer)));
        }
        Request::Prep(rest) => {
            let answer = Box::pin(super::modals::prep::command(state, command, rest)).await;
            return answer.map(|a| Outgoing::Own(render::message(&a)));
        }
        _ => {}
    }
    if let Some((key, body)) = super::answer::shared(state, &request).await {
        answered(state, command, &request, Some(key.topic()));
        return Some(Outgoing::Shared(body));
    }
    let counted = request.clone();
    let reply = super::answer::answer(state, request, command.user_id.clone()).await;
    answered(state, command, &counted, reply.topic.as_deref());
    Some(Outgoing::Own(render::message(&reply)))
}

/// Counts the answer and notes its topic for the asker's Home tab ("recent answers").
fn answered(state: &AppState, command: &SlashCommand, request: &Request, topic: Option<&str>) {
    count_answer(request, topic);
    if let Some(topic) = topic {
        tracing::Span::current().record("topic", topic);
        super::home::remember(state, &command.team_id, &command.user_id, topic);
    }
}

/// `/mops nudge settings`: the settings modal, or why it could not open.
async fn settings(state: &AppState, command: &SlashCommand) -> Option<Message> {
    let place = Place::of(command);
    let problem = match command.trigger_id.as_deref() {
        Some(trigger) => match nudge_settings::open(state, &place, trigger).await {
            Ok(()) => return None,
            Err(problem) => problem,
        },
        None => "Slack sent no trigger to open it with".to_owned(),
    };
    Some(Message::short(format!(
        "I couldn't open the nudge settings: {problem}. You can type the schedule instead: \
         `/mops nudge on thursday 8:30am Europe/Berlin`, or `/mops nudge off`."
    )))
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
