//! Replies through a slash command's `response_url`: only to Slack (or the configured API
//! host), with bounded retries that stay inside Slack's five-uses-in-thirty-minutes rule.

use std::time::Duration;

use reqwest::StatusCode;
use url::Url;

use super::message::Message;
use super::reply_client::{ReplyClient, Sent};
use super::retry::RetryPolicy;
use crate::telemetry::metrics;

/// Decides which `response_url`s may be followed.
#[derive(Debug, Clone)]
pub struct UrlPolicy {
    api_origin: (String, String, Option<u16>),
}

impl UrlPolicy {
    pub fn new(api_url: &Url) -> Self {
        Self {
            api_origin: (
                api_url.scheme().to_owned(),
                api_url.host_str().unwrap_or_default().to_ascii_lowercase(),
                api_url.port_or_known_default(),
            ),
        }
    }

    /// `https` on slack.com or a subdomain of it, or the same origin as `SLACK_API_URL`.
    pub fn allows(&self, url: &Url) -> bool {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let slack = url.scheme() == "https"
            && url.username().is_empty()
            && (host == "slack.com" || host.ends_with(".slack.com"))
            && url.port().is_none();
        let configured =
            (url.scheme().to_owned(), host, url.port_or_known_default()) == self.api_origin;
        slack || configured
    }
}

/// Why a reply did not arrive.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("response_url is not on Slack or the configured API host")]
    ForeignHost,
    #[error("Slack refused the reply with HTTP {0}")]
    Rejected(StatusCode),
    #[error("gave up after {attempts} attempts: {last}")]
    GaveUp { attempts: u32, last: String },
    /// Slack may have shown the reply (a timeout or reset after sending, a 5xx): it is not
    /// sent again, because a second copy of an answer is worse than a late or missing one.
    #[error("possibly delivered, not sent again: {0}")]
    PossiblyDelivered(&'static str),
    /// The message could not be encoded as JSON; nothing was sent.
    #[error("the reply could not be encoded")]
    Unencodable,
}

impl DeliveryError {
    /// The reply may be on screen even so.
    pub fn possibly_delivered(&self) -> bool {
        matches!(self, DeliveryError::PossiblyDelivered(_))
    }
}

/// Posts messages to `response_url`s.
#[derive(Debug, Clone)]
pub struct Responder {
    http: ReplyClient,
    policy: UrlPolicy,
    retry: RetryPolicy,
}

impl Responder {
    /// `http` is the bot's shared client; replies use it only through a proxy (see
    /// [`ReplyClient`]).
    pub fn new(http: reqwest::Client, api_url: &Url, retry: RetryPolicy) -> Self {
        Self {
            http: ReplyClient::new(http),
            policy: UrlPolicy::new(api_url),
            retry,
        }
    }

    /// Delivers `message`. Only attempts that provably did not reach Slack are retried: a
    /// connection that could not be made (nothing was sent) and 429 (Slack refused it). A
    /// timeout, a connection lost after sending or a 5xx may have been shown, so it ends the
    /// delivery as [`DeliveryError::PossiblyDelivered`] rather than risk a duplicate.
    pub async fn send(&self, url: &Url, message: &Message) -> Result<(), DeliveryError> {
        match serde_json::to_vec(message) {
            Ok(body) => self.send_json(url, bytes::Bytes::from(body)).await,
            Err(_) => Err(DeliveryError::Unencodable),
        }
    }

    /// [`Responder::send`] for a message already encoded as JSON (one rendered once and
    /// reused, see [`crate::slack::render::cache`]).
    pub async fn send_json(&self, url: &Url, body: bytes::Bytes) -> Result<(), DeliveryError> {
        if !self.policy.allows(url) {
            return Err(DeliveryError::ForeignHost);
        }
        let mut last = String::new();
        for attempt in 1..=self.retry.attempts {
            let sent = self
                .http
                .post_json(url, body.clone(), self.retry.timeout)
                .await;
            metrics::slack_call("response_url", outcome_label(&sent));
            let wait = match sent {
                Sent::Answered(status, _) if status.is_success() => return Ok(()),
                Sent::Answered(status, headers) if status == StatusCode::TOO_MANY_REQUESTS => {
                    last = "HTTP 429".to_owned();
                    retry_after(&headers)
                        .unwrap_or_else(|| self.retry.backoff(attempt))
                        .min(self.retry.max_retry_after)
                }
                Sent::Answered(status, _) if status.is_server_error() => {
                    return Err(DeliveryError::PossiblyDelivered(
                        "Slack answered with a 5xx",
                    ));
                }
                Sent::Answered(status, _) => return Err(DeliveryError::Rejected(status)),
                // The connection was never made, so nothing was sent.
                Sent::NotConnected => {
                    last = "could not connect".to_owned();
                    self.retry.backoff(attempt)
                }
                Sent::TimedOut => {
                    return Err(DeliveryError::PossiblyDelivered("no answer in time"));
                }
                Sent::Broken => {
                    return Err(DeliveryError::PossiblyDelivered(
                        "the connection failed after sending",
                    ));
                }
            };
            if attempt < self.retry.attempts {
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, %last, "reply not delivered yet; retrying");
                tokio::time::sleep(wait).await;
            }
        }
        Err(DeliveryError::GaveUp {
            attempts: self.retry.attempts,
            last,
        })
    }
}

/// The `outcome` label of one `response_url` post.
fn outcome_label(sent: &Sent) -> &'static str {
    match sent {
        Sent::Answered(status, _) if status.is_success() => "ok",
        Sent::Answered(status, _) if *status == StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        Sent::Answered(..) => "http_error",
        Sent::NotConnected | Sent::TimedOut | Sent::Broken => "unreachable",
    }
}

/// Reads `Retry-After` in seconds.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(api: &str, target: &str) -> bool {
        let policy = UrlPolicy::new(&Url::parse(api).unwrap());
        policy.allows(&Url::parse(target).unwrap())
    }

    #[test]
    fn slack_hosts_and_the_configured_api_are_allowed() {
        let api = "https://slack.com/api";
        assert!(allows(api, "https://hooks.slack.com/commands/T1/2/3"));
        assert!(allows(api, "https://slack.com/x"));
        assert!(allows(
            "http://127.0.0.1:4000/api",
            "http://127.0.0.1:4000/response/1"
        ));
    }

    #[test]
    fn everything_else_is_refused() {
        let api = "https://slack.com/api";
        for target in [
            "http://hooks.slack.com/commands/1",
            "https://evilslack.com/x",
            "https://slack.com.evil.example/x",
            "https://hooks.slack.com:8443/x",
            "https://user@hooks.slack.com/x",
            "https://169.254.169.254/latest",
        ] {
            assert!(!allows(api, target), "{target}");
        }
        assert!(!allows(
            "http://127.0.0.1:4000/api",
            "http://127.0.0.1:4001/x"
        ));
        assert!(!allows(
            "http://127.0.0.1:4000/api",
            "https://127.0.0.1:4000/x"
        ));
    }
}
