//! The buttons the bot puts on its messages and Home tab, as intents: what a click asks for
//! (an [`Action`]), its label, and the stable action id and value it travels as, so every
//! renderer (Block Kit, the playground's HTML) sends the same click back to be parsed.
//!
//! | action id | value | on | effect |
//! |---|---|---|---|
//! | `share_answer` | `<topic-id>` | private answers | posts the answer in the channel, "shared by" the clicker |
//! | `related_topic` | `<topic-id>` | answers | shows that related pack (replacing a private answer) |
//! | `more_topic` | `<topic-id>` | answers | the pack's deeper material, only to the clicker |
//! | `feedback` (native `feedback_buttons`) | `helpful:<subject>` / `not_helpful:<subject>`, subject `topic:<topic-id>` or `nudge:<nudge-id>` | the end of every answer and nudge | stores the vote, thanks the clicker |
//! | `feedback_helpful` / `feedback_not_helpful` | `<subject>` | messages sent before the native buttons, the playground | the same vote |
//! | `home_topic` | `<topic-id>` | Home tab | the pack by DM |
//! | `nudge_more` | `<topic-id>` | weekly nudges | the linked pack, only to the clicker |
//! | `nudge_pause` | `<channel-id>` | weekly nudges | pauses that channel's nudges (as `/mops nudge pause`) |
//! | `nudge_settings` | `<channel-id>` | nudge status, Home tab | opens the channel's nudge settings modal |
//! | `prep_open` | `<topic-id>` | answers with a talk track | opens the talk-track builder for that topic |
//! | `worklog_clear` | `<newest entry id>` | `/mops log clear` | deletes the clicker's own log up to that entry |
//!
//! Slack wants action ids unique within a block, so several buttons of one kind in one block
//! (the related topics) carry a `#<n>` suffix: the part before `#` names the action. Every
//! value is an id of at most 40 characters, far inside Slack's 2,000.

mod buttons;

pub use buttons::*;

use super::pack::valid_id;
use crate::ids::ChannelId;
use crate::text::truncate;

pub const SHARE_ANSWER: &str = "share_answer";
pub const RELATED_TOPIC: &str = "related_topic";
pub const MORE_TOPIC: &str = "more_topic";
/// Slack's native 👍/👎 (`feedback_buttons`): one action id, the side in the value.
pub const FEEDBACK: &str = "feedback";
pub const FEEDBACK_HELPFUL: &str = "feedback_helpful";
pub const FEEDBACK_NOT_HELPFUL: &str = "feedback_not_helpful";
pub const HOME_TOPIC: &str = "home_topic";
pub const NUDGE_MORE: &str = "nudge_more";
pub const NUDGE_PAUSE: &str = "nudge_pause";
pub const NUDGE_SETTINGS: &str = "nudge_settings";
pub const WORKLOG_CLEAR: &str = "worklog_clear";
pub const PREP_OPEN: &str = "prep_open";

/// What a feedback vote is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Topic(String),
    Nudge(String),
}

impl Subject {
    /// The button value: `topic:<id>` or `nudge:<id>`.
    pub fn value(&self) -> String {
        match self {
            Subject::Topic(id) => format!("topic:{id}"),
            Subject::Nudge(id) => format!("nudge:{id}"),
        }
    }

    fn parse(value: &str) -> Option<Self> {
        let (kind, id) = value.split_once(':')?;
        if !valid_id(id) {
            return None;
        }
        match kind {
            "topic" => Some(Subject::Topic(id.to_owned())),
            "nudge" => Some(Subject::Nudge(id.to_owned())),
            _ => None,
        }
    }
}

/// A button click the bot understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    ShareAnswer(String),
    RelatedTopic(String),
    MoreTopic(String),
    Feedback {
        subject: Subject,
        helpful: bool,
    },
    HomeTopic(String),
    NudgeMore(String),
    NudgePause(ChannelId),
    NudgeSettings(ChannelId),
    /// Clear the clicker's work log up to this entry id.
    WorklogClear(i64),
    /// Open the talk-track builder for this topic.
    PrepOpen(String),
}

/// Why a click could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("unknown action id {0:?}")]
    Unknown(String),
    #[error("action {action} has an invalid value {value:?}")]
    BadValue { action: &'static str, value: String },
}

