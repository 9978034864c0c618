//! The App Home tab: what the bot does, every topic with a button, how nudges work, the
//! person's recent answers, and what is theirs alone (their own weekly nudge and work log,
//! see `mine`). Published on every visit and after a topic is sent from it.

pub mod mine;

use std::time::Duration;

use serde::Serialize;

use self::mine::Mine;
use super::bookkeeping::Record;
use crate::bot::state::AppState;
use crate::guidance::actions;
use crate::guidance::library::Library;
use crate::nudges::scope::Scope;
use crate::slack::blocks::{Block, MAX_SECTION_TEXT, MAX_VIEW_BLOCKS, Text, truncate};
use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::slack::render;
use crate::store;
use crate::store::subscriptions::Status;

/// How long publishing the Home tab waits for recent answers to be written.
const FLUSH_WAIT: Duration = Duration::from_secs(1);

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
            accessory: Some(render::button(&actions::home_topic_button(&pack.id))),
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
            accessory: Some(render::button(&actions::change_schedule_button(&s.channel))),
        });
    }
    blocks
}

/// The channels `user` set nudges up in, with their schedules; none if they cannot be read.
async fn schedules(state: &AppState, team: &TeamId, user: &UserId) -> Vec<ChannelSchedule> {
    let limit = i64::try_from(SCHEDULES_SHOWN).unwrap_or(10);
    let subs = store::subscriptions::set_up_by(&state.db, team, user, limit)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "could not read the person's channels; showing none");
            Vec::new()
        });
    subs.iter()
        // The person's own subscription (by DM) has its own line under "Just for you".
        .filter(|sub| Scope::of_target(&sub.channel) == Scope::Channel)
        .map(|sub| ChannelSchedule {
            channel: sub.channel.clone(),
            shown: match (crate::nudges::schedule::schedule_of(sub), sub.status) {
                (Some(schedule), Status::Active) => format!("every {}", schedule.describe()),
                (Some(schedule), _) => format!("off (was every {})", schedule.describe()),
                (None, _) => "a schedule that needs setting again".to_owned(),
            },
        })
        .collect()
}

/// Publishes the Home tab for `user`, with their recent answers.
pub async fn publish(state: &AppState, team: &TeamId, enterprise: Option<&TeamId>, user: &UserId) {
    let Some(token) = state.token_for_request(team, enterprise).await else {
        tracing::warn!(%team, "no token for this workspace; cannot publish the Home tab");
        return;
    };
    // The answer that led here (a topic sent from Home, a command just answered) should show.
    if !state.bookkeeper.flush(FLUSH_WAIT).await {
        tracing::debug!("recent answers may be a moment behind");
    }
    let limit = i64::try_from(RECENT_SHOWN).unwrap_or(5);
    let recent = store::history::recent(&state.db, team.as_str(), user.as_str(), limit)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "could not read recent answers; showing none");
            Vec::new()
        });
    let schedules = schedules(state, team, user).await;
    let mine = mine::read(state, team, user).await;
    let view = home_view(&state.guide.library, &recent, &schedules, Some(&mine));
    let value = match serde_json::to_value(&view) {
        Ok(v) => v,
        Err(error) => {
            tracing::error!(%error, "could not serialize the Home tab");
            return;
        }
    };
    let result = super::deliver::with_retries(&state.config.retry, || {
        state.api.publish_home(&token, user, &value)
    })
    .await;
    match result {
        Ok(()) => tracing::info!("published the Home tab"),
        Err(error) => tracing::warn!(%error, "could not publish the Home tab"),
    }
}

/// Notes that `user` was answered on `topic`, for their Home tab, without waiting: it is
/// written after the reply, in a batch. Failure only costs history.
pub fn remember(state: &AppState, team: &TeamId, user: &UserId, topic: &str) {
    state.bookkeeper.note(Record::Answered {
        team: team.clone(),
        user: user.clone(),
        topic: topic.to_owned(),
        at: state.clock.now().as_second(),
    });
}
