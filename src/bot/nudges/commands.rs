//! `/mops nudge …`: subscribe a channel (or, with `me`, yourself by DM), change or pause the
//! schedule, and report on it. `pause` is public so the `nudge_pause` button runs the same
//! code as the command, and `set_schedule` / `switch_off` so the settings modal saves exactly
//! as `on …` and `off` do. Every reply about personal nudges is private.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::join::ensure_can_post;
use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::nudges::message::explain_reason;
use crate::nudges::parse::{Correction, NudgeCommand, parse};
use crate::nudges::schedule::{MIN_GAP, Schedule};
use crate::nudges::scope::Scope;
use crate::slack::command::SlashCommand;
use crate::store::subscriptions::{self, NewSubscription, Status, Subscription};
use crate::store::{StoreError, ledger};

pub use super::pause::pause;
use super::pause::resume;

pub(super) const TRY_AGAIN: &str =
    "Something went wrong on my side and nothing changed. Please try again in a minute.";

/// Where a nudge command was given, and by whom.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub team: &'a TeamId,
    /// The workspace's enterprise, if any (org-wide installs are found through it).
    pub enterprise: Option<&'a TeamId>,
    pub channel: &'a ChannelId,
    pub user: &'a UserId,
}

impl<'a> Place<'a> {
    pub fn of(command: &'a SlashCommand) -> Self {
        Self {
            team: &command.team_id,
            enterprise: command.enterprise_id.as_ref(),
            channel: &command.channel_id,
            user: &command.user_id,
        }
    }
}

/// Answers `/mops nudge {rest}` in `command`'s channel, or `/mops nudge me {rest}` for the
/// person who typed it.
pub async fn handle(state: &AppState, command: &SlashCommand, rest: &str) -> Answer {
    let (scope, rest) = Scope::of_command(rest);
    let parsed = match parse(rest) {
        Ok(parsed) => parsed,
        Err(Correction(text)) => return Answer::short(text),
    };
    let (team, user) = (&command.team_id, &command.user_id);
    let Some(target) = scope.target(&command.channel_id, user) else {
        return Answer::short(TRY_AGAIN);
    };
    let place = Place {
        channel: &target,
        ..Place::of(command)
    };
    let result = match parsed {
        NudgeCommand::On {
            weekday,
            minute_of_day,
            zone,
        } => turn_on(state, &place, weekday, minute_of_day, zone).await,
        NudgeCommand::Off => turn_off(state, team, &target, user).await,
        NudgeCommand::Pause { weeks } => Ok(pause(state, team, &target, user, weeks).await),
        NudgeCommand::Resume => resume(state, team, &target).await,
        NudgeCommand::Status => super::status::status(state, team, &target).await,
        NudgeCommand::Preview => super::status::preview(state, team, &target).await,
        // The Slack layer opens the modal; only a caller without a trigger gets here.
        NudgeCommand::Help | NudgeCommand::Settings => Ok(crate::guidance::help::nudges()),
    };
    let answer = result.unwrap_or_else(|error| {
        tracing::error!(%error, "nudge command failed");
        Answer::short(TRY_AGAIN)
    });
    match scope {
        Scope::Channel => answer,
        Scope::Personal => answer.private(),
    }
}

/// " (set by <@user>)" in a channel, where others read along; nothing in a DM.
pub(super) fn by(target: &ChannelId, verb: &str, user: &UserId) -> String {
    match Scope::of_target(target) {
        Scope::Channel => format!(" ({verb} <@{user}>)"),
        Scope::Personal => String::new(),
    }
}

/// A form names its target in data a crafted payload can change: a person's own nudges are
/// only ever set by that person.
fn someone_elses(place: &Place<'_>) -> Option<Answer> {
    let personal = Scope::of_target(place.channel) == Scope::Personal;
    (personal && place.channel.as_str() != place.user.as_str()).then(|| {
        tracing::warn!("refused a change to another person's own nudges");
        Answer::short("Nothing changed: only the person they are for can change their own nudges.")
    })
}

/// Turns `place`'s nudges on with `schedule`, exactly as `/mops nudge on <day> <time> <zone>`.
pub async fn set_schedule(state: &AppState, place: &Place<'_>, schedule: Schedule) -> Answer {
    if let Some(refusal) = someone_elses(place) {
        return refusal;
    }
    let Schedule {
        weekday,
        minute_of_day,
        tz,
    } = schedule;
    turn_on(state, place, Some(weekday), Some(minute_of_day), Some(tz))
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "saving the nudge schedule failed");
            Answer::short(TRY_AGAIN)
        })
}

/// Turns `place`'s nudges off, exactly as `/mops nudge off`.
pub async fn switch_off(state: &AppState, place: &Place<'_>) -> Answer {
    if let Some(refusal) = someone_elses(place) {
        return refusal;
    }
    turn_off(state, place.team, place.channel, place.user)
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "turning nudges off failed");
            Answer::short(TRY_AGAIN)
        })
}

