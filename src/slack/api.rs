//! A thin Slack Web API client: `POST {base}/{method}` with a bearer token, `ok` checked,
//! `Retry-After` surfaced, and typed helpers for the methods the bot calls.

mod methods;

use std::time::Duration;

use reqwest::StatusCode;

use serde_json::Value;
use url::Url;

use super::response_url::retry_after;
use crate::telemetry::metrics;

pub use crate::crypto::Token;

/// Why a Web API call failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("rate limited; retry after {0:?}")]
    RateLimited(Duration),
    #[error("Slack answered `{0}`")]
    Slack(String),
    #[error("Slack answered HTTP {0}")]
    Status(StatusCode),
    /// The request went out (or may have) but no answer came back: a timeout, or the
    /// connection dropped after sending. Slack may have acted on it.
    #[error("no answer from Slack ({0})")]
    Transport(&'static str),
    /// No connection was made, so nothing reached Slack.
    #[error("could not reach Slack ({0})")]
    Unreachable(&'static str),
    #[error("Slack's answer was not the JSON expected")]
    Decode,
}

impl ApiError {
    /// The `error` string of an `ok:false` answer, if that is what this is.
    pub fn slack_error(&self) -> Option<&str> {
        match self {
            ApiError::Slack(e) => Some(e),
            _ => None,
        }
    }

    /// Worth trying again later: timeouts, connection failures, 5xx and Slack's own outages.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::RateLimited(_) | ApiError::Transport(_) | ApiError::Unreachable(_) => true,
            ApiError::Status(s) => s.is_server_error(),
            ApiError::Slack(e) => matches!(
                e.as_str(),
                "internal_error"
                    | "fatal_error"
                    | "service_unavailable"
                    | "request_timeout"
                    | "ratelimited"
            ),
            ApiError::Decode => false,
        }
    }

    /// Whether Slack may have acted on the request even though it failed: no answer after
    /// sending, a 5xx, an unreadable answer, or an `ok:false` that names Slack's own trouble
    /// rather than a refusal. Only the other failures prove a message was not posted.
    pub fn may_have_arrived(&self) -> bool {
        match self {
            ApiError::Transport(_) | ApiError::Decode => true,
            ApiError::Status(s) => s.is_server_error(),
            ApiError::Slack(e) => matches!(
                e.as_str(),
                "internal_error" | "fatal_error" | "service_unavailable" | "request_timeout"
            ),
            ApiError::RateLimited(_) | ApiError::Unreachable(_) => false,
        }
    }
}

/// The Web API at a base URL (Slack's, or a fake one in tests).
#[derive(Debug, Clone)]
pub struct SlackApi {
    http: reqwest::Client,
    base: Url,
    timeout: Duration,
}

impl SlackApi {
    pub fn new(http: reqwest::Client, base: Url) -> Self {
        Self {
            http,
            base,
            timeout: Duration::from_secs(10),
        }
    }

    /// How long one call may take before it counts as unanswered (default 10 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    fn method_url(&self, method: &str) -> String {
        format!("{}/{method}", self.base.as_str().trim_end_matches('/'))
    }

    /// Calls `method` with a JSON body; `Ok` only when Slack answered `"ok": true`.
    pub async fn call(&self, token: &Token, method: &str, body: &Value) -> Result<Value, ApiError> {
        let req = self
            .http
            .post(self.method_url(method))
            .bearer_auth(token.expose())
            .json(body);
        self.finish(method, req).await
    }

    /// Calls `method` with form arguments: Slack's read methods (`users.info`,
    /// `conversations.info`) do not take JSON bodies.
    pub async fn call_form(
        &self,
        token: &Token,
        method: &str,
        form: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        let req = self
            .http
            .post(self.method_url(method))
            .bearer_auth(token.expose())
            .form(form);
        self.finish(method, req).await
    }

    /// Calls `method` with form arguments and HTTP Basic auth (as `oauth.v2.access` wants).
    pub async fn call_basic(
        &self,
        method: &str,
        user: &str,
        password: &str,
        form: &[(&str, &str)],
    ) -> Result<Value, ApiError> {
        let req = self
            .http
            .post(self.method_url(method))
            .basic_auth(user, Some(password))
            .form(form);
        self.finish(method, req).await
    }

    /// Sends `req`, counting the call in `mops_slack_api_calls_total` by how it ended.
    async fn finish(&self, method: &str, req: reqwest::RequestBuilder) -> Result<Value, ApiError> {
        let result = self.answer(req).await;
        metrics::slack_call(method, outcome_label(&result));
        result
    }

    async fn answer(&self, req: reqwest::RequestBuilder) -> Result<Value, ApiError> {
        let resp = req.timeout(self.timeout).send().await.map_err(|e| {
            // A refused or failed connection sent nothing; anything later may have arrived.
            if e.is_connect() || e.is_builder() {
                ApiError::Unreachable("connection failed")
            } else if e.is_timeout() {
                ApiError::Transport("timed out")
            } else {
                ApiError::Transport("connection lost")
            }
        })?;
        let status = resp.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(ApiError::RateLimited(
                retry_after(resp.headers()).unwrap_or(Duration::from_secs(1)),
            ));
        }
        if !status.is_success() {
            return Err(ApiError::Status(status));
        }
        let value: Value = resp.json().await.map_err(|e| {
            if e.is_timeout() {
                ApiError::Transport("timed out")
            } else {
                ApiError::Decode
            }
        })?;
        if value.get("ok").and_then(Value::as_bool) == Some(true) {
            Ok(value)
        } else {
            let error = value
                .get("error")
                .and_then(Value::as_str)
                .unwrap_or("unknown_error");
            Err(ApiError::Slack(error.to_owned()))
        }
    }
}

/// The `outcome` label of a finished call.
fn outcome_label<T>(result: &Result<T, ApiError>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(ApiError::RateLimited(_)) => "rate_limited",
        Err(ApiError::Slack(_)) => "slack_error",
        Err(ApiError::Status(_)) => "http_error",
        Err(ApiError::Transport(_)) => "no_answer",
        Err(ApiError::Unreachable(_)) => "unreachable",
        Err(ApiError::Decode) => "bad_response",
    }
}

#[cfg(test)]
mod tests;
