//! A thin Slack Web API client: `POST {base}/{method}` with a bearer token, `ok` checked,
//! `Retry-After` surfaced, and typed helpers for the methods the bot calls.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use url::Url;

use super::ids::{ChannelId, UserId};
use super::message::Message;
use super::response_url::retry_after;
use crate::telemetry::metrics;

/// A bot (`xoxb-`) or app-level (`xapp-`) token. Never printed.
#[derive(Clone)]
pub struct Token(SecretString);

impl Token {
    pub fn new(raw: impl Into<String>) -> Self {
        Self(SecretString::from(raw.into()))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<SecretString> for Token {
    fn from(s: SecretString) -> Self {
        Self(s)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([REDACTED])")
    }
}

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

    /// `chat.postMessage`; returns the message's `ts`.
    pub async fn post_message(
        &self,
        token: &Token,
        channel: &ChannelId,
        message: &Message,
        thread_ts: Option<&str>,
    ) -> Result<String, ApiError> {
        let mut body = json!({
            "channel": channel,
            "text": message.text,
            "blocks": message.blocks,
            "unfurl_links": false,
        });
        if let Some(ts) = thread_ts {
            body["thread_ts"] = json!(ts);
        }
        let v = self.call(token, "chat.postMessage", &body).await?;
        Ok(v.get("ts")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned())
    }

    /// `chat.postMessage` carrying message metadata (`{"event_type", "event_payload"}`), so
    /// the message can be recognised later in the channel's history; returns its `ts`.
    pub async fn post_message_with_metadata(
        &self,
        token: &Token,
        channel: &ChannelId,
        message: &Message,
        metadata: &Value,
    ) -> Result<String, ApiError> {
        let body = json!({
            "channel": channel,
            "text": message.text,
            "blocks": message.blocks,
            "unfurl_links": false,
            "metadata": metadata,
        });
        let v = self.call(token, "chat.postMessage", &body).await?;
        Ok(v.get("ts")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned())
    }

    /// `chat.postEphemeral`: only `user` sees it.
    pub async fn post_ephemeral(
        &self,
        token: &Token,
        channel: &ChannelId,
        user: &UserId,
        message: &Message,
    ) -> Result<(), ApiError> {
        let body = json!({ "channel": channel, "user": user, "text": message.text, "blocks": message.blocks });
        self.call(token, "chat.postEphemeral", &body)
            .await
            .map(drop)
    }

    /// `users.info`; returns the user's IANA time zone if Slack knows it.
    pub async fn user_time_zone(
        &self,
        token: &Token,
        user: &UserId,
    ) -> Result<Option<String>, ApiError> {
        let v = self
            .call_form(token, "users.info", &[("user", user.as_str())])
            .await?;
        Ok(v.pointer("/user/tz")
            .and_then(Value::as_str)
            .map(str::to_owned))
    }

    /// `conversations.join`.
    pub async fn join(&self, token: &Token, channel: &ChannelId) -> Result<(), ApiError> {
        self.call(token, "conversations.join", &json!({ "channel": channel }))
            .await
            .map(drop)
    }

    /// Whether the bot is a member of `channel` (`conversations.info`).
    pub async fn is_member(&self, token: &Token, channel: &ChannelId) -> Result<bool, ApiError> {
        let v = self
            .call_form(
                token,
                "conversations.info",
                &[("channel", channel.as_str())],
            )
            .await?;
        Ok(v.pointer("/channel/is_member").and_then(Value::as_bool) == Some(true))
    }

    /// `views.publish` of a Home tab.
    pub async fn publish_home(
        &self,
        token: &Token,
        user: &UserId,
        view: &Value,
    ) -> Result<(), ApiError> {
        self.call(
            token,
            "views.publish",
            &json!({ "user_id": user, "view": view }),
        )
        .await
        .map(drop)
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
mod tests {
    use super::*;

    #[test]
    fn tokens_never_show_in_debug() {
        let t = Token::new("xoxb-123-secret");
        assert_eq!(format!("{t:?}"), "Token([REDACTED])");
        let e = ApiError::Slack("invalid_auth".into());
        assert!(!e.to_string().contains("xoxb"));
    }

    #[test]
    fn transient_errors_are_told_apart() {
        assert!(ApiError::Status(StatusCode::BAD_GATEWAY).is_transient());
        assert!(ApiError::Slack("internal_error".into()).is_transient());
        assert!(!ApiError::Slack("channel_not_found".into()).is_transient());
        assert!(!ApiError::Status(StatusCode::BAD_REQUEST).is_transient());
    }

    #[test]
    fn only_answers_that_prove_a_refusal_rule_out_delivery() {
        for maybe in [
            ApiError::Transport("timed out"),
            ApiError::Status(StatusCode::BAD_GATEWAY),
            ApiError::Decode,
            ApiError::Slack("internal_error".into()),
            ApiError::Slack("fatal_error".into()),
            ApiError::Slack("request_timeout".into()),
        ] {
            assert!(maybe.may_have_arrived(), "{maybe:?}");
        }
        for refused in [
            ApiError::Unreachable("connection failed"),
            ApiError::RateLimited(Duration::from_secs(1)),
            ApiError::Slack("not_in_channel".into()),
            ApiError::Slack("invalid_auth".into()),
            ApiError::Slack("channel_not_found".into()),
            ApiError::Slack("is_archived".into()),
            ApiError::Status(StatusCode::BAD_REQUEST),
        ] {
            assert!(!refused.may_have_arrived(), "{refused:?}");
        }
    }
}
