//! The App Home tab as Block Kit: what the bot does, the person's recent answers, what is
//! theirs alone ("Just for you"), every topic with a button, and how nudges work with the
//! channels they manage. The bot reads the data (`bot::home`); this only lays it out, within
//! Slack's 100 blocks.

use serde::Serialize;

use crate::guidance::actions;
use crate::guidance::library::Library;
use crate::ids::ChannelId;
use crate::slack::blocks::{Block, MAX_SECTION_TEXT, MAX_VIEW_BLOCKS, Text, truncate};

/// How many recent topics the Home tab lists.
pub const RECENT_SHOWN: usize = 5;

/// A Home tab view, serialized as `views.publish` wants it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HomeView {
    #[serde(rename = "type")]
    kind: &'static str,
    pub blocks: Vec<Block>,
}

/// A channel whose nudges the person manages, as the Home tab lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSchedule {
    pub channel: ChannelId,
    /// "every Monday at 09:00 (Europe/Berlin)", "off", …
    pub shown: String,
}

/// How many managed channels the Home tab lists.
pub const SCHEDULES_SHOWN: usize = 10;

/// The Home tab for someone recently answered on `recent` (topic ids, newest first) who
/// manages the nudges of the channels in `schedules`, with their own nudge and work log
/// (`mine`, when read).
pub fn home_view(
    library: &Library,
    recent: &[String],
    schedules: &[ChannelSchedule],
    mine: Option<&Mine>,
) -> HomeView {
    let mut blocks = vec![
        Block::header("mops-bot: career guidance for marketing ops"),
        Block::section(
            "Tell me what's going on at work and I'll answer with what is happening, what to do, \
             and *what to say* to your manager, CMO or hiring team.\n\
             • Send me a DM, or mention me in a thread: `@mops-bot my boss thinks I only push buttons`\n\
             • Or type `/mops` in any channel: `/mops advice burnout`. Only you see those answers \
             unless you share them.",
        ),
        Block::divider(),
        Block::header("Your recent answers"),
    ];
    let recent: Vec<String> = recent
        .iter()
        .filter_map(|id| library.pack(id))
        .take(RECENT_SHOWN)
        .map(|p| format!("• *{}*  `/mops advice {}`", p.title, p.id))
        .collect();
    blocks.push(Block::section(if recent.is_empty() {
        "Nothing yet. Pick a topic below, or just ask me.".to_owned()
    } else {
        recent.join("\n")
    }));
    if let Some(mine) = mine {
        blocks.extend(mine.blocks());
    }
    blocks.push(Block::divider());
    blocks.push(Block::header("Topics"));
    let nudge_blocks = nudge_section(schedules);
    // Leave room for the nudge section and a "more topics" line within Slack's 100 blocks.
    let room = MAX_VIEW_BLOCKS - blocks.len() - nudge_blocks.len() - 1;
    let packs = library.packs();
    for pack in packs.iter().take(room) {
        blocks.push(Block::Section {
            text: Text::mrkdwn(truncate(
                &format!("*{}*\n{}", pack.title, pack.summary),
                MAX_SECTION_TEXT,
            )),
            accessory: Some(super::button(&actions::home_topic_button(&pack.id))),
        });
    }
    if packs.len() > room {
        blocks.push(Block::context(format!(
            "…and {} more: `/mops topics` lists them all.",
            packs.len() - room
        )));
    }
    blocks.extend(nudge_blocks);
    HomeView {
        kind: "home",
        blocks,
    }
}

fn nudge_section(schedules: &[ChannelSchedule]) -> Vec<Block> {
    let mut blocks = vec![
        Block::divider(),
        Block::header("Weekly nudges for your team"),
        Block::section(
            "Once a week I can post one short, practical nudge in a channel: a situation many \
             MOPs people meet, and one thing to do about it that week. Each links to the topic \
             behind it, with *Tell me more* and *Pause nudges* buttons.",
        ),
        Block::section(
            "*Turn them on* by typing in the channel:\n\
             • `/mops nudge on`: Mondays at 09:00 in your time zone\n\
             • `/mops nudge on thursday 8:30am Europe/Berlin`: your own day, time and zone\n\
             • `/mops nudge status`, `/mops nudge preview`, `/mops nudge pause`, \
             `/mops nudge resume`, `/mops nudge off`",
        ),
    ];
    for s in schedules.iter().take(SCHEDULES_SHOWN) {
        blocks.push(Block::Section {
            text: Text::mrkdwn(truncate(
                &format!("*<#{}>*: {}", s.channel, s.shown),
                MAX_SECTION_TEXT,
            )),
            accessory: Some(super::button(&actions::change_schedule_button(&s.channel))),
        });
    }
    blocks
}

/// The person's own nudge and work log, as the Home tab shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mine {
    pub nudge: String,
    pub log: String,
}

impl Mine {
    fn blocks(&self) -> Vec<Block> {
        vec![
            Block::divider(),
            Block::header("Just for you"),
            Block::section(truncate(&self.nudge, MAX_SECTION_TEXT)),
            Block::section(truncate(&self.log, MAX_SECTION_TEXT)),
        ]
    }
}
