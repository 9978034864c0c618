//! `/mops nudge …`: subscribe a channel (or, with `me`, yourself by DM), change or pause the
//! schedule, and report on it. `pause` is public so the `nudge_pause` button runs the same
//! code as the command. Every reply about personal nudges is private.

use jiff::Timestamp;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;

use super::join::ensure_can_post;
use super::message::{explain_reason, help};
use super::parse::{Correction, NudgeCommand, parse};
use super::schedule::Schedule;
use super::scope::Scope;
use crate::guidance::answer::Answer;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::slack::command::SlashCommand;
use crate::state::AppState;
use crate::store::subscriptions::{self, NewSubscription, Status, Subscription};
use crate::store::{StoreError, ledger};

const TRY_AGAIN: &str =
    "Something went wrong on my side and nothing changed. Please try again in a minute.";

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
    let result = match parsed {
        NudgeCommand::On {
            weekday,
            minute_of_day,
            zone,
        } => turn_on(state, command, &target, weekday, minute_of_day, zone).await,
        NudgeCommand::Off => turn_off(state, team, &target, user).await,
        NudgeCommand::Pause { weeks } => Ok(pause(state, team, &target, user, weeks).await),
        NudgeCommand::Resume => resume(state, team, &target).await,
        NudgeCommand::Status => super::status::status(state, team, &target).await,
        NudgeCommand::Preview => super::status::preview(state, team, &target).await,
        NudgeCommand::Help => Ok(help()),
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
fn by(target: &ChannelId, verb: &str, user: &UserId) -> String {
    match Scope::of_target(target) {
        Scope::Channel => format!(" ({verb} <@{user}>)"),
        Scope::Personal => String::new(),
    }
}

async fn turn_on(
    state: &AppState,
    command: &SlashCommand,
    channel: &ChannelId,
    weekday: Option<Weekday>,
    minute_of_day: Option<u16>,
    zone: Option<TimeZone>,
) -> Result<Answer, StoreError> {
    let team = &command.team_id;
    let scope = Scope::of_target(channel);
    let Some(token) = state
        .token_for_request(team, command.enterprise_id.as_ref())
        .await
    else {
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
        None => match state.api.user_time_zone(&token, &command.user_id).await {
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
            created_by: &command.user_id,
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
        by(channel, "set by", &command.user_id),
        schedule.describe(),
        schedule.local(next)
    ))
    .in_channel())
}

/// The first slot from `now` whose week has no delivery yet: changing the schedule
/// mid-week never brings a second post that week.
async fn first_open_slot(
    state: &AppState,
    existing: Option<&Subscription>,
    schedule: &Schedule,
    now: Timestamp,
) -> Result<Timestamp, StoreError> {
    let mut slot = schedule.first_at_or_after(now);
    if let Some(sub) = existing {
        while ledger::find(&state.db, sub.id, &schedule.week_of(slot))
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

async fn resume(
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

pub(crate) fn schedule_of(sub: &Subscription) -> Option<Schedule> {
    Schedule::from_stored(sub.weekday, sub.minute_of_day, &sub.time_zone)
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
    let grace = jiff::SignedDuration::try_from(state.config.nudges.grace).unwrap_or_default();
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

fn not_subscribed(target: &ChannelId) -> Answer {
    let scope = Scope::of_target(target);
    Answer::short(format!(
        "{} no weekly nudges running. `{} on` sets them up (Monday 09:00 in your time zone \
         unless you say otherwise).",
        scope.has(),
        scope.command()
    ))
}