impl Action {
    /// Reads a click from its `action_id` and `value`.
    pub fn parse(action_id: &str, value: Option<&str>) -> Result<Self, ActionError> {
        let name = action_id
            .split_once('#')
            .map_or(action_id, |(name, _)| name);
        let value = value.unwrap_or_default();
        let (action, check): (&'static str, fn(&str) -> Option<Action>) = match name {
            SHARE_ANSWER => (SHARE_ANSWER, |v| topic(v).map(Action::ShareAnswer)),
            RELATED_TOPIC => (RELATED_TOPIC, |v| topic(v).map(Action::RelatedTopic)),
            MORE_TOPIC => (MORE_TOPIC, |v| topic(v).map(Action::MoreTopic)),
            HOME_TOPIC => (HOME_TOPIC, |v| topic(v).map(Action::HomeTopic)),
            NUDGE_MORE => (NUDGE_MORE, |v| topic(v).map(Action::NudgeMore)),
            PREP_OPEN => (PREP_OPEN, |v| topic(v).map(Action::PrepOpen)),
            NUDGE_PAUSE => (NUDGE_PAUSE, |v| {
                ChannelId::parse(v).ok().map(Action::NudgePause)
            }),
            NUDGE_SETTINGS => (NUDGE_SETTINGS, |v| {
                ChannelId::parse(v).ok().map(Action::NudgeSettings)
            }),
            WORKLOG_CLEAR => (WORKLOG_CLEAR, |v| {
                v.parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map(Action::WorklogClear)
            }),
            FEEDBACK => (FEEDBACK, |v| {
                let (side, subject) = v.split_once(':')?;
                let helpful = match side {
                    HELPFUL => true,
                    NOT_HELPFUL => false,
                    _ => return None,
                };
                Subject::parse(subject).map(|subject| Action::Feedback { subject, helpful })
            }),
            FEEDBACK_HELPFUL => (FEEDBACK_HELPFUL, |v| {
                Subject::parse(v).map(|subject| Action::Feedback {
                    subject,
                    helpful: true,
                })
            }),
            FEEDBACK_NOT_HELPFUL => (FEEDBACK_NOT_HELPFUL, |v| {
                Subject::parse(v).map(|subject| Action::Feedback {
                    subject,
                    helpful: false,
                })
            }),
            _ => return Err(ActionError::Unknown(truncate(action_id, 80))),
        };
        check(value).ok_or_else(|| ActionError::BadValue {
            action,
            value: truncate(value, 80),
        })
    }
}

fn topic(value: &str) -> Option<String> {
    valid_id(value).then(|| value.to_owned())
}

/// A button as the domain sees it: what clicking it asks for, and how it is labelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intent {
    pub action: Action,
    pub label: String,
    /// The one button a person most likely wants (shown highlighted).
    pub primary: bool,
    /// Numbers buttons of one kind in one row, so their action ids stay unique.
    pub slot: Option<usize>,
}

impl Intent {
    fn new(label: &str, action: Action) -> Self {
        Self {
            action,
            label: label.to_owned(),
            primary: false,
            slot: None,
        }
    }

    /// The action id the click comes back with: the action's name, `#<slot>` if numbered.
    pub fn action_id(&self) -> String {
        let name = self.action.name();
        match self.slot {
            Some(n) => format!("{name}#{n}"),
            None => name.to_owned(),
        }
    }

    /// The value the click comes back with.
    pub fn value(&self) -> String {
        self.action.value()
    }
}

impl Action {
    /// The action id naming this kind of click.
    pub fn name(&self) -> &'static str {
        match self {
            Action::ShareAnswer(_) => SHARE_ANSWER,
            Action::RelatedTopic(_) => RELATED_TOPIC,
            Action::MoreTopic(_) => MORE_TOPIC,
            Action::Feedback { helpful: true, .. } => FEEDBACK_HELPFUL,
            Action::Feedback { helpful: false, .. } => FEEDBACK_NOT_HELPFUL,
            Action::HomeTopic(_) => HOME_TOPIC,
            Action::NudgeMore(_) => NUDGE_MORE,
            Action::NudgePause(_) => NUDGE_PAUSE,
            Action::NudgeSettings(_) => NUDGE_SETTINGS,
            Action::WorklogClear(_) => WORKLOG_CLEAR,
            Action::PrepOpen(_) => PREP_OPEN,
        }
    }

    /// The value that carries this click's subject.
    pub fn value(&self) -> String {
        match self {
            Action::ShareAnswer(topic)
            | Action::RelatedTopic(topic)
            | Action::MoreTopic(topic)
            | Action::HomeTopic(topic)
            | Action::NudgeMore(topic)
            | Action::PrepOpen(topic) => topic.clone(),
            Action::Feedback { subject, .. } => subject.value(),
            Action::NudgePause(channel) | Action::NudgeSettings(channel) => {
                channel.as_str().to_owned()
            }
            Action::WorklogClear(up_to) => up_to.to_string(),
        }
    }
}

/// How a feedback value starts: the vote, then `:` and its subject.
const HELPFUL: &str = "helpful";
const NOT_HELPFUL: &str = "not_helpful";

#[cfg(test)]
mod tests;
