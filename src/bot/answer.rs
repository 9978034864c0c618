//! Answers from the guidance. Matching is CPU work: however it is bounded it must never hold
//! an async worker for long, where it would stall every other request (health checks,
//! acknowledgements Slack needs within 3 s) queued behind it. So a long question is matched
//! on tokio's blocking pool. A short one (most are a few words: `advice burnout`) is matched
//! in place: it costs microseconds, less than the two thread hand-offs the pool would add,
//! and under a burst those hand-offs were a large share of each reply's cost.

use bytes::Bytes;

use super::bookkeeping::Record;
use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::guidance::grammar::{self, Request};
use crate::guidance::{Guide, Reusable};
use crate::slack::ids::UserId;
use crate::store::unmatched;

/// Questions up to this many bytes are matched in place (the matcher is linear in its
/// input; this is a couple of dozen words).
pub const INLINE_LIMIT: usize = 128;

/// The topic `text` is about, or the closest ones, matched off the async workers unless short.
pub async fn topic(state: &AppState, text: &str) -> Result<String, Vec<String>> {
    let text = text.to_owned();
    guided(state, text.len(), move |guide| guide.topic_for(&text))
        .await
        .unwrap_or_else(|| Err(Vec::new()))
        .map(|(topic, _)| topic)
}

/// `state.guide.answer(request, asker)`, off the async workers unless the question is short.
/// With `MOPS_RECORD_UNMATCHED` on, a question the guide was unsure of is noted for content
/// owners: its text only.
pub async fn answer(state: &AppState, request: Request, asker: UserId) -> Answer {
    let len = question_len(&request);
    let question = grammar::question(&request)
        .filter(|_| state.config.record_unmatched)
        .map(unmatched::clip);
    let Some(reply) = guided(state, len, move |guide| guide.answer(&request, &asker)).await else {
        return Answer::short("I'm shutting down; please ask again in a moment.");
    };
    if reply.uncertain {
        note_unsure(state, question);
    }
    reply
}

/// Notes `question` (already clipped, `None` when recording is off) for content owners.
fn note_unsure(state: &AppState, question: Option<String>) {
    if let Some(question) = question.filter(|q| !q.is_empty()) {
        let at = state.clock.now().as_second();
        state.bookkeeper.note(Record::Unmatched { question, at });
    }
}

/// When `request`'s answer is the same for everyone, that answer as Slack JSON, encoded once
/// and shared (see [`crate::slack::render::cache`]), with what it answers. A close call is
/// noted for content owners as [`answer`] would (with `MOPS_RECORD_UNMATCHED` on).
pub async fn shared(state: &AppState, request: &Request) -> Option<(Reusable, Bytes)> {
    if !matches!(request, Request::Advice(_) | Request::More(_)) {
        return None;
    }
    let cache = state.replies.clone();
    let owned = request.clone();
    let len = question_len(request);
    let (key, encoded) = guided(state, len, move |guide| {
        let key = guide.reusable(&owned)?;
        let encoded = cache.get_or_render(key.clone(), || guide.reusable_answer(&key))?;
        Some((key, encoded))
    })
    .await
    .flatten()?;
    if key.uncertain() && state.config.record_unmatched {
        note_unsure(state, grammar::question(request).map(unmatched::clip));
    }
    Some((key, encoded))
}

/// Runs `work` on the guide: in place for a question of `len` bytes up to [`INLINE_LIMIT`],
/// else on the blocking pool. `None` only when the runtime is shutting down.
async fn guided<T: Send + 'static>(
    state: &AppState,
    len: usize,
    work: impl FnOnce(&Guide) -> T + Send + 'static,
) -> Option<T> {
    if len <= INLINE_LIMIT {
        return Some(work(&state.guide));
    }
    let guide = state.guide.clone();
    match tokio::task::spawn_blocking(move || work(&guide)).await {
        Ok(done) => Some(done),
        // The work panicked: carry the panic on, as if it had run here.
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only a runtime shutting down cancels blocking work; nothing is waiting for it.
        Err(_) => None,
    }
}

/// The length of the text the matcher would read.
fn question_len(request: &Request) -> usize {
    grammar::question(request).map_or(0, str::len)
}
