//! Web API calls made after the acknowledgement, retried like `response_url` replies:
//! rate limits wait for `Retry-After` (capped), outages back off, anything else is final.

use std::future::Future;
use std::time::Duration;

use crate::bot::state::AppState;
use crate::config::RetryPolicy;
use crate::slack::api::{ApiError, Token};
use crate::slack::ids::ChannelId;
use crate::slack::message::Message;

/// Runs `call` until it succeeds, fails for good, or the policy's attempts run out.
pub async fn with_retries<T, F, Fut>(policy: &RetryPolicy, mut call: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut attempt = 1;
    loop {
        match call().await {
            Err(error) if error.is_transient() && attempt < policy.attempts => {
                let wait = match &error {
                    ApiError::RateLimited(after) => (*after).min(policy.max_retry_after),
                    _ => backoff(policy, attempt),
                };
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, %error, "Slack call failed; retrying");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    policy
        .base_delay
        .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
}

/// `chat.postMessage` with retries; returns the message's `ts`.
pub async fn post_message(
    state: &AppState,
    token: &Token,
    channel: &ChannelId,
    message: &Message,
    thread_ts: Option<&str>,
) -> Result<String, ApiError> {
    with_retries(&state.config.retry, || {
        state.api.post_message(token, channel, message, thread_ts)
    })
    .await
}
