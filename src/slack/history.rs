//! `conversations.history` with message metadata: how the scheduler finds out whether a
//! nudge it could not confirm is in the channel.

use serde_json::Value;

use super::api::{ApiError, SlackApi, Token};
use super::ids::ChannelId;

/// One message of a channel's history, as far as the bot needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryMessage {
    pub ts: String,
    /// `metadata.event_type`, when the message carries metadata.
    pub event_type: Option<String>,
    /// `metadata.event_payload`.
    pub event_payload: Value,
}

/// A page of `conversations.history`, newest first.
#[derive(Debug, Clone, Default)]
pub struct HistoryPage {
    pub messages: Vec<HistoryMessage>,
    /// Where the next (older) page starts, if there is one.
    pub next_cursor: Option<String>,
}

impl SlackApi {
    /// One page of `conversations.history` since `oldest` (a Slack `ts`), with message
    /// metadata (`channels:history` or `groups:history`).
    pub async fn history_page(
        &self,
        token: &Token,
        channel: &ChannelId,
        oldest: &str,
        cursor: Option<&str>,
        limit: u16,
    ) -> Result<HistoryPage, ApiError> {
        let limit = limit.to_string();
        let mut form = vec![
            ("channel", channel.as_str()),
            ("oldest", oldest),
            ("include_all_metadata", "true"),
            ("limit", limit.as_str()),
        ];
        if let Some(cursor) = cursor {
            form.push(("cursor", cursor));
        }
        let v = self
            .call_form(token, "conversations.history", &form)
            .await?;
        let messages = v
            .get("messages")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|m| HistoryMessage {
                        ts: m.get("ts").and_then(Value::as_str).unwrap_or("").to_owned(),
                        event_type: m
                            .pointer("/metadata/event_type")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        event_payload: m
                            .pointer("/metadata/event_payload")
                            .cloned()
                            .unwrap_or(Value::Null),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let has_more = v.get("has_more").and_then(Value::as_bool) == Some(true);
        let next_cursor = v
            .pointer("/response_metadata/next_cursor")
            .and_then(Value::as_str)
            .filter(|c| has_more && !c.is_empty())
            .map(str::to_owned);
        Ok(HistoryPage {
            messages,
            next_cursor,
        })
    }
}
