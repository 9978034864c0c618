//! The nudge settings modal: opened by `/mops nudge settings` and the "Change schedule"
//! buttons (nudge status, the Home tab); on, weekday, time and time zone for one channel.
//! A submission is read by `nudges::form` and saved by the same code as `/mops nudge on …`
//! or `/mops nudge off`; the confirmation goes to the person privately in the channel.

use std::time::Duration;

use jiff::tz::TimeZone;

use crate::bot::nudges::commands::{self, Place};
use crate::bot::state::AppState;
use crate::ids::{ChannelId, TeamId, UserId};
use crate::nudges::form::{self, Field, Filled, ScheduleChoice};
use crate::nudges::schedule::Schedule;
use crate::nudges::schedule::schedule_of;
use crate::slack::blocks::{Block, Choice, Input, InputElement};
use crate::slack::render;
use crate::slack::views::{Modal, Submission, ViewAck};
use crate::store::subscriptions::{self, Status};

pub const CALLBACK_ID: &str = "nudge_settings";
/// The modal's first field.
pub const FIRST_BLOCK: &str = "enabled";

/// The longest opening waits for the person's Slack time zone: the trigger lives 3 s.
const ZONE_WAIT: Duration = Duration::from_millis(1200);

fn block_id(field: Field) -> &'static str {
    match field {
        Field::Enabled => "enabled",
        Field::Weekday => "weekday",
        Field::Time => "time",
        Field::Zone => "zone",
    }
}

/// The modal for `channel`, showing `schedule` and whether nudges are `on`.
pub fn modal(channel: &ChannelId, schedule: &Schedule, on: bool) -> Modal {
    let (weekday, time, zone) = form::shown(schedule.weekday, schedule.minute_of_day, &schedule.tz);
    let days: Vec<Choice> = form::weekdays()
        .into_iter()
        .map(|(label, value)| Choice::new(label, value))
        .collect();
    let today = days.iter().find(|c| c.value == weekday).cloned();
    let switch = [Choice::new("On", form::ON), Choice::new("Off", form::OFF)];
    let chosen = switch[usize::from(!on)].clone();
    let blocks = vec![
        Block::section(format!(
            "Weekly nudges for <#{channel}>: one short, practical nudge every week at the time \
             you choose, in the time zone you choose."
        )),
        Block::input(Input::new(
            "Weekly nudges",
            InputElement::RadioButtons {
                action_id: block_id(Field::Enabled).into(),
                options: switch.to_vec(),
                initial_option: Some(chosen),
            },
        )),
        Block::input(Input::new(
            "Day",
            InputElement::StaticSelect {
                action_id: block_id(Field::Weekday).into(),
                options: days,
                initial_option: today,
            },
        )),
        Block::input(Input::new(
            "Time",
            InputElement::Timepicker {
                action_id: block_id(Field::Time).into(),
                initial_time: Some(time),
            },
        )),
        Block::input(
            Input::new(
                "Time zone",
                InputElement::text(block_id(Field::Zone), Some(zone), "Europe/Berlin"),
            )
            .hint("An IANA time zone name, such as America/New_York, Europe/Berlin or UTC."),
        ),
    ];
    Modal::new(CALLBACK_ID, "Nudge settings", "Save", blocks).with_metadata(channel.as_str())
}

/// Opens the modal for `channel` with `trigger_id`: the channel's schedule if it has one,
/// else Monday 09:00 in the person's Slack time zone.
pub async fn open(state: &AppState, place: &Place<'_>, trigger_id: &str) -> Result<(), String> {
    let Some(token) = state.token_for_request(place.team, place.enterprise).await else {
        return Err("the app is not installed in this workspace".to_owned());
    };
    let existing = subscriptions::get(&state.db, place.team, place.channel)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "could not read the channel's schedule");
            "I couldn't read this channel's schedule just now".to_owned()
        })?;
    let (schedule, on) = match existing.as_ref().and_then(|s| Some((schedule_of(s)?, s))) {
        Some((schedule, sub)) => (schedule, sub.status == Status::Active),
        None => {
            let lookup = state.api.user_time_zone(&token, place.user);
            let tz = match tokio::time::timeout(ZONE_WAIT, lookup).await {
                Ok(Ok(Some(name))) => TimeZone::get(&name).unwrap_or(TimeZone::UTC),
                _ => TimeZone::UTC,
            };
            (Schedule::default_in(tz), true)
        }
    };
    let modal = modal(place.channel, &schedule, on);
    state
        .api
        .open_view(&token, trigger_id, &modal)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "views.open failed");
            format!("Slack would not open the settings ({error})")
        })
}

/// A submission read and checked, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub team: TeamId,
    pub enterprise: Option<TeamId>,
    pub channel: ChannelId,
    pub user: UserId,
    pub choice: ScheduleChoice,
}

/// Reads a submission, or the errors to show beside its fields.
pub fn read(submission: &Submission) -> Result<Settings, ViewAck> {
    let Ok(channel) = ChannelId::parse(&submission.private_metadata) else {
        return Err(ViewAck::error(
            block_id(Field::Enabled),
            "I lost track of the channel: close this and open the settings again from it.",
        ));
    };
    let value = |field| submission.value(block_id(field), block_id(field));
    let filled = Filled {
        enabled: value(Field::Enabled),
        weekday: value(Field::Weekday),
        time: value(Field::Time),
        zone: value(Field::Zone),
    };
    let choice = form::read(&filled).map_err(|problems| {
        ViewAck::Errors(
            problems
                .into_iter()
                .map(|(field, message)| (block_id(field).to_owned(), message))
                .collect(),
        )
    })?;
    Ok(Settings {
        team: submission.team.clone(),
        enterprise: submission.enterprise.clone(),
        channel,
        user: submission.user.clone(),
        choice,
    })
}

/// Saves `settings` as the text commands do and tells the person privately in the channel.
pub async fn save(state: &AppState, settings: Settings) {
    let place = Place {
        team: &settings.team,
        enterprise: settings.enterprise.as_ref(),
        channel: &settings.channel,
        user: &settings.user,
    };
    let answer = match settings.choice {
        ScheduleChoice::On(schedule) => commands::set_schedule(state, &place, schedule).await,
        ScheduleChoice::Off => commands::switch_off(state, &place).await,
    };
    let Some(token) = state.token_for_request(place.team, place.enterprise).await else {
        tracing::warn!(team = %place.team, "no token for this workspace; cannot confirm");
        return;
    };
    let message = render::message(&answer.private());
    let sent = crate::bot::deliver::with_safe_retries(&state.config.retry, || {
        state
            .api
            .post_ephemeral(&token, place.channel, place.user, &message)
    })
    .await;
    match sent {
        Ok(()) => tracing::info!("nudge settings saved and confirmed"),
        Err(error) => tracing::warn!(%error, "saved the nudge settings; could not confirm"),
    }
}
