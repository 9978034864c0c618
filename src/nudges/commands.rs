//! `/mops nudge …`: subscribe a channel, change or pause its schedule, and report on it.
//! `pause` is public so the `nudge_pause` button runs the same code as the command, and
//! `set_schedule` / `switch_off` so the settings modal saves exactly as `on …` and `off` do.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::message::{explain_reason, help};
use super::parse::{Correction, NudgeCommand, parse};
use super::schedule::{MIN_GAP, Schedule};
use crate::guidance::answer::Answer;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::slack::api::Token;
use crate::slack::command::SlashCommand;
use crate::state::AppState;
use crate::store::subscriptions::{self, NewSubscription, Status, Subscription};
use crate::store::{StoreError, ledger};

const TRY_AGAIN: &str =
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

/// Answers `/mops nudge {rest}` in `command`'s channel.
pub async fn handle(state: &AppState, command: &SlashCommand, rest: &str) -> Answer {
    let parsed = match parse(rest) {
        Ok(parsed) => parsed,
        Err(Correction(text)) => return Answer::short(text),
    };
    let place = Place::of(command);
    let (team, channel, user) = (place.team, place.channel, place.user);
    let result = match parsed {
        NudgeCommand::On {
            weekday,
            minute_of_day,
            zone,
        } => turn_on(state, &place, weekday, minute_of_day, zone).await,
        NudgeCommand::Off => turn_off(state, team, channel, user).await,
        NudgeCommand::Pause { weeks } => return pause(state, team, channel, user, weeks).await,
        NudgeCommand::Resume => resume(state, team, channel).await,
        NudgeCommand::Status => super::status::status(state, team, channel).await,
        NudgeCommand::Preview => super::status::preview(state, team, channel).await,
        // The Slack layer opens the modal; only a caller without a trigger gets here.
        NudgeCommand::Help | NudgeCommand::Settings => Ok(help()),
    };
    result.unwrap_or_else(|error| {
        tracing::error!(%error, "nudge command failed");
        Answer::short(TRY_AGAIN)
    })
}

/// Turns `place`'s nudges on with `schedule`, exactly as `/mops nudge on <day> <time> <zone>`.
pub async fn set_schedule(state: &AppState, place: &Place<'_>, schedule: Schedule) -> Answer {
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
    let Some(token) = state.token_for_request(team, place.enterprise).await else {
        return Ok(Answer::short(explain_reason("not_installed")));
    };
    if let Err(refusal) = ensure_can_post(state, &token, channel).await {
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
    Ok(Answer::short(format!(
        ":seedling: Weekly nudges are {verb} for this channel (set by <@{}>): every {}{zone_note}.\n\
         The next one arrives *{}*. `/mops nudge preview` shows it; `/mops nudge status` shows the \
         schedule.",
        place.user,
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

/// Joins a public channel; elsewhere the bot must already be a member.
async fn ensure_can_post(
    state: &AppState,
    token: &Token,
    channel: &ChannelId,
) -> Result<(), Answer> {
    let error = match state.api.join(token, channel).await {
        Ok(()) => return Ok(()),
        Err(error) => error,
    };
    let refuse = |text: String| Err(Answer::short(text));
    match error.slack_error() {
        Some("method_not_supported_for_channel_type" | "channel_not_found" | "is_private") => {
            if let Ok(true) = state.api.is_member(token, channel).await {
                return Ok(());
            }
            refuse(
                "I can't add myself here: this is a private channel or a direct message. Invite me \
                 first with `/invite @mops-bot` (or add the app from the channel's details), then \
                 run `/mops nudge on` again. Nothing is scheduled yet."
                    .to_owned(),
            )
        }
        Some(
            code @ ("is_archived" | "missing_scope" | "invalid_auth" | "token_revoked"
            | "account_inactive" | "not_authed"),
        ) => refuse(format!(
            "I can't post in this channel, so nothing is scheduled: {}",
            explain_reason(code)
        )),
        _ if error.is_transient() => refuse(
            "Slack didn't answer when I tried to join this channel, so nothing is scheduled yet. \
             Please try again in a minute."
                .to_owned(),
        ),
        _ => refuse(format!(
            "I couldn't join this channel ({error}), so nothing is scheduled. Invite me with \
             `/invite @mops-bot` and try again."
        )),
    }
}

async fn turn_off(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
    user: &UserId,
) -> Result<Answer, StoreError> {
    match subscriptions::get(&state.db, team, channel).await? {
        Some(sub) if sub.status != Status::Off => {
            subscriptions::turn_off(&state.db, sub.id, state.clock.now()).await?;
            Ok(Answer::short(format!(
                "Weekly nudges are off for this channel (turned off by <@{user}>). \
                 `/mops nudge on` brings them back, without repeating what you've already had."
            ))
            .in_channel())
        }
        _ => Ok(Answer::short(
            "Weekly nudges are already off here. `/mops nudge on` turns them on.",
        )),
    }
}

/// Skips the channel's next `weeks` scheduled nudges; the reply says when they return.
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
        return Ok(not_subscribed());
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
        ":double_vertical_bar: Weekly nudges are paused for {weeks} week{plural} (by <@{by}>), \
         starting with {}. They come back *{}*. `/mops nudge resume` to undo.",
        schedule.local(first),
        schedule.local(until)
    ))
    .in_channel())
}

async fn resume(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Answer, StoreError> {
    let Some((sub, schedule)) = active(state, team, channel).await? else {
        return Ok(not_subscribed());
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

fn not_subscribed() -> Answer {
    Answer::short(
        "This channel has no weekly nudges running. `/mops nudge on` sets them up \
         (Monday 09:00 in your time zone unless you say otherwise).",
    )
}
