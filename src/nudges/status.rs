//! `/mops nudge status` (the schedule, the next delivery in local time, pause, how many were
//! sent, the last problem, a week that may not have arrived) and `/mops nudge preview`.

use super::commands::{schedule_of, upcoming};
use super::message::{explain_reason, nudge_message};
use super::rotation;
use crate::guidance::actions::change_schedule_button;
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::ids::{ChannelId, TeamId};
use crate::state::AppState;
use crate::store::subscriptions::{self, Status};
use crate::store::{StoreError, ledger, unsettled};

/// The channel's nudge status, privately.
pub async fn status(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Answer, StoreError> {
    let Some(sub) = subscriptions::get(&state.db, team, channel).await? else {
        return Ok(Answer::short(
            "This channel has no weekly nudges yet. `/mops nudge on` sets them up (Monday 09:00 \
             in your Slack time zone unless you say otherwise).",
        ));
    };
    let Some(schedule) = schedule_of(&sub) else {
        return Ok(Answer::short(format!(
            "This channel's schedule uses a time zone I no longer know ({}). Run `/mops nudge on` \
             with a current IANA time zone, for example `Europe/Berlin`.",
            sub.time_zone
        )));
    };
    let now = state.clock.now();
    let sent = ledger::sent_count(&state.db, sub.id).await?;
    let mut lines = vec![format!("*Schedule:* every {}", schedule.describe())];
    match sub.status {
        Status::Active => {
            if let Some(until) = sub.paused_until.filter(|u| *u > now) {
                lines.push(format!(
                    "*Paused* until {} (`/mops nudge resume` to undo)",
                    schedule.local(until)
                ));
            }
            lines.push(format!(
                "*Next delivery:* {}",
                schedule.local(upcoming(state, &sub, &schedule, now, true))
            ));
        }
        Status::Off => lines.push(
            "*Off*: turned off in this channel. `/mops nudge on` turns them back on.".to_owned(),
        ),
        Status::Inactive => {
            let reason = sub.inactive_reason.as_deref().unwrap_or("unknown_error");
            let since = sub
                .inactive_at
                .map(|at| format!(" since {}", schedule.local(at)))
                .unwrap_or_default();
            lines.push(format!("*Stopped*{since}: {}", explain_reason(reason)));
        }
    }
    lines.push(format!("*Sent so far:* {sent}"));
    if let (Some(error), Some(at)) = (&sub.last_error, sub.last_error_at) {
        lines.push(format!("*Last problem* ({}): {error}", schedule.local(at)));
    }
    if let Some((slot, checking)) = unsettled::latest(&state.db, sub.id).await? {
        let next = if checking {
            "I'll look for it in this channel shortly and post it if it's missing."
        } else {
            "I can't look in this channel's history to check (the app needs the \
             `channels:history` and `groups:history` scopes: reinstall it to grant them), and \
             I don't post again when I can't tell, so you never get it twice."
        };
        lines.push(format!(
            "*Possibly missing:* the nudge due {} may not have arrived: Slack didn't confirm \
             it. {next}",
            schedule.local(slot)
        ));
    }
    let text = lines.join("\n");
    Ok(Answer::new(
        format!("Weekly nudges in this channel: {}", schedule.describe()),
        Visibility::OnlyAsker,
        vec![
            Part::Title("Weekly nudges in this channel".into()),
            Part::Text(text),
            Part::Note(
                "`/mops nudge preview` shows the next nudge · `/mops nudge help` for every option"
                    .into(),
            ),
            Part::Buttons {
                group: "nudge_status".into(),
                intents: vec![change_schedule_button(channel)],
            },
        ],
    ))
}

/// The nudge this channel gets next, shown only to the asker.
pub async fn preview(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Answer, StoreError> {
    let sub = subscriptions::get(&state.db, team, channel).await?;
    let (cycle, used) = match &sub {
        Some(sub) => ledger::rotation(&state.db, sub.id).await?,
        None => (0, Vec::new()),
    };
    let library = &state.guide.library;
    let Some(pick) = rotation::next(library.nudges(), team, channel, cycle, &used) else {
        return Ok(Answer::short("There are no nudges in the library yet."));
    };
    let when = match sub.and_then(|s| Some((schedule_of(&s)?, s))) {
        Some((schedule, sub)) if sub.status == Status::Active => format!(
            "This channel gets it *{}*.",
            schedule.local(upcoming(state, &sub, &schedule, state.clock.now(), true))
        ),
        _ => "This channel isn't subscribed: `/mops nudge on` to get one every week.".to_owned(),
    };
    let mut answer = nudge_message(library, pick.nudge, channel);
    answer.parts.insert(
        0,
        Part::Note(format!(":eyes: Preview, only you can see this. {when}")),
    );
    Ok(answer.private())
}
