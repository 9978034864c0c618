//! One constructor per button the bot draws, so labels and styles are chosen in one place.

use super::{Action, HELPFUL, Intent, NOT_HELPFUL, Subject};
use crate::ids::ChannelId;

/// "Share to channel", for private answers.
pub fn share_button(topic: &str) -> Intent {
    Intent {
        primary: true,
        ..Intent::new("Share to channel", Action::ShareAnswer(topic.to_owned()))
    }
}

/// One related topic, labelled with its title; `n` keeps ids unique within a block.
pub fn related(n: usize, title: &str, topic: &str) -> Intent {
    Intent {
        slot: Some(n),
        ..Intent::new(title, Action::RelatedTopic(topic.to_owned()))
    }
}

pub fn more_button(topic: &str) -> Intent {
    Intent::new("Tell me more", Action::MoreTopic(topic.to_owned()))
}

/// The values of the native feedback buttons for `subject`: (👍, 👎).
pub fn feedback_values(subject: &Subject) -> (String, String) {
    let subject = subject.value();
    (
        format!("{HELPFUL}:{subject}"),
        format!("{NOT_HELPFUL}:{subject}"),
    )
}

/// The pair of feedback buttons for `subject`, for surfaces without Slack's native ones (the
/// playground).
pub fn feedback_buttons(subject: &Subject) -> [Intent; 2] {
    let vote = |helpful| Action::Feedback {
        subject: subject.clone(),
        helpful,
    };
    [
        Intent::new(":+1: Helpful", vote(true)),
        Intent::new(":-1: Not helpful", vote(false)),
    ]
}

/// A topic on the Home tab.
pub fn home_topic_button(topic: &str) -> Intent {
    Intent::new("Show me", Action::HomeTopic(topic.to_owned()))
}

/// "Tell me more" on a weekly nudge: the pack the nudge links to.
pub fn nudge_more_button(topic: &str) -> Intent {
    Intent::new("Tell me more", Action::NudgeMore(topic.to_owned()))
}

/// "Change schedule" for a channel's nudges: opens the settings modal.
pub fn change_schedule_button(channel: &ChannelId) -> Intent {
    Intent::new("Change schedule", Action::NudgeSettings(channel.clone()))
}

/// "Pause nudges" on a weekly nudge.
pub fn nudge_pause_button(channel: &ChannelId) -> Intent {
    Intent::new("Pause nudges", Action::NudgePause(channel.clone()))
}

/// "Prepare this conversation" under an answer with a talk track.
pub fn prep_button(topic: &str) -> Intent {
    Intent::new(
        "Prepare this conversation",
        Action::PrepOpen(topic.to_owned()),
    )
}

/// "Delete everything" under `/mops log clear`, carrying the newest entry when asked.
pub fn worklog_clear_button(up_to: i64) -> Intent {
    Intent::new("Delete everything", Action::WorklogClear(up_to))
}
