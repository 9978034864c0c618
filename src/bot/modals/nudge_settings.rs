//! The nudge settings modal: opened by `/mops nudge settings` and the "Change schedule"
//! buttons (nudge status, the Home tab); on, weekday, time and time zone for one channel.
//! The view and the reading of a submission are the Slack layer's
//! (`slack::views::nudge_settings`, checked by `nudges::form`); here it is opened and saved by
//! the same code as `/mops nudge on …` or `/mops nudge off`, and the confirmation goes to the
//! person privately in the channel.

use std::time::Duration;

use jiff::tz::TimeZone;

use crate::bot::nudges::commands::{self, Place};
use crate::bot::state::AppState;
use crate::nudges::form::ScheduleChoice;
use crate::nudges::schedule::Schedule;
use crate::nudges::schedule::schedule_of;
use crate::slack::render;
pub use crate::slack::views::nudge_settings::{CALLBACK_ID, FIRST_BLOCK, Settings, modal, read};
use crate::store::subscriptions::{self, Status};

/// The longest opening waits for the person's Slack time zone: the trigger lives 3 s.
const ZONE_WAIT: Duration = Duration::from_millis(1200);

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
