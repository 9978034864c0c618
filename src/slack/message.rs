//! A message as the bot sends it: through `response_url`, `chat.postMessage` or the CLI.

use serde::Serialize;

use super::blocks::Block;

/// Who sees a reply sent through `response_url`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseType {
    Ephemeral,
    InChannel,
}

/// A Block Kit message with its plain-text fallback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// Shown in notifications and read by screen readers; always set.
    pub text: String,
    pub blocks: Vec<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_type: Option<ResponseType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replace_original: Option<bool>,
}

impl Message {
    pub fn new(text: impl Into<String>, blocks: Vec<Block>) -> Self {
        Self {
            text: text.into(),
            blocks,
            response_type: None,
            replace_original: None,
        }
    }

    pub fn ephemeral(mut self) -> Self {
        self.response_type = Some(ResponseType::Ephemeral);
        self
    }

    pub fn in_channel(mut self) -> Self {
        self.response_type = Some(ResponseType::InChannel);
        self
    }

    /// A one-section message, for short confirmations and corrections.
    pub fn short(text: impl Into<String>) -> Self {
        let text = text.into();
        Self::new(text.clone(), vec![Block::section(text)]).ephemeral()
    }
}
