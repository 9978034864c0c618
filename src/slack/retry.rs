//! How calls to Slack after the acknowledgement are retried (replies to `response_url`, Web
//! API calls): the policy every retry loop follows.

use std::time::Duration;

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
