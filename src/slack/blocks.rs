//! Block Kit: the typed subset of blocks the bot sends, and Slack's size limits for them.

use serde::Serialize;

pub use crate::text::{escape, truncate};

mod input;
mod limits;

pub use input::*;
pub use limits::limit_violations;

pub const MAX_MESSAGE_BLOCKS: usize = 50;
pub const MAX_VIEW_BLOCKS: usize = 100;
pub const MAX_SECTION_TEXT: usize = 3000;
pub const MAX_HEADER_TEXT: usize = 150;
pub const MAX_MESSAGE_BLOCK_TEXT: usize = 12_000;
pub const MAX_BUTTON_TEXT: usize = 75;
pub const MAX_BUTTON_VALUE: usize = 2000;
pub const MAX_ID: usize = 255;
pub const MAX_CONTEXT_ELEMENTS: usize = 10;
pub const MAX_ACTIONS_ELEMENTS: usize = 25;

/// A text object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Text {
    #[serde(rename = "plain_text")]
    Plain { text: String, emoji: bool },
    #[serde(rename = "mrkdwn")]
    Mrkdwn { text: String },
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Self {
        Text::Plain {
            text: text.into(),
            emoji: true,
        }
    }

    pub fn mrkdwn(text: impl Into<String>) -> Self {
        Text::Mrkdwn { text: text.into() }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Text::Plain { text, .. } | Text::Mrkdwn { text } => text,
        }
    }
}

/// Button styles Slack knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonStyle {
    Primary,
    Danger,
}

/// An interactive element.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Element {
    Button {
        text: Text,
        action_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        style: Option<ButtonStyle>,
    },
}

impl Element {
    pub fn button(
        label: impl Into<String>,
        action_id: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        Element::Button {
            text: Text::plain(label),
            action_id: action_id.into(),
            value: Some(value.into()),
            style: None,
        }
    }

    pub fn styled(self, style: ButtonStyle) -> Self {
        match self {
            Element::Button {
                text,
                action_id,
                value,
                ..
            } => Element::Button {
                text,
                action_id,
                value,
                style: Some(style),
            },
        }
    }
}

/// A layout block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Header {
        text: Text,
    },
    Section {
        text: Text,
        #[serde(skip_serializing_if = "Option::is_none")]
        accessory: Option<Element>,
    },
    Divider {},
    Context {
        elements: Vec<Text>,
    },
    Actions {
        #[serde(skip_serializing_if = "Option::is_none")]
        block_id: Option<String>,
        elements: Vec<Element>,
    },
    /// A field in a modal.
    Input(Box<Input>),
    /// Actions shown as part of the message's footer: the native feedback buttons.
    ContextActions {
        elements: Vec<ContextAction>,
    },
}

impl Block {
    pub fn header(text: &str) -> Self {
        Block::Header {
            text: Text::plain(truncate(text, MAX_HEADER_TEXT)),
        }
    }

    pub fn section(text: impl Into<String>) -> Self {
        Block::Section {
            text: Text::mrkdwn(text),
            accessory: None,
        }
    }

    pub fn context(text: impl Into<String>) -> Self {
        Block::Context {
            elements: vec![Text::mrkdwn(text)],
        }
    }

    pub fn divider() -> Self {
        Block::Divider {}
    }

    pub fn actions(block_id: impl Into<String>, elements: Vec<Element>) -> Self {
        Block::Actions {
            block_id: Some(block_id.into()),
            elements,
        }
    }

    pub fn input(input: Input) -> Self {
        Block::Input(Box::new(input))
    }
}

#[cfg(test)]
mod tests;
