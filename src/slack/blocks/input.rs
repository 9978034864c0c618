//! The Block Kit pieces modals are made of: `input` blocks and the elements they hold
//! (selects, a time picker, text inputs, radio buttons), and the native feedback buttons that
//! end every answer (`context_actions` holding `feedback_buttons`).

use serde::Serialize;

use super::Text;

pub const MAX_LABEL: usize = 2000;
pub const MAX_OPTIONS: usize = 100;
pub const MAX_OPTION_TEXT: usize = 75;
pub const MAX_OPTION_VALUE: usize = 150;
pub const MAX_PLACEHOLDER: usize = 150;
pub const MAX_CONTEXT_ACTIONS: usize = 5;

/// One choice in a select or a group of radio buttons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub text: Text,
    pub value: String,
}

impl Choice {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            text: Text::plain(label),
            value: value.into(),
        }
    }
}

/// What an `input` block asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InputElement {
    StaticSelect {
        action_id: String,
        options: Vec<Choice>,
        #[serde(skip_serializing_if = "Option::is_none")]
        initial_option: Option<Choice>,
    },
    /// A time as `HH:mm`.
    Timepicker {
        action_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        initial_time: Option<String>,
    },
    PlainTextInput {
        action_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        initial_value: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        placeholder: Option<Text>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        multiline: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    RadioButtons {
        action_id: String,
        options: Vec<Choice>,
        #[serde(skip_serializing_if = "Option::is_none")]
        initial_option: Option<Choice>,
    },
}

impl InputElement {
    pub fn action_id(&self) -> &str {
        match self {
            InputElement::StaticSelect { action_id, .. }
            | InputElement::Timepicker { action_id, .. }
            | InputElement::PlainTextInput { action_id, .. }
            | InputElement::RadioButtons { action_id, .. } => action_id,
        }
    }

    /// The choices offered, for selects and radio buttons.
    pub fn choices(&self) -> &[Choice] {
        match self {
            InputElement::StaticSelect { options, .. }
            | InputElement::RadioButtons { options, .. } => options,
            _ => &[],
        }
    }

    /// A text input holding `initial` (which may be empty).
    pub fn text(action_id: &str, initial: Option<String>, placeholder: &str) -> Self {
        InputElement::PlainTextInput {
            action_id: action_id.to_owned(),
            initial_value: initial.filter(|v| !v.is_empty()),
            placeholder: Some(Text::plain(placeholder)),
            multiline: false,
            max_length: None,
        }
    }
}

/// An `input` block: a labelled field in a modal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    pub block_id: String,
    pub label: Text,
    pub element: InputElement,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

impl Input {
    /// A required field; its `block_id` is the element's `action_id`, so a submission's
    /// value and an error message both name the field the same way.
    pub fn new(label: &str, element: InputElement) -> Self {
        Self {
            block_id: element.action_id().to_owned(),
            label: Text::plain(label),
            element,
            optional: false,
            hint: None,
        }
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(Text::plain(hint));
        self
    }
}

/// One side of a pair of feedback buttons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedbackButton {
    pub text: Text,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessibility_label: Option<String>,
}

/// An element of a `context_actions` block.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContextAction {
    /// Slack's native 👍/👎: a click arrives as one action whose value is the side clicked.
    FeedbackButtons {
        action_id: String,
        positive_button: FeedbackButton,
        negative_button: FeedbackButton,
    },
}
