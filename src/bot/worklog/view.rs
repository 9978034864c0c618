//! `/mops log` (this week's entries, in the person's own week) and `/mops log summary`.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

use super::{PRIVATE, describe};
use crate::bot::state::AppState;
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::slack::blocks::MAX_SECTION_TEXT;
use crate::slack::command::SlashCommand;
use crate::store::StoreError;
use crate::store::worklog::{self, Owner};
use crate::text::{escape, truncate};
use crate::worklog::hours;
use crate::worklog::summary::Summary;

/// Entries listed one by one; the rest are counted.
const LISTED: usize = 30;

/// `/mops log`: the entries since Monday 00:00 in the person's Slack time zone.
pub(super) async fn week(
    state: &AppState,
    command: &SlashCommand,
    owner: Owner<'_>,
) -> Result<Answer, StoreError> {
    let token = state
        .token_for_request(&command.team_id, command.enterprise_id.as_ref())
        .await;
    let zone = match token {
        Some(token) => super::super::people::time_zone(state, &token, &command.user_id).await,
        None => None,
    }
    .unwrap_or(TimeZone::UTC);
    let now = state.clock.now();
    let monday = week_start(now, &zone);
    let cap = state.config.worklog.max_entries;
    let entries = worklog::since(&state.db, owner, monday, cap).await?;
    if entries.is_empty() {
        return Ok(Answer::short(format!(
            "Nothing logged this week yet. Try `/mops log 2h campaign QA for events`; \
             `/mops log summary` covers the last 4 weeks. {PRIVATE}"
        )));
    }
    let lines: Vec<String> = entries
        .iter()
        .take(LISTED)
        .map(|e| {
            let local = e.logged_at.to_zoned(zone.clone());
            format!("• {} · {}", local.strftime("%a %H:%M"), describe(e))
        })
        .collect();
    let totals = Summary::of(&entries);
    let mut parts = vec![Part::Title("Your work log this week".to_owned())];
    parts.extend(sections(&lines));
    if entries.len() > LISTED {
        parts.push(Part::Note(format!(
            "…and {} more: `/mops log export` has them all.",
            entries.len() - LISTED
        )));
    }
    parts.push(Part::Text(format!(
        "*Total:* {} over {} entries",
        hours(totals.total),
        totals.entries
    )));
    parts.push(Part::Note(format!(
        "`/mops log summary` for totals by kind of work and team · {PRIVATE}"
    )));
    Ok(Answer::new(
        format!("Your work log this week: {}", hours(totals.total)),
        Visibility::OnlyAsker,
        parts,
    ))
}

/// Monday 00:00 of the week holding `now`, in `zone`.
fn week_start(now: Timestamp, zone: &TimeZone) -> Timestamp {
    let local = now.to_zoned(zone.clone());
    let back = i64::from(local.weekday().to_monday_zero_offset());
    local
        .date()
        .checked_sub(back.days())
        .ok()
        .and_then(|d| d.to_zoned(zone.clone()).ok())
        .map_or(now, |z| z.timestamp())
}

/// Lines packed into as few sections as Slack's section limit allows.
fn sections(lines: &[String]) -> Vec<Part> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in lines {
        if !current.is_empty()
            && current.chars().count() + line.chars().count() + 1 > MAX_SECTION_TEXT - 100
        {
            out.push(Part::Text(std::mem::take(&mut current)));
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(Part::Text(current));
    }
    out
}

/// The person's totals over the last `weeks` weeks.
pub async fn summary_for(
    state: &AppState,
    owner: Owner<'_>,
    weeks: u32,
) -> Result<Summary, StoreError> {
    let now = state.clock.now();
    let from = now
        .checked_sub(SignedDuration::from_hours(24 * 7 * i64::from(weeks)))
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let entries = worklog::since(&state.db, owner, from, state.config.worklog.max_entries).await?;
    Ok(Summary::of(&entries))
}

/// `/mops log summary [weeks]`.
pub(super) async fn summary(
    state: &AppState,
    owner: Owner<'_>,
    weeks: u32,
) -> Result<Answer, StoreError> {
    let s = summary_for(state, owner, weeks).await?;
    let span = if weeks == 1 {
        "week".to_owned()
    } else {
        format!("{weeks} weeks")
    };
    if s.total == 0 {
        return Ok(Answer::short(format!(
            "Nothing logged in the last {span}. Start with `/mops log 2h campaign QA for \
             events`. {PRIVATE}"
        )));
    }
    let kinds: Vec<String> = s
        .by_kind
        .iter()
        .map(|(kind, m)| format!("• {kind}: *{}* ({}%)", hours(*m), s.percent(*m)))
        .collect();
    let teams: Vec<String> = s
        .by_team
        .iter()
        .map(|(team, m)| {
            let team = team.as_deref().map_or("_not said_".to_owned(), escape);
            format!("• {team}: *{}* ({}%)", hours(*m), s.percent(*m))
        })
        .collect();
    let parts = vec![
        Part::Title(format!("Your work log: the last {span}")),
        Part::Text(format!(
            "*{}* over {} entries. *Outside your role:* {} ({}%), asked for by teams other \
             than marketing.",
            hours(s.total),
            s.entries,
            hours(s.outside),
            s.percent(s.outside)
        )),
        Part::Text(truncate(
            &format!("*By kind of work*\n{}", kinds.join("\n")),
            MAX_SECTION_TEXT,
        )),
        Part::Text(truncate(
            &format!("*By team asking*\n{}", teams.join("\n")),
            MAX_SECTION_TEXT,
        )),
        Part::Text(truncate(
            &format!("*Ready to paste*\n>{}", escape(&s.paragraph(weeks))),
            MAX_SECTION_TEXT,
        )),
        Part::Note(format!(
            "Kinds are read from the words of each entry. `/mops prep` turns this into a talk \
             track. {PRIVATE}"
        )),
    ];
    Ok(Answer::new(
        format!("Your work log, last {span}: {}", hours(s.total)),
        Visibility::OnlyAsker,
        parts,
    ))
}
