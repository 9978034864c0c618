//! Web API calls made after the acknowledgement, retried like `response_url` replies:
//! rate limits wait for `Retry-After` (capped), outages back off, anything else is final; a
//! message is never posted again after an answer that leaves open whether it arrived.

use crate::bot::state::AppState;
use crate::slack::api::{ApiError, Token};
use crate::slack::ids::ChannelId;
use crate::slack::message::Message;
pub use crate::slack::retry::{with_retries, with_safe_retries};

/// `chat.postMessage`, retried only when nothing can have been posted (see
/// [`with_safe_retries`]); returns the message's `ts`.
pub async fn post_message(
    state: &AppState,
    token: &Token,
    channel: &ChannelId,
    message: &Message,
    thread_ts: Option<&str>,
) -> Result<String, ApiError> {
    with_safe_retries(&state.config.retry, || {
        state.api.post_message(token, channel, message, thread_ts)
    })
    .await
}
