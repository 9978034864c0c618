//! The Home tab's "Just for you" part: the person's own weekly nudge by DM and their work
//! log over the last four weeks. Only ever published to that person's own Home tab.

use crate::bot::nudges::commands::upcoming;
use crate::bot::state::AppState;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::nudges::schedule::schedule_of;
use crate::slack::render::home::Mine;
use crate::store::subscriptions::{self, Status};
use crate::store::worklog::Owner;
use crate::worklog::hours;

/// The weeks of work log the Home tab sums up.
const LOG_WEEKS: u32 = 4;

/// Reads `user`'s own subscription and work log; what cannot be read is said plainly.
pub async fn read(state: &AppState, team: &TeamId, user: &UserId) -> Mine {
    Mine {
        nudge: nudge_line(state, team, user).await,
        log: log_line(state, team, user).await,
    }
}

async fn nudge_line(state: &AppState, team: &TeamId, user: &UserId) -> String {
    let start = "*Your weekly nudge*: not set up. `/mops nudge me on friday 9am` sends you one by \
                 DM every week, in your Slack time zone.";
    // A personal subscription's target is the person's own id (see `nudges::scope`).
    let Ok(target) = ChannelId::parse(user.as_str()) else {
        return start.to_owned();
    };
    let sub = match subscriptions::get(&state.db, team, &target).await {
        Ok(Some(sub)) => sub,
        Ok(None) => return start.to_owned(),
        Err(error) => {
            tracing::warn!(%error, "could not read the person's nudge subscription");
            return "*Your weekly nudge*: I couldn't read it just now; `/mops nudge me status` \
                    shows it."
                .to_owned();
        }
    };
    let Some(schedule) = schedule_of(&sub) else {
        return "*Your weekly nudge*: its time zone needs setting again with `/mops nudge me on`."
            .to_owned();
    };
    let now = state.clock.now();
    match sub.status {
        Status::Active => {
            let paused = match sub.paused_until.filter(|u| *u > now) {
                Some(until) => format!(" Paused until {}.", schedule.local(until)),
                None => String::new(),
            };
            format!(
                "*Your weekly nudge*: every {}, by DM.{paused} Next: *{}*. \
                 `/mops nudge me pause` · `/mops nudge me off`",
                schedule.describe(),
                schedule.local(upcoming(state, &sub, &schedule, now, true))
            )
        }
        Status::Off | Status::Inactive => format!(
            "*Your weekly nudge*: off (it was every {}). `/mops nudge me on` brings it back.",
            schedule.describe()
        ),
    }
}

async fn log_line(state: &AppState, team: &TeamId, user: &UserId) -> String {
    let owner = Owner { team, user };
    match crate::bot::worklog::summary_for(state, owner, LOG_WEEKS).await {
        Ok(s) if s.total == 0 => "*Your work log*: nothing in the last 4 weeks. \
             `/mops log 3h salesforce admin for sales` adds an entry; only you can see it."
            .to_owned(),
        Ok(s) => format!(
            "*Your work log, last 4 weeks*: {} over {} entries, {}% of it asked for by teams \
             outside the role. `/mops log summary 4` for the whole picture; only you can see it.",
            hours(s.total),
            s.entries,
            s.percent(s.outside)
        ),
        Err(error) => {
            tracing::warn!(%error, "could not read the person's work log for Home");
            "*Your work log*: I couldn't read it just now; `/mops log summary` shows it.".to_owned()
        }
    }
}
