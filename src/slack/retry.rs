//! How calls to Slack after the acknowledgement are retried (replies to `response_url`, Web
//! API calls, nudges, Socket Mode reconnects): the policy and the waits every retry loop
//! follows, and the loop for Web API calls ([`with_retries`]). Only what proves nothing was
//! done is retried; see [`ApiError::is_transient`].

use std::future::Future;
use std::time::Duration;

use rand::Rng;

use super::api::ApiError;

/// How replies to `response_url` are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base_delay: Duration,
    /// The longest `Retry-After` we are willing to wait before a retry.
    pub max_retry_after: Duration,
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base_delay: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1` after an outage: the base delay, doubled for
    /// each attempt already made.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
    }
}

/// Runs `call` (one that may safely be repeated, such as publishing a view) until it
/// succeeds, fails for good, or the policy's attempts run out.
pub async fn with_retries<T, F, Fut>(policy: &RetryPolicy, call: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    retry_while(policy, call, ApiError::is_transient).await
}

/// Runs `call` (one that must not be repeated once Slack may have acted on it: posting a
/// message) again only after a failure that proves nothing was done: no connection, or a
/// rate limit. A timeout, a 5xx or Slack's own trouble ends it: a second post could be a
/// duplicate, and Slack offers no idempotency key to ask.
pub async fn with_safe_retries<T, F, Fut>(policy: &RetryPolicy, call: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    retry_while(policy, call, |e| e.is_transient() && !e.may_have_arrived()).await
}

async fn retry_while<T, F, Fut>(
    policy: &RetryPolicy,
    mut call: F,
    retry: impl Fn(&ApiError) -> bool,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut attempt = 1;
    loop {
        match call().await {
            Err(error) if retry(&error) && attempt < policy.attempts => {
                let wait = match &error {
                    ApiError::RateLimited(after) => (*after).min(policy.max_retry_after),
                    _ => policy.backoff(attempt),
                };
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, %error, "Slack call failed; retrying");
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            result => return result,
        }
    }
}

/// The wait after `failures` failures in a row: doubling from `base` up to `cap`, with "equal
/// jitter" (between half and all of it) so many bots do not retry in step.
pub fn jittered(base: Duration, cap: Duration, failures: u32) -> Duration {
    let doubled = base.saturating_mul(1u32 << failures.min(16)).min(cap);
    doubled / 2 + jitter(doubled / 2)
}

/// A random wait from zero to `up_to`.
pub fn jitter(up_to: Duration) -> Duration {
    let millis = u64::try_from(up_to.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(rand::thread_rng().gen_range(0..=millis))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn outages_back_off_by_doubling() {
        let p = RetryPolicy::default();
        let waits: Vec<u128> = (1..=4).map(|a| p.backoff(a).as_millis()).collect();
        assert_eq!(waits, [500, 1000, 2000, 4000]);
    }

    #[tokio::test]
    async fn transient_failures_are_retried_up_to_the_attempts_and_final_ones_never() {
        let calls = AtomicU32::new(0);
        let outage = with_retries(&policy(), || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<(), _>(ApiError::Slack("internal_error".into()))
        })
        .await;
        assert!(outage.is_err());
        assert_eq!(calls.swap(0, Ordering::SeqCst), policy().attempts);

        let refused = with_retries(&policy(), || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<(), _>(ApiError::Slack("channel_not_found".into()))
        })
        .await;
        assert!(refused.is_err());
        assert_eq!(calls.swap(0, Ordering::SeqCst), 1, "a refusal is final");

        let recovered = with_retries(&policy(), || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 => Err(ApiError::Transport("timed out")),
                _ => Ok("ts"),
            }
        })
        .await;
        assert_eq!(recovered.expect("second try"), "ts");
    }

    #[test]
    fn jittered_waits_stay_between_half_and_all_of_the_capped_doubling() {
        let (base, cap) = (Duration::from_millis(100), Duration::from_millis(1000));
        for failures in 0..20 {
            let full = base.saturating_mul(1u32 << failures.min(16)).min(cap);
            let wait = jittered(base, cap, failures);
            assert!(wait >= full / 2 && wait <= full, "{failures}: {wait:?}");
        }
    }
}