async fn turn_on(
    state: &AppState,
    place: &Place<'_>,
    weekday: Option<Weekday>,
    minute_of_day: Option<u16>,
    zone: Option<TimeZone>,
) -> Result<Answer, StoreError> {
    let (team, channel) = (place.team, place.channel);
    let scope = Scope::of_target(channel);
    let Some(token) = state.token_for_request(team, place.enterprise).await else {
        return Ok(Answer::short(explain_reason("not_installed")));
    };
    // A person's DM with the bot needs no joining.
    if scope == Scope::Channel
        && let Err(refusal) = ensure_can_post(state, &token, channel).await
    {
        return Ok(refusal);
    }
    let (tz, zone_note) = match zone {
        Some(tz) => (tz, ""),
        None => match state.api.user_time_zone(&token, place.user).await {
            Ok(Some(name)) => match TimeZone::get(&name) {
                Ok(tz) => (tz, " (your Slack time zone)"),
                Err(_) => (TimeZone::UTC, " (I couldn't use your Slack time zone)"),
            },
            _ => (TimeZone::UTC, " (I couldn't read your Slack time zone)"),
        },
    };
    let mut schedule = Schedule::default_in(tz);
    schedule.weekday = weekday.unwrap_or(schedule.weekday);
    schedule.minute_of_day = minute_of_day.unwrap_or(schedule.minute_of_day);
    let now = state.clock.now();
    let existing = subscriptions::get(&state.db, team, channel).await?;
    let next = first_open_slot(state, existing.as_ref(), &schedule, now).await?;
    subscriptions::upsert(
        &state.db,
        &NewSubscription {
            team,
            channel,
            weekday: schedule.weekday_number(),
            minute_of_day: i64::from(schedule.minute_of_day),
            time_zone: schedule.zone_name(),
            next_slot: next,
            created_by: place.user,
        },
        now,
    )
    .await?;
    let verb = if existing.is_some() { "updated" } else { "on" };
    let c = scope.command();
    Ok(Answer::short(format!(
        ":seedling: Weekly nudges are {verb} for {}{}: every {}{zone_note}.\n\
         The next one arrives *{}*. `{c} preview` shows it; `{c} status` shows the schedule; \
         `{c} off` stops them.",
        scope.whom(),
        by(channel, "set by", place.user),
        schedule.describe(),
        schedule.local(next)
    ))
    .in_channel())
}

/// The first slot from `now` whose week has no delivery yet, [`MIN_GAP`] or more after the
/// last nudge: a new day, time or zone never brings a second post that week, nor one a day
/// after the last (Sunday, then Monday).
async fn first_open_slot(
    state: &AppState,
    existing: Option<&Subscription>,
    schedule: &Schedule,
    now: Timestamp,
) -> Result<Timestamp, StoreError> {
    let mut slot = schedule.first_at_or_after(now);
    if let Some(sub) = existing {
        let last = ledger::last_posted(&state.db, sub.id).await?;
        let earliest = last.and_then(|at| at.checked_add(MIN_GAP).ok());
        while earliest.is_some_and(|e| slot < e)
            || ledger::find(&state.db, sub.id, &schedule.week_of(slot))
                .await?
                .is_some()
        {
            slot = schedule.first_after(slot);
        }
    }
    Ok(slot)
}

async fn turn_off(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
    user: &UserId,
) -> Result<Answer, StoreError> {
    let scope = Scope::of_target(channel);
    let (whom, c) = (scope.whom(), scope.command());
    match subscriptions::get(&state.db, team, channel).await? {
        Some(sub) if sub.status != Status::Off => {
            subscriptions::turn_off(&state.db, sub.id, state.clock.now()).await?;
            Ok(Answer::short(format!(
                "Weekly nudges are off for {whom}{}. `{c} on` brings them back, without \
                 repeating what you've already had.",
                by(channel, "turned off by", user)
            ))
            .in_channel())
        }
        _ => Ok(Answer::short(format!(
            "Weekly nudges are already off for {whom}. `{c} on` turns them on."
        ))),
    }
}

/// The next slot that will actually be delivered: a due slot past the grace period is
/// skipped, and so are paused ones when `honour_pause`.
pub(crate) fn upcoming(
    state: &AppState,
    sub: &Subscription,
    schedule: &Schedule,
    now: Timestamp,
    honour_pause: bool,
) -> Timestamp {
    let grace = SignedDuration::try_from(state.config.nudges.grace).unwrap_or_default();
    let mut slot = sub.next_slot;
    if now.checked_sub(grace).is_ok_and(|oldest| slot < oldest) {
        slot = schedule.first_at_or_after(now);
    }
    if honour_pause {
        while sub.paused_until.is_some_and(|until| slot < until) {
            slot = schedule.first_after(slot);
        }
    }
    slot
}
