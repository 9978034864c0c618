//! Short replies for conversations and button clicks: confirmations, pointers and apologies.

use super::answer::{Answer, Part};
use crate::text::{escape, truncate};

/// Nudges are set per channel by slash command; a mention or DM cannot say which channel.
pub fn nudge_pointer(rest: &str) -> Answer {
    let rest = rest.trim();
    let example = if rest.is_empty() {
        "/mops nudge on".to_owned()
    } else {
        format!("/mops nudge {}", truncate(&escape(rest), 100))
    };
    Answer::short(format!(
        "Weekly nudges are set up per channel, so I need to hear it in the channel itself: type \
         `{example}` there. `/mops nudge status` shows the schedule, `/mops nudge pause` \
         takes a break and `/mops nudge off` stops them."
    ))
}

/// The work log is private, so it is kept to `/mops log`, whose answers only the author sees;
/// a line in a thread or DM is never stored.
pub fn log_pointer() -> Answer {
    Answer::short(
        "Your work log is private, so I only take entries through the slash command, where \
         only you see my answers: `/mops log 3h salesforce admin for sales`. `/mops log help` \
         shows the rest. I didn't store anything from this message.",
    )
}

/// How to ask in a thread or DM; added under the help message there.
pub fn conversation_hint() -> Part {
    Part::Note(
        "Here you can skip `/mops`: just type `advice burnout`, `topics`, `more metrics`, or \
         describe what's going on."
            .into(),
    )
}

/// The thank-you for a feedback click.
pub fn feedback_thanks(helpful: bool) -> Answer {
    Answer::short(if helpful {
        ":pray: Thanks, glad it helped. Your vote helps the people who write these answers."
    } else {
        ":pray: Thanks for saying so. Your vote tells the people who write these answers what \
         to improve; `/mops topics` lists everything else I cover."
    })
}

/// A button named a topic the library no longer has (an old message after a content change).
pub fn topic_gone() -> Answer {
    Answer::short("That topic is no longer in my library. `/mops topics` shows what I cover today.")
}

/// The acknowledgement when every reply slot stays busy: the question was not taken.
pub fn busy() -> Answer {
    Answer::short(
        ":hourglass_flowing_sand: Lots of questions right now, so I couldn't take yours. \
         Please try again in a minute.",
    )
}

/// [`busy`] for a click: shown beside the clicked message, never in place of it.
pub fn busy_click() -> Answer {
    let mut answer = busy();
    answer.replaces = Some(false);
    answer
}

/// A "Pause nudges" click that did not come from the channel's own nudge.
pub fn pause_refused() -> Answer {
    Answer::short(
        "Nothing changed: the pause button works on a channel's weekly nudge. \
         In the channel, `/mops nudge pause` does the same.",
    )
}
