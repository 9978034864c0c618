//! The `/mops log …` grammar: a sub-command, or an entry `<duration> <what> [for <team>]`.
//! Durations are read forgivingly (`2h`, `90m`, `1.5 hours`, `1h30`, `1:15`, `an hour`, at
//! the start or the end of the line); a line that cannot be read gets a correction that
//! names the part it could not read and shows a line that works.

mod duration;

use duration::duration;

use crate::text::escape;

/// A parsed `/mops log …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogCommand {
    /// `/mops log` alone: this week's entries.
    Week,
    Summary {
        weeks: u32,
    },
    Undo,
    Export,
    Clear,
    Help,
    Add(NewEntry),
}

pub use crate::store::worklog::NewEntry;

/// What to tell a person whose line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction(pub String);

pub const MAX_WHAT: usize = 200;
pub const MAX_TEAM: usize = 40;
pub const MAX_SUMMARY_WEEKS: u32 = 26;
pub const DEFAULT_SUMMARY_WEEKS: u32 = 4;
const MAX_MINUTES: f64 = 24.0 * 60.0;
const EXAMPLE: &str =
    "`/mops log 3h salesforce admin for sales` or `/mops log 45m fixed the webinar sync`";

/// Parses the text after `/mops log`.
pub fn parse(rest: &str) -> Result<LogCommand, Correction> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let Some((first, args)) = words.split_first() else {
        return Ok(LogCommand::Week);
    };
    let alone = |cmd: LogCommand| args.is_empty().then_some(cmd);
    let command = match clean(first).as_str() {
        "week" | "list" | "show" | "entries" => alone(LogCommand::Week),
        "help" | "?" => alone(LogCommand::Help),
        "undo" | "oops" => alone(LogCommand::Undo),
        "export" | "csv" | "download" => alone(LogCommand::Export),
        "clear" | "erase" | "forget" | "reset" => alone(LogCommand::Clear),
        "summary" | "summarise" | "summarize" | "totals" | "report" => {
            return summary_weeks(args).map(|weeks| LogCommand::Summary { weeks });
        }
        _ => None,
    };
    match command {
        Some(command) => Ok(command),
        None => entry(&words).map(LogCommand::Add),
    }
}

fn summary_weeks(args: &[&str]) -> Result<u32, Correction> {
    let words: Vec<String> = args
        .iter()
        .map(|w| clean(w))
        .filter(|w| !matches!(w.as_str(), "for" | "last" | "the" | "past"))
        .collect();
    let weeks = match words.as_slice() {
        [] => Some(DEFAULT_SUMMARY_WEEKS),
        [n] | [n, _] if words.len() == 1 || is_weeks(&words[1]) => {
            let n = n.strip_suffix('w').unwrap_or(n);
            n.parse::<u32>().ok()
        }
        _ => None,
    };
    weeks
        .filter(|w| (1..=MAX_SUMMARY_WEEKS).contains(w))
        .ok_or_else(|| {
            Correction(format!(
                "I couldn't read '{}' as a number of weeks from 1 to {MAX_SUMMARY_WEEKS}. For \
                 example `/mops log summary 8`.",
                shown(&args.join(" "))
            ))
        })
}

fn is_weeks(word: &str) -> bool {
    matches!(word, "week" | "weeks" | "wk" | "wks" | "w")
}

/// A word without the punctuation people put around it, lower case.
fn clean(word: &str) -> String {
    word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '!' | '?' | '(' | ')' | '"'))
        .trim_end_matches('.')
        .to_lowercase()
}

/// User text quoted back: short, without formatting marks, escaped for mrkdwn.
fn shown(text: &str) -> String {
    let short: String = text
        .chars()
        .filter(|c| !matches!(c, '`' | '*' | '_' | '~'))
        .take(40)
        .collect();
    escape(&short)
}

fn entry(words: &[&str]) -> Result<NewEntry, Correction> {
    let lowered: Vec<String> = words.iter().map(|w| clean(w)).collect();
    let lowered: Vec<&str> = lowered.iter().map(String::as_str).collect();
    let (minutes, rest) = if let Some((minutes, used)) = duration(&lowered) {
        (minutes, &words[used..])
    } else if let Some((minutes, used)) = (1..=3.min(words.len().saturating_sub(1)))
        .find_map(|k| duration(&lowered[words.len() - k..]).filter(|(_, u)| *u == k))
    {
        (minutes, &words[..words.len() - used])
    } else {
        return Err(Correction(unreadable(words[0])));
    };
    if minutes < 0.5 {
        return Err(Correction(format!(
            "'{}' is no time at all; log at least a minute, for example {EXAMPLE}.",
            shown(words[0])
        )));
    }
    if minutes > MAX_MINUTES {
        return Err(Correction(
            "That's more than a day. Log at most 24h per entry (one entry per day works well), \
             for example `/mops log 6h migration prep`."
                .to_owned(),
        ));
    }
    let rest: Vec<&str> = rest
        .iter()
        .copied()
        .skip_while(|w| {
            matches!(
                clean(w).as_str(),
                "" | "-" | "–" | "—" | "of" | "on" | "doing"
            )
        })
        .collect();
    let (what, asked_by) = split_team(&rest);
    if what.is_empty() {
        return Err(Correction(format!(
            "Add what you worked on after the time, for example {EXAMPLE}."
        )));
    }
    let length = what.chars().count();
    if length > MAX_WHAT {
        return Err(Correction(format!(
            "Keep the description under {MAX_WHAT} characters (yours has {length}) so your \
             summary stays easy to read."
        )));
    }
    Ok(NewEntry {
        minutes: minutes.round() as i64,
        what: what.into(),
        asked_by,
    })
}

/// `… for <team>` at the end (one to three words) names the team that asked.
fn split_team(words: &[&str]) -> (String, Option<String>) {
    let at = words.iter().rposition(|w| clean(w) == "for").filter(|&i| {
        let after = &words[i + 1..];
        let the = after.first().is_some_and(|w| clean(w) == "the");
        i > 0 && (1..=3).contains(&(after.len() - usize::from(the)))
    });
    let Some(i) = at else {
        return (words.join(" "), None);
    };
    let team: Vec<String> = words[i + 1..]
        .iter()
        .map(|w| clean(w))
        .skip_while(|w| w == "the")
        .filter(|w| !w.is_empty())
        .collect();
    let team = team.join(" ");
    if team.is_empty() || team.chars().count() > MAX_TEAM {
        return (words.join(" "), None);
    }
    (words[..i].join(" "), Some(team))
}

fn unreadable(first: &str) -> String {
    let word = clean(first);
    if !word.chars().any(|c| c.is_ascii_digit()) {
        return format!("Start with how long it took, then what you did: {EXAMPLE}.");
    }
    let unit: String = word
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        .to_owned();
    if matches!(
        unit.as_str(),
        "d" | "day" | "days" | "w" | "wk" | "week" | "weeks"
    ) {
        return format!(
            "I read hours and minutes only, so '{}' doesn't work. Log a day's work as hours, \
             for example `/mops log 6h migration prep`.",
            shown(first)
        );
    }
    format!(
        "I couldn't read '{}' as a time. Write hours or minutes, such as `2h`, `90m`, \
         `1.5 hours` or `1h30`, then what you did: {EXAMPLE}.",
        shown(first)
    )
}

#[cfg(test)]
mod tests;
