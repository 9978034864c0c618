//! The talk-track builder's draft: a pack's own talk track arranged for one conversation
//! (who it is with, what the person asks for), with the work log's numbers where the track
//! leaves room for them. Nothing is invented: every line comes from the pack (its *What to
//! say*, and its *What to do* as the follow-up); a `[placeholder]` the bot can fill from
//! the person's own choices or log is filled, and every other one is left, listed, for them.

mod answer;
mod fill;

pub use answer::draft_answer;

use super::pack::Pack;
use crate::worklog::summary::Summary;

/// Who the conversation is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Manager,
    Executive,
    HiringTeam,
}

impl Who {
    pub const ALL: [Who; 3] = [Who::Manager, Who::Executive, Who::HiringTeam];

    pub fn id(self) -> &'static str {
        match self {
            Who::Manager => "manager",
            Who::Executive => "executive",
            Who::HiringTeam => "hiring",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Who::Manager => "Your manager",
            Who::Executive => "Your CMO or CFO",
            Who::HiringTeam => "A hiring team",
        }
    }

    pub fn parse(id: &str) -> Option<Who> {
        Who::ALL.into_iter().find(|w| w.id() == id)
    }

    /// Words in a talk track's "To …:" heading that mean this audience.
    fn heading_words(self) -> &'static [&'static str] {
        match self {
            Who::Manager => &["manager"],
            Who::Executive => &["cmo", "cfo", "leadership", "manager"],
            Who::HiringTeam => &["hiring"],
        }
    }
}

/// What the person asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Focus,
    Headcount,
    StrategyTime,
    Recognition,
    RaiseOrTitle,
    JobDescription,
}

impl Ask {
    pub const ALL: [Ask; 6] = [
        Ask::Focus,
        Ask::Headcount,
        Ask::StrategyTime,
        Ask::Recognition,
        Ask::RaiseOrTitle,
        Ask::JobDescription,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Ask::Focus => "focus",
            Ask::Headcount => "headcount",
            Ask::StrategyTime => "strategy",
            Ask::Recognition => "recognition",
            Ask::RaiseOrTitle => "raise",
            Ask::JobDescription => "job",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ask::Focus => "A more focused role",
            Ask::Headcount => "Headcount or help",
            Ask::StrategyTime => "Time for strategy",
            Ask::Recognition => "Recognition",
            Ask::RaiseOrTitle => "A raise or a title",
            Ask::JobDescription => "A redesigned job description",
        }
    }

    pub fn parse(id: &str) -> Option<Ask> {
        Ask::ALL.into_iter().find(|a| a.id() == id)
    }

    /// Word stems that pick this ask among a placeholder's alternatives.
    fn stems(self) -> &'static [&'static str] {
        match self {
            Ask::Focus => &["focus", "narrow"],
            Ask::Headcount => &["help", "hire", "headcount", "another team"],
            Ask::StrategyTime => &["strateg", "roadmap", "plan", "year"],
            Ask::Recognition => &["recogni", "credit"],
            Ask::RaiseOrTitle => &["raise", "title", "promot"],
            Ask::JobDescription => &["job description", "redesign", "role design"],
        }
    }
}

/// A draft, in the pack's own mrkdwn; `notes` (what the person typed) is theirs, raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub who: Who,
    pub ask: Ask,
    pub opening: String,
    pub evidence: Vec<String>,
    pub ask_lines: Vec<String>,
    /// The pack's *What to do* steps, for before and after the conversation.
    pub follow_up: Vec<String>,
    /// Placeholders left for the person, as written (`[area]`).
    pub unfilled: Vec<String>,
    pub notes: String,
}

/// The draft for a conversation about `pack` with `who`, asking for `ask`; `log` fills the
/// track's hour placeholders, `notes` is the evidence the person wrote in the builder.
pub fn draft(pack: &Pack, who: Who, ask: Ask, log: Option<&Summary>, notes: &str) -> Draft {
    let lines = track_for(&pack.script, who);
    let mut filler = fill::Filler::new(ask, log);
    let mut lines: Vec<String> = lines.iter().map(|l| filler.fill(l)).collect();
    let opening = if lines.is_empty() {
        String::new()
    } else {
        lines.remove(0)
    };
    let ask_lines = lines.pop().into_iter().collect();
    Draft {
        title: pack.title.clone(),
        who,
        ask,
        opening,
        evidence: lines,
        ask_lines,
        follow_up: steps(&pack.steps),
        unfilled: filler.unfilled(),
        notes: notes.trim().to_owned(),
    }
}

/// The quoted lines of the talk track for `who`: the group under a "To …:" heading that
/// names them, else the first group (a track without headings is one group).
fn track_for(script: &str, who: Who) -> Vec<String> {
    let mut groups: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix('>') {
            Some(quote) => {
                if let Some(last) = groups.last_mut() {
                    last.1.push(quote.trim().to_owned());
                }
            }
            None => groups.push((line.to_lowercase(), Vec::new())),
        }
    }
    groups.retain(|(_, lines)| !lines.is_empty());
    let chosen = groups
        .iter()
        .find(|(heading, _)| who.heading_words().iter().any(|w| heading.contains(w)))
        .or(groups.first());
    chosen.map(|(_, lines)| lines.clone()).unwrap_or_default()
}

/// The numbered or bulleted steps of *What to do*, without their markers.
fn steps(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let rest = l.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.strip_prefix(". ")
                .or_else(|| l.strip_prefix("- "))
                .unwrap_or(l)
                .to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests;
