//! `/mops nudge status` (the schedule, the next delivery in local time, pause, how many were
//! sent, the last problem, a week that may not have arrived) and `/mops nudge preview`.

use super::commands::upcoming;
use crate::bot::state::AppState;
use crate::guidance::actions::change_schedule_button;
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::ids::{ChannelId, TeamId};
use crate::nudges::message::{explain_reason, nudge_message};
use crate::nudges::rotation;
use crate::nudges::schedule::schedule_of;
use crate::nudges::scope::Scope;
use crate::store::subscriptions::{self, Status};
use crate::store::{StoreError, ledger, unsettled};

/// The nudge status of a channel or a person, privately.
pub async fn status(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Answer, StoreError> {
    let scope = Scope::of_target(channel);
    let (whom, c) = (scope.whom(), scope.command());
    let Some(sub) = subscriptions::get(&state.db, team, channel).await? else {
        return Ok(Answer::short(format!(
            "{} no weekly nudges yet. `{c} on` sets them up (Monday 09:00 in your Slack time \
             zone unless you say otherwise).",
            scope.has()
        )));
    };
    let Some(schedule) = schedule_of(&sub) else {
        return Ok(Answer::short(format!(
            "The schedule for {whom} uses a time zone I no longer know ({}). Run `{c} on` with a \
             current IANA time zone, for example `Europe/Berlin`.",
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
                    "*Paused* until {} (`{c} resume` to undo)",
                    schedule.local(until)
                ));
            }
            lines.push(format!(
                "*Next delivery:* {}",
                schedule.local(upcoming(state, &sub, &schedule, now, true))
            ));
        }
        Status::Off => lines.push(format!("*Off*: turned off. `{c} on` turns them back on.")),
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
    let title = format!("Weekly nudges for {whom}");
    Ok(Answer::new(
        format!("{title}: {}", schedule.describe()),
        Visibility::OnlyAsker,
        vec![
            Part::Title(title),
            Part::Text(text),
            Part::Note(format!(
                "`{c} preview` shows the next nudge · `/mops nudge help` for every option"
            )),
            Part::Buttons {
                group: "nudge_status".into(),
                intents: match scope {
                    // The settings form is a channel's; a person changes theirs by command.
                    Scope::Channel => vec![change_schedule_button(channel)],
                    Scope::Personal => Vec::new(),
                },
            },
        ],
    ))
}

/// The nudge a channel or a person gets next, shown only to the asker.
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
    let scope = Scope::of_target(channel);
    let when = match sub.and_then(|s| Some((schedule_of(&s)?, s))) {
        Some((schedule, sub)) if sub.status == Status::Active => format!(
            "{} *{}*.",
            match scope {
                Scope::Channel => "This channel gets it",
                Scope::Personal => "You get it",
            },
            schedule.local(upcoming(state, &sub, &schedule, state.clock.now(), true))
        ),
        _ => format!(
            "Nothing is scheduled for {}: `{} on` to get one every week.",
            scope.whom(),
            scope.command()
        ),
    };
    let mut answer = nudge_message(library, pick.nudge, channel);
    answer.parts.insert(
        0,
        Part::Note(format!(":eyes: Preview, only you can see this. {when}")),
    );
    Ok(answer.private())
}
