//! Totals over a stretch of entries: by kind of work, by the team that asked, and the share
//! asked for by teams outside the role, with a paragraph ready to paste into the
//! conversation (and into the talk-track builder's evidence).

use super::kinds::{inside_role, kind_of};
use super::{Entry, hours};

/// Totals for a set of entries. Team names are as people typed them (lower case): escape
/// them before showing them in Slack.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub entries: usize,
    pub total: i64,
    /// Kinds of work with their minutes, largest first.
    pub by_kind: Vec<(&'static str, i64)>,
    /// Teams that asked (`None`: not said) with their minutes, largest first.
    pub by_team: Vec<(Option<String>, i64)>,
    /// Minutes asked for by teams outside the role.
    pub outside: i64,
}

impl Summary {
    pub fn of(entries: &[Entry]) -> Self {
        let mut s = Summary {
            entries: entries.len(),
            ..Summary::default()
        };
        for e in entries {
            s.total += e.minutes;
            add(&mut s.by_kind, kind_of(&e.what), e.minutes);
            add(&mut s.by_team, e.asked_by.clone(), e.minutes);
            if e.asked_by.as_deref().is_some_and(|t| !inside_role(t)) {
                s.outside += e.minutes;
            }
        }
        // Largest first; ties in a stable, readable order.
        s.by_kind.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        s.by_team.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        s
    }

    /// `part` of the total as a whole percentage.
    pub fn percent(&self, part: i64) -> i64 {
        if self.total == 0 {
            0
        } else {
            (part * 100 + self.total / 2) / self.total
        }
    }

    /// Plain sentences for the conversation: where the time went, and how much of it other
    /// teams asked for. Empty when nothing was logged.
    pub fn paragraph(&self, weeks: u32) -> String {
        if self.total == 0 {
            return String::new();
        }
        let span = if weeks == 1 {
            "this past week".to_owned()
        } else {
            format!("the last {weeks} weeks")
        };
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .take(4)
            .map(|(kind, m)| {
                format!(
                    "{} on {} ({}%)",
                    hours(*m),
                    kind.to_lowercase(),
                    self.percent(*m)
                )
            })
            .collect();
        let mut text = format!(
            "Over {span} I logged {} of work across {} entries: {}.",
            hours(self.total),
            self.entries,
            kinds.join(", ")
        );
        let asked: Vec<String> = self
            .by_team
            .iter()
            .filter_map(|(team, m)| Some((team.as_deref()?, m)))
            .filter(|(team, _)| !inside_role(team))
            .take(4)
            .map(|(team, m)| format!("{team} {}", hours(*m)))
            .collect();
        if self.outside > 0 {
            text.push_str(&format!(
                " {} ({}%) was asked for by teams outside my role: {}.",
                hours(self.outside),
                self.percent(self.outside),
                asked.join(", ")
            ));
        }
        text
    }
}

fn add<K: PartialEq>(totals: &mut Vec<(K, i64)>, key: K, minutes: i64) {
    match totals.iter_mut().find(|(k, _)| *k == key) {
        Some((_, m)) => *m += minutes,
        None => totals.push((key, minutes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(minutes: i64, what: &str, team: Option<&str>) -> Entry {
        Entry {
            id: 0,
            minutes,
            what: what.into(),
            asked_by: team.map(str::to_owned),
            logged_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn totals_by_kind_and_team_with_the_share_outside_the_role() {
        let s = Summary::of(&[
            entry(180, "salesforce admin", Some("sales")),
            entry(45, "fixed the webinar sync", None),
            entry(60, "sfdc field cleanup", Some("sales")),
            entry(90, "attribution report", Some("marketing")),
            entry(25, "lead routing", Some("it")),
        ]);
        assert_eq!(s.total, 400);
        assert_eq!(s.entries, 5);
        assert_eq!(s.by_kind[0], ("Platform admin", 240));
        assert!(s.by_kind.contains(&("Fixes & support", 45)));
        assert_eq!(s.by_team[0], (Some("sales".to_owned()), 240));
        assert!(s.by_team.contains(&(None, 45)));
        assert_eq!(s.outside, 265, "sales and IT, not marketing");
        assert_eq!(s.percent(s.outside), 66);
        let p = s.paragraph(4);
        assert!(p.starts_with("Over the last 4 weeks I logged 6h40 of work across 5 entries: 4h on platform admin (60%)"), "{p}");
        assert!(
            p.contains("4h25 (66%) was asked for by teams outside my role: sales 4h, it 25m."),
            "{p}"
        );
        assert_eq!(Summary::of(&[]).paragraph(4), "");
    }
}
