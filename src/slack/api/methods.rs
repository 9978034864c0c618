//! Typed helpers for the Web API methods the bot calls, each one [`SlackApi::call`] with its
//! arguments checked in and its answer read out.

use serde_json::{Value, json};

use super::{ApiError, SlackApi, Token};
use crate::slack::ids::{ChannelId, UserId};
use crate::slack::message::Message;

impl SlackApi {
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
