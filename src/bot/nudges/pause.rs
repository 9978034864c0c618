//! `/mops nudge pause`, `resume` (and the `nudge_pause` button): skipping a channel's or a
//! person's next weekly slots, and taking the pause back.

use super::commands::{TRY_AGAIN, by, upcoming};
use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::nudges::schedule::Schedule;
use crate::nudges::schedule::schedule_of;
use crate::nudges::scope::Scope;
use crate::store::StoreError;
use crate::store::subscriptions::{self, Status, Subscription};

/// Skips the target's next `weeks` scheduled nudges; the reply says when they return.
/// Shared by `/mops nudge pause` and the `nudge_pause` button.
pub async fn pause(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
    by: &UserId,
    weeks: u32,
) -> Answer {
    match try_pause(state, team, channel, by, weeks).await {
        Ok(message) => message,
        Err(error) => {
            tracing::error!(%error, "pausing nudges failed");
            Answer::short(TRY_AGAIN)
        }
    }
}

async fn try_pause(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
    by: &UserId,
    weeks: u32,
) -> Result<Answer, StoreError> {
    let Some((sub, schedule)) = active(state, team, channel).await? else {
        return Ok(not_subscribed(channel));
    };
    let now = state.clock.now();
    let first = upcoming(state, &sub, &schedule, now, false);
    let mut until = first;
    for _ in 0..weeks.max(1) {
        until = schedule.first_after(until);
    }
    subscriptions::set_paused(&state.db, sub.id, Some(until), now).await?;
    let plural = if weeks == 1 { "" } else { "s" };
    Ok(Answer::short(format!(
        ":double_vertical_bar: Weekly nudges are paused for {weeks} week{plural}{}, starting \
         with {}. They come back *{}*. `{} resume` to undo.",
        self::by(channel, "by", by),
        schedule.local(first),
        schedule.local(until),
        Scope::of_target(channel).command()
    ))
    .in_channel())
}

pub(super) async fn resume(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Answer, StoreError> {
    let Some((sub, schedule)) = active(state, team, channel).await? else {
        return Ok(not_subscribed(channel));
    };
    let now = state.clock.now();
    subscriptions::set_paused(&state.db, sub.id, None, now).await?;
    Ok(Answer::short(format!(
        ":arrow_forward: Weekly nudges are back on. The next one arrives *{}*.",
        schedule.local(upcoming(state, &sub, &schedule, now, false))
    ))
    .in_channel())
}

/// The channel's subscription and schedule, when it is active.
async fn active(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Option<(Subscription, Schedule)>, StoreError> {
    let sub = subscriptions::get(&state.db, team, channel).await?;
    Ok(sub
        .filter(|s| s.status == Status::Active)
        .and_then(|s| Some((schedule_of(&s)?, s)))
        .map(|(schedule, s)| (s, schedule)))
}

fn not_subscribed(target: &ChannelId) -> Answer {
    let scope = Scope::of_target(target);
    Answer::short(format!(
        "{} no weekly nudges running. `{} on` sets them up (Monday 09:00 in your time zone \
         unless you say otherwise).",
        scope.has(),
        scope.command()
    ))
}
