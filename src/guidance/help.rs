//! Every help text in one place: `/mops help` (what the bot does and how to ask), `/mops
//! nudge help` and `/mops log help`, so they stay consistent with each other and with the
//! commands the grammar accepts.

use super::answer::{Answer, Part, Visibility};
use super::library::Library;

/// Said under everything the work log shows.
pub const LOG_PRIVATE: &str = ":lock: Only you can see your work log.";

/// What the bot does and how to ask.
pub fn general(library: &Library) -> Answer {
    let topics: Vec<String> = library
        .packs()
        .iter()
        .map(|p| format!("`{}`", p.id))
        .collect();
    let parts = vec![
        Part::Title("mops-bot: guidance for marketing ops people".into()),
        Part::Text(
            "Tell me what's going on at work and I'll answer with what is happening, what to do, \
             and *what to say* to your manager, CMO or hiring team. Only you see my answers unless you share them."
                .into(),
        ),
        Part::Text(
            "*How to ask*\n\
             • `/mops advice burnout`: advice on a topic\n\
             • `/mops everyone dumps work on me`: just describe it in your own words\n\
             • `/mops share scope creep`: post the answer to this channel for your team\n\
             • `/mops more burnout`: the deeper material on a topic\n\
             • `/mops topics`: every topic with a one-line summary\n\
             • `/mops nudge on`: one practical nudge in this channel every week (`/mops nudge status` to see it)"
                .into(),
        ),
        Part::Text(
            "*Just for you*\n\
             • `/mops log 3h salesforce admin for sales`: a private work log; `/mops log summary` \
             turns it into numbers for the conversation (`/mops log help` for more)\n\
             • `/mops nudge me on friday 9am`: your own weekly nudge by DM, in your Slack time zone\n\
             • `/mops prep burnout`: a form that drafts the talk track for that \
             conversation, sent to you by DM"
                .into(),
        ),
        Part::Text(format!("*Topics*\n{}", topics.join("  "))),
        Part::Note(
            "Guidance is drawn from published articles on marketing operations careers; each answer names its source."
                .into(),
        ),
    ];
    Answer::new(
        "mops-bot: how to ask for advice",
        Visibility::OnlyAsker,
        parts,
    )
}

/// `/mops nudge` with nothing after it, or `help`.
pub fn nudges() -> Answer {
    Answer::short(
        "*Weekly nudges*: one short, practical nudge in this channel every week.\n\
         • `/mops nudge on`: every Monday at 09:00 in your Slack time zone\n\
         • `/mops nudge on thu 8:30am Europe/Berlin`: choose the day, time and time zone\n\
         • `/mops nudge pause 2 weeks` · `/mops nudge resume` · `/mops nudge off`\n\
         • `/mops nudge status`: the schedule and the next delivery\n\
         • `/mops nudge preview`: see the next nudge (only you)\n\
         • `/mops nudge me on friday 9am`: your own weekly nudge by DM, in your Slack time zone, \
         including nudges about your own career that never go to a channel; `/mops nudge me \
         status`, `pause`, `resume` and `off` work the same",
    )
}

/// `/mops log help`.
pub fn worklog() -> Answer {
    Answer::short(format!(
        "*Your private work log*: note what takes your time, then turn it into numbers for the \
         conversation with your manager, CMO or CFO.\n\
         • `/mops log 3h salesforce admin for sales` · `/mops log 45m fixed the webinar sync` \
         (`2h`, `90m`, `1.5 hours` and `1h30` all work)\n\
         • `/mops log`: this week · `/mops log summary 8`: totals for 8 weeks, ready to paste\n\
         • `/mops log undo` · `/mops log export` (CSV by DM) · `/mops log clear`\n{LOG_PRIVATE}"
    ))
}
