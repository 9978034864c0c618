//! Answers from the guidance, worked out on tokio's blocking pool: matching is CPU work, and
//! however it is bounded it must never hold an async worker, where it would stall every other
//! request (health checks, acknowledgements Slack needs within 3 s) queued behind it.

use super::bookkeeping::Record;
use crate::guidance::answer::Answer;
use crate::guidance::grammar::{self, Request};
use crate::slack::ids::UserId;
use crate::state::AppState;
use crate::store::unmatched;

/// The topic `text` is about, or the closest ones, matched off the async workers.
pub async fn topic(state: &AppState, text: &str) -> Result<String, Vec<String>> {
    let guide = state.guide.clone();
    let text = text.to_owned();
    match tokio::task::spawn_blocking(move || guide.topic_for(&text)).await {
        Ok(found) => found.map(|(topic, _)| topic),
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(_) => Err(Vec::new()),
    }
}

/// `state.guide.answer(request, asker)`, off the async workers. With `MOPS_RECORD_UNMATCHED`
/// on, a question the guide was unsure of is noted for content owners: its text only.
pub async fn answer(state: &AppState, request: Request, asker: UserId) -> Answer {
    let guide = state.guide.clone();
    let question = grammar::question(&request)
        .filter(|_| state.config.record_unmatched)
        .map(unmatched::clip);
    match tokio::task::spawn_blocking(move || guide.answer(&request, &asker)).await {
        Ok(reply) => {
            if let Some(question) = question.filter(|q| reply.uncertain && !q.is_empty()) {
                let at = state.clock.now().as_second();
                state.bookkeeper.note(Record::Unmatched { question, at });
            }
            reply
        }
        // The answer panicked: carry the panic on, as if it had run here.
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only a runtime shutting down cancels blocking work; nothing is waiting for the answer.
        Err(_) => Answer::short("I'm shutting down; please ask again in a moment."),
    }
}
