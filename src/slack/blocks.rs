//! Block Kit: the typed subset of blocks the bot sends, and Slack's size limits for them.

use serde::Serialize;

pub use crate::text::{escape, truncate};

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

    /// The characters of text this block shows.
    fn text_len(&self) -> usize {
        match self {
            Block::Header { text } => chars(text.as_str()),
            Block::Section { text, .. } => chars(text.as_str()),
            Block::Divider {} => 0,
            Block::Context { elements } => elements.iter().map(|t| chars(t.as_str())).sum(),
            Block::Actions { .. } => 0,
        }
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Lists every way `blocks` break Slack's limits for a surface holding at most `max_blocks`.
pub fn limit_violations(blocks: &[Block], max_blocks: usize) -> Vec<String> {
    let mut out = Vec::new();
    if blocks.len() > max_blocks {
        out.push(format!(
            "{} blocks, the limit is {max_blocks}",
            blocks.len()
        ));
    }
    let total: usize = blocks.iter().map(Block::text_len).sum();
    if max_blocks == MAX_MESSAGE_BLOCKS && total > MAX_MESSAGE_BLOCK_TEXT {
        out.push(format!(
            "{total} characters of block text, the limit is {MAX_MESSAGE_BLOCK_TEXT}"
        ));
    }
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Header { text } => {
                check_len(&mut out, i, "header", text.as_str(), 1, MAX_HEADER_TEXT);
                if !matches!(text, Text::Plain { .. }) {
                    out.push(format!("block {i}: header text must be plain_text"));
                }
            }
            Block::Section { text, accessory } => {
                check_len(&mut out, i, "section", text.as_str(), 1, MAX_SECTION_TEXT);
                if let Some(el) = accessory {
                    check_element(&mut out, i, el);
                }
            }
            Block::Divider {} => {}
            Block::Context { elements } => {
                if elements.is_empty() || elements.len() > MAX_CONTEXT_ELEMENTS {
                    out.push(format!(
                        "block {i}: context has {} elements",
                        elements.len()
                    ));
                }
                for t in elements {
                    check_len(&mut out, i, "context", t.as_str(), 1, MAX_SECTION_TEXT);
                }
            }
            Block::Actions { block_id, elements } => {
                if elements.is_empty() || elements.len() > MAX_ACTIONS_ELEMENTS {
                    out.push(format!(
                        "block {i}: actions has {} elements",
                        elements.len()
                    ));
                }
                if let Some(id) = block_id {
                    check_len(&mut out, i, "block_id", id, 1, MAX_ID);
                }
                let mut seen = std::collections::HashSet::new();
                for el in elements {
                    let Element::Button { action_id, .. } = el;
                    if !seen.insert(action_id) {
                        out.push(format!("block {i}: action_id {action_id} repeats"));
                    }
                    check_element(&mut out, i, el);
                }
            }
        }
    }
    out
}

fn check_element(out: &mut Vec<String>, i: usize, el: &Element) {
    let Element::Button {
        text,
        action_id,
        value,
        ..
    } = el;
    check_len(out, i, "button text", text.as_str(), 1, MAX_BUTTON_TEXT);
    check_len(out, i, "action_id", action_id, 1, MAX_ID);
    if let Some(v) = value {
        check_len(out, i, "button value", v, 1, MAX_BUTTON_VALUE);
    }
}

fn check_len(out: &mut Vec<String>, i: usize, what: &str, text: &str, min: usize, max: usize) {
    let n = chars(text);
    if n < min || n > max {
        out.push(format!(
            "block {i}: {what} has {n} characters, allowed {min} to {max}"
        ));
    }
}

#[cfg(test)]
mod tests;
