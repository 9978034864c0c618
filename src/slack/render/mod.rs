//! Block Kit renderers: the guidance's [`Answer`] as a Slack [`Message`], its intents as
//! buttons, and the check that every answer a library can give fits Slack's limits.

pub mod cache;
pub mod check;
pub mod home;

use crate::guidance::actions::{self, Intent, Subject};
use crate::guidance::answer::{Answer, Part, Visibility, related_intents};
use crate::slack::blocks::{
    Block, ButtonStyle, ContextAction, Element, FeedbackButton, MAX_BUTTON_TEXT, Text, truncate,
};
use crate::slack::message::{Message, ResponseType};

/// `answer` as a Block Kit message with its plain-text fallback.
pub fn message(answer: &Answer) -> Message {
    let blocks = answer.parts.iter().filter_map(block).collect();
    let mut message = Message::new(answer.summary.clone(), blocks);
    message.response_type = match answer.visibility {
        Visibility::OnlyAsker => Some(ResponseType::Ephemeral),
        Visibility::Channel => Some(ResponseType::InChannel),
        Visibility::Posted => None,
    };
    message.replace_original = answer.replaces;
    message
}

/// One part as one block; the summary shows only in the fallback text.
fn block(part: &Part) -> Option<Block> {
    Some(match part {
        Part::Title(title) => Block::header(title),
        Part::Summary(_) => return None,
        Part::Divider => Block::divider(),
        Part::Related(topics) => Block::actions(
            "related",
            related_intents(topics).iter().map(button).collect(),
        ),
        Part::Buttons { group, intents } => {
            Block::actions(group.clone(), intents.iter().map(button).collect())
        }
        Part::Feedback(subject) => feedback(subject),
        text => {
            let mrkdwn = text.mrkdwn()?;
            if text.is_note() {
                Block::context(mrkdwn)
            } else {
                Block::section(mrkdwn)
            }
        }
    })
}

/// Slack's native 👍/👎 under an answer; the clicked side's value says which vote it is.
fn feedback(subject: &Subject) -> Block {
    let (up, down) = actions::feedback_values(subject);
    let side = |label: &str, value: String, spoken: &str| FeedbackButton {
        text: Text::plain(label),
        value,
        accessibility_label: Some(spoken.to_owned()),
    };
    Block::ContextActions {
        elements: vec![ContextAction::FeedbackButtons {
            action_id: actions::FEEDBACK.to_owned(),
            positive_button: side("Helpful", up, "This answer was helpful"),
            negative_button: side("Not helpful", down, "This answer was not helpful"),
        }],
    }
}

/// An intent as a Block Kit button.
pub fn button(intent: &Intent) -> Element {
    let element = Element::button(
        truncate(&intent.label, MAX_BUTTON_TEXT),
        intent.action_id(),
        intent.value(),
    );
    if intent.primary {
        element.styled(ButtonStyle::Primary)
    } else {
        element
    }
}
