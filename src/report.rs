//! `mops-bot report`: helpful / not-helpful counts per topic and per nudge, so content owners
//! can see what lands; with `--unmatched`, the questions the bot was unsure of, so they can see
//! what is missing. Reads the database `serve` writes (`DATABASE_URL`).

use std::fmt::Write;

use anyhow::Context;

use crate::store::feedback::{self, SubjectKind, Tally};
use crate::store::unmatched::{Asked, RETENTION_DAYS};
use crate::store::{self, Db};

/// The most distinct questions `--unmatched` lists.
const MAX_LISTED: i64 = 500;

/// The report (or with `unmatched`, the unanswered questions) for the database at
/// `DATABASE_URL` (after loading `.env`).
pub fn from_env(unmatched: bool) -> anyhow::Result<String> {
    let _ = dotenvy::dotenv();
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .context(
            "DATABASE_URL: not set; point it at the database `serve` uses, e.g. sqlite://mops-bot.db",
        )?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let db = Db::open(url.trim()).await?;
        if unmatched {
            let asked = store::unmatched::list(&db, MAX_LISTED)
                .await
                .context("could not read the unanswered questions")?;
            return Ok(render_unmatched(&asked));
        }
        let tallies = feedback::tallies(&db)
            .await
            .context("could not read the feedback")?;
        Ok(render(&tallies))
    })
}

/// The unanswered questions: how often, when last (UTC date), and the question.
pub fn render_unmatched(asked: &[Asked]) -> String {
    if asked.is_empty() {
        return format!(
            "No questions kept. The bot keeps the questions it answers \"not sure\" or with low \
             confidence, for {RETENTION_DAYS} days, only when it runs with MOPS_RECORD_UNMATCHED=true.\n"
        );
    }
    let mut out = format!(
        "Questions answered \"not sure\" or with low confidence (last {RETENTION_DAYS} days, most asked first):\n\
         times  last asked  question\n"
    );
    for a in asked {
        let day = a.last.to_zoned(jiff::tz::TimeZone::UTC).date();
        let _ = writeln!(out, "{:>5}  {day}  {}", a.times, a.question);
    }
    out
}

/// The report's text.
pub fn render(tallies: &[Tally]) -> String {
    if tallies.is_empty() {
        return "No feedback yet. People vote with the Helpful / Not helpful buttons under \
                answers and nudges.\n"
            .to_owned();
    }
    let width = tallies
        .iter()
        .map(|t| t.subject_id.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = String::new();
    for (kind, heading) in [
        (SubjectKind::Topic, "Topics"),
        (SubjectKind::Nudge, "Nudges"),
    ] {
        let rows: Vec<&Tally> = tallies.iter().filter(|t| t.kind == kind).collect();
        let _ = writeln!(
            out,
            "{heading:<width$}  helpful  not helpful",
            width = width + 2
        );
        if rows.is_empty() {
            let _ = writeln!(out, "  (no votes yet)");
        }
        for t in rows {
            let _ = writeln!(
                out,
                "  {id:<width$}  {yes:>7}  {no:>11}",
                id = t.subject_id,
                yes = t.helpful,
                no = t.not_helpful
            );
        }
        out.push('\n');
    }
    let (yes, no) = tallies
        .iter()
        .fold((0, 0), |(y, n), t| (y + t.helpful, n + t.not_helpful));
    let _ = writeln!(out, "Total: {yes} helpful, {no} not helpful");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_listed_per_topic_then_per_nudge() {
        let t = |kind, id: &str, helpful, not_helpful| Tally {
            kind,
            subject_id: id.to_owned(),
            helpful,
            not_helpful,
        };
        let text = render(&[
            t(SubjectKind::Topic, "burnout", 3, 1),
            t(SubjectKind::Nudge, "log-invisible-work", 0, 2),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("Topics"), "{text}");
        assert!(
            lines[1].contains("burnout") && lines[1].ends_with("3            1"),
            "{text}"
        );
        assert!(lines[3].starts_with("Nudges"), "{text}");
        assert!(lines[4].contains("log-invisible-work"), "{text}");
        assert!(
            text.ends_with("Total: 3 helpful, 3 not helpful\n"),
            "{text}"
        );
        assert!(render(&[]).starts_with("No feedback yet"));
    }
}
