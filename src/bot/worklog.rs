//! `/mops log …`: the private work log, answered only to its author (ephemeral replies, and
//! the export by DM). Parsing and totals live in `crate::worklog`, storage in
//! `store::worklog`; this is the Slack side.

mod export;
mod view;

use jiff::{SignedDuration, Timestamp};

use crate::bot::state::AppState;
use crate::guidance::actions;
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::slack::command::SlashCommand;
use crate::store::StoreError;
use crate::store::worklog::{self, Owner};
use crate::text::escape;
use crate::worklog::kinds::kind_of;
use crate::worklog::parse::{Correction, LogCommand, NewEntry, parse};
use crate::worklog::summary::Summary;
use crate::worklog::{Entry, hours};

pub use view::summary_for;

const TRY_AGAIN: &str =
    "Something went wrong on my side and nothing changed. Please try again in a minute.";
pub(crate) use crate::guidance::help::LOG_PRIVATE as PRIVATE;

/// Answers `/mops log {rest}` to its author.
pub async fn handle(state: &AppState, command: &SlashCommand, rest: &str) -> Answer {
    let parsed = match parse(rest) {
        Ok(parsed) => parsed,
        Err(Correction(text)) => return Answer::short(text),
    };
    let owner = Owner {
        team: &command.team_id,
        user: &command.user_id,
    };
    let result = match parsed {
        LogCommand::Add(entry) => add(state, owner, &entry).await,
        LogCommand::Week => view::week(state, command, owner).await,
        LogCommand::Summary { weeks } => view::summary(state, owner, weeks).await,
        LogCommand::Undo => undo(state, owner).await,
        LogCommand::Export => export::export(state, command, owner).await,
        LogCommand::Clear => confirm_clear(state, owner).await,
        LogCommand::Help => Ok(crate::guidance::help::worklog()),
    };
    result.unwrap_or_else(|error| {
        tracing::error!(%error, "work log command failed");
        Answer::short(TRY_AGAIN)
    })
}

/// `what` and the team, as shown back to their author.
fn describe(e: &Entry) -> String {
    let team = e
        .asked_by
        .as_deref()
        .map(|t| format!(" (for {})", escape(t)))
        .unwrap_or_default();
    format!("*{}* {}{team}", hours(e.minutes), escape(&e.what))
}

async fn add(state: &AppState, owner: Owner<'_>, entry: &NewEntry) -> Result<Answer, StoreError> {
    let now = state.clock.now();
    let settings = state.config.worklog;
    let Some(id) = worklog::add(&state.db, owner, entry, now, settings.max_entries).await? else {
        return Ok(Answer::short(format!(
            "Your work log is full: it holds {} entries, the most I keep for one person, so \
             this one was not logged. `/mops log export` sends you a copy, then `/mops log \
             clear` makes room. Entries also go by themselves after {} days.",
            settings.max_entries,
            settings.retention.as_secs() / 86_400
        )));
    };
    let stored = Entry {
        id,
        minutes: entry.minutes,
        what: entry.what.clone(),
        asked_by: entry.asked_by.clone(),
        logged_at: now,
    };
    let week = worklog::since(&state.db, owner, week_ago(now), settings.max_entries).await?;
    let totals = Summary::of(&week);
    Ok(Answer::short(format!(
        ":memo: Logged {} as _{}_. Last 7 days: {} over {} entries. `/mops log undo` takes it \
         back, `/mops log` shows your week. {PRIVATE}",
        describe(&stored),
        kind_of(&stored.what).to_lowercase(),
        hours(totals.total),
        totals.entries
    )))
}

fn week_ago(now: Timestamp) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(7 * 24))
        .unwrap_or(now)
}

async fn undo(state: &AppState, owner: Owner<'_>) -> Result<Answer, StoreError> {
    let Some(last) = worklog::latest(&state.db, owner).await? else {
        return Ok(Answer::short(
            "Your work log is empty, so there is nothing to undo.",
        ));
    };
    if !worklog::delete(&state.db, owner, last.id).await? {
        return Ok(Answer::short(
            "That entry was already gone; nothing changed.",
        ));
    }
    Ok(Answer::short(format!(
        ":leftwards_arrow_with_hook: Removed your last entry: {}.",
        describe(&last)
    )))
}

async fn confirm_clear(state: &AppState, owner: Owner<'_>) -> Result<Answer, StoreError> {
    let (Some(last), count) = (
        worklog::latest(&state.db, owner).await?,
        worklog::count(&state.db, owner).await?,
    ) else {
        return Ok(Answer::short("Your work log is already empty."));
    };
    let text = format!(
        ":warning: Delete all {count} entries in your work log? This cannot be undone; \
         `/mops log export` first if you want a copy."
    );
    Ok(Answer::new(
        text.clone(),
        Visibility::OnlyAsker,
        vec![
            Part::Text(text),
            Part::Buttons {
                group: "worklog_clear".to_owned(),
                intents: vec![actions::worklog_clear_button(last.id)],
            },
        ],
    ))
}

/// The "Delete everything" button: removes the clicker's own entries up to the newest one
/// when they were asked (a click can only ever reach the clicker's log).
pub async fn clear(state: &AppState, owner: Owner<'_>, up_to: i64) -> Answer {
    match worklog::clear(&state.db, owner, up_to).await {
        Ok(0) => Answer::short("Your work log was already empty."),
        Ok(n) => Answer::short(format!(
            ":wastebasket: Deleted all {n} entries from your work log. Nothing of it is kept."
        )),
        Err(error) => {
            tracing::error!(%error, "clearing a work log failed");
            Answer::short(TRY_AGAIN)
        }
    }
}
