//! An answer as a plain value: its topic, who sees it, and its parts in order (title, headed
//! sections, the talk track, related topics, sources, notes and buttons as intents). The
//! guidance decides what an answer says; the renderers decide how it looks: Block Kit in
//! `slack::render`, terminal text in `cli::render`, HTML in `playground::html`.
//!
//! Text in parts is mrkdwn, the markup the packs are written in; anything someone typed has
//! been escaped with [`crate::text::escape`] before it got here.

use super::actions::{Action, Intent, Subject};
use crate::ids::UserId;

/// Who sees the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Only the person who asked (an ephemeral reply).
    OnlyAsker,
    /// Everyone in the channel, posted on the asker's behalf (`share`).
    Channel,
    /// Posted into a conversation everyone there already sees (a thread, a DM, a nudge).
    Posted,
}

/// A related topic, offered under an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedTopic {
    pub id: String,
    pub title: String,
}

/// One part of an answer, in the order it is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Who shared a pack into the channel, and with which command.
    SharedBy {
        user: UserId,
        topic: String,
    },
    Title(String),
    /// The one-line summary of a pack: the terminal shows it, Slack only in notifications.
    Summary(String),
    /// A part of a pack in the pack's own text, under an optional heading.
    Section {
        heading: Option<String>,
        text: String,
    },
    /// What to say: the pack's script.
    TalkTrack(String),
    /// Text written for this answer.
    Text(String),
    /// Small print under the answer.
    Note(String),
    /// Citations of the articles the answer is based on.
    Sources(Vec<String>),
    Divider,
    /// Related topics, each a button that shows it.
    Related(Vec<RelatedTopic>),
    /// A row of buttons; `group` names the row (a Block Kit `block_id`).
    Buttons {
        group: String,
        intents: Vec<Intent>,
    },
    /// "Did this help?" about `Subject`: the answer's last part (Slack's native 👍/👎).
    Feedback(Subject),
}

impl Part {
    /// The mrkdwn a text-bearing part shows; `None` for titles, dividers and button rows.
    pub fn mrkdwn(&self) -> Option<String> {
        Some(match self {
            Part::SharedBy { user, topic } => {
                format!(":speech_balloon: Shared by <@{user}> with `/mops share {topic}`")
            }
            Part::Section {
                heading: Some(heading),
                text,
            } => format!("*{heading}*\n{}", bullets(text)),
            Part::Section {
                heading: None,
                text,
            } => bullets(text),
            Part::TalkTrack(text) => format!("*What to say*\n{}", bullets(text)),
            Part::Text(text) | Part::Note(text) => text.clone(),
            Part::Sources(cites) => format!(":books: Based on: {}", cites.join("; ")),
            Part::Title(_)
            | Part::Summary(_)
            | Part::Divider
            | Part::Related(_)
            | Part::Buttons { .. }
            | Part::Feedback(_) => return None,
        })
    }

    /// Whether the part is small print (Slack's context blocks) rather than body text.
    pub fn is_note(&self) -> bool {
        matches!(
            self,
            Part::SharedBy { .. } | Part::Note(_) | Part::Sources(_)
        )
    }
}

/// Pack text uses `- ` bullets; they read better as dots.
fn bullets(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("- ") {
            Some(rest) => format!("• {rest}"),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An answer, ready for any renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The topic answered, or `None` (help, the topic list, "not sure", notes).
    pub topic: Option<String>,
    pub visibility: Visibility,
    /// The whole answer in one line: notifications and screen readers get this.
    pub summary: String,
    pub parts: Vec<Part>,
    /// Whether the answer takes the place of the message that was clicked; `None` leaves it
    /// to the surface.
    pub replaces: Option<bool>,
    /// The matcher was not sure, or answered with low confidence: a question content owners
    /// may want to see (`MOPS_RECORD_UNMATCHED`).
    pub uncertain: bool,
}

impl Answer {
    pub fn new(summary: impl Into<String>, visibility: Visibility, parts: Vec<Part>) -> Self {
        Self {
            topic: None,
            visibility,
            summary: summary.into(),
            parts,
            replaces: None,
            uncertain: false,
        }
    }

    /// A one-paragraph answer only the asker sees: confirmations and corrections.
    pub fn short(text: impl Into<String>) -> Self {
        let text = text.into();
        Self::new(text.clone(), Visibility::OnlyAsker, vec![Part::Text(text)])
    }

    pub fn about(mut self, topic: impl Into<String>) -> Self {
        self.topic = Some(topic.into());
        self
    }

    /// Marks the answer as one the matcher was unsure of.
    pub fn uncertain(mut self, uncertain: bool) -> Self {
        self.uncertain = uncertain;
        self
    }

    /// Posted for everyone in the channel to see.
    pub fn in_channel(mut self) -> Self {
        self.visibility = Visibility::Channel;
        self
    }

    pub fn private(mut self) -> Self {
        self.visibility = Visibility::OnlyAsker;
        self
    }

    /// The answer as posted in a thread or DM: everyone there already sees it, so it drops
    /// the "Share to channel" button (and a row left empty by that).
    pub fn in_conversation(mut self) -> Self {
        for part in &mut self.parts {
            if let Part::Buttons { intents, .. } = part {
                intents.retain(|i| !matches!(i.action, Action::ShareAnswer(_)));
            }
        }
        self.parts
            .retain(|p| !matches!(p, Part::Buttons { intents, .. } if intents.is_empty()));
        self.visibility = Visibility::Posted;
        self
    }

    /// Every button the answer offers, in order (related topics included).
    pub fn intents(&self) -> Vec<Intent> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                Part::Related(topics) => out.extend(related_intents(topics)),
                Part::Buttons { intents, .. } => out.extend(intents.iter().cloned()),
                _ => {}
            }
        }
        out
    }
}

/// Related topics as buttons, numbered so their ids stay unique within one row.
pub fn related_intents(topics: &[RelatedTopic]) -> Vec<Intent> {
    topics
        .iter()
        .enumerate()
        .map(|(n, t)| super::actions::related(n + 1, &t.title, &t.id))
        .collect()
}
