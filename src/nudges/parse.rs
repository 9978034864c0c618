//! The `/mops nudge …` grammar: what the person asked for, or a specific, friendly
//! correction with an example when their words cannot be read.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;

use super::schedule::{weekday_name, zone};

/// A parsed `/mops nudge …`.
#[derive(Debug, Clone, PartialEq)]
pub enum NudgeCommand {
    /// `on [weekday] [time] [zone]`; what was not given takes its default.
    On {
        weekday: Option<Weekday>,
        minute_of_day: Option<u16>,
        zone: Option<TimeZone>,
    },
    Off,
    Pause {
        weeks: u32,
    },
    Resume,
    Status,
    Preview,
    /// `settings`: the settings modal (opened by the Slack layer, which has the trigger).
    Settings,
    Help,
}

/// What to tell a person whose command could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction(pub String);

pub const MAX_PAUSE_WEEKS: u32 = 52;
const ON_EXAMPLE: &str = "`/mops nudge on tuesday 9:30am Europe/Berlin`";
const ZONE_HINT: &str = "Use an IANA time zone name such as `America/New_York`, `Europe/Berlin`, \
                         `Asia/Kolkata` or `UTC`";

/// Parses the text after `/mops nudge`.
pub fn parse(rest: &str) -> Result<NudgeCommand, Correction> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let Some((first, args)) = words.split_first() else {
        return Ok(NudgeCommand::Help);
    };
    let simple = |cmd: NudgeCommand| {
        if args.is_empty() {
            Ok(cmd)
        } else {
            Err(Correction(format!(
                "`/mops nudge {}` takes nothing after it; I couldn't use '{}'.",
                shown(first).to_lowercase(),
                shown(&args.join(" "))
            )))
        }
    };
    match clean(first).as_str() {
        "on" | "start" | "enable" | "subscribe" => parse_on(args),
        "off" | "stop" | "disable" | "unsubscribe" => simple(NudgeCommand::Off),
        "pause" | "skip" => parse_pause(args),
        "resume" | "unpause" => simple(NudgeCommand::Resume),
        "status" | "info" | "show" => simple(NudgeCommand::Status),
        "preview" | "next" => simple(NudgeCommand::Preview),
        "settings" | "setup" | "schedule" | "edit" => simple(NudgeCommand::Settings),
        "help" | "?" => Ok(NudgeCommand::Help),
        _ => Err(Correction(format!(
            "I don't know `nudge {}`. Try `/mops nudge on`, `off`, `pause 2 weeks`, `resume`, \
             `status` or `preview`.",
            shown(first)
        ))),
    }
}

fn clean(word: &str) -> String {
    word.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | '!'))
        .to_lowercase()
}

/// User text quoted back: short, without formatting marks, and escaped for mrkdwn so nothing
/// becomes a mention, a link or a broadcast.
fn shown(word: &str) -> String {
    let short: String = word
        .chars()
        .filter(|c| !matches!(c, '`' | '*'))
        .take(40)
        .collect();
    crate::text::escape(&short)
}

fn parse_on(args: &[&str]) -> Result<NudgeCommand, Correction> {
    let mut weekday = None;
    let mut minute_of_day = None;
    let mut tz = None;
    let mut i = 0;
    while i < args.len() {
        let raw = args[i];
        let word = clean(raw);
        i += 1;
        if matches!(
            word.as_str(),
            "at" | "every" | "on" | "in" | "each" | "weekly"
        ) {
            continue;
        }
        if let Some(day) = weekday_from(&word) {
            if weekday.replace(day).is_some() {
                return Err(Correction(format!(
                    "Nudges come once a week, so pick one weekday. For example {ON_EXAMPLE}."
                )));
            }
            continue;
        }
        // "8:30 am" arrives as two words.
        let mut time_text = word.clone();
        if let Some(next) = args.get(i).map(|w| clean(w)) {
            if matches!(next.as_str(), "am" | "pm" | "a.m" | "p.m") {
                time_text.push_str(&next);
                i += 1;
            }
        }
        if let Some(minutes) = time_from(&time_text) {
            minute_of_day = Some(minutes);
            continue;
        }
        if let Ok(found) = zone(raw.trim_matches(|c: char| matches!(c, ',' | ';'))) {
            tz = Some(found);
            continue;
        }
        return Err(Correction(explain(raw, &word)));
    }
    Ok(NudgeCommand::On {
        weekday,
        minute_of_day,
        zone: tz,
    })
}

fn explain(raw: &str, word: &str) -> String {
    let quoted = shown(raw);
    if word.contains('/') || (raw.len() <= 5 && raw.chars().all(|c| c.is_ascii_uppercase())) {
        return format!("I don't know the time zone '{quoted}'. {ZONE_HINT}.");
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        return format!(
            "I couldn't read '{quoted}' as a time. Use 24-hour time like `14:30` or `2:30pm`, \
             for example {ON_EXAMPLE}."
        );
    }
    let closest = ALL_DAYS
        .iter()
        .map(|d| {
            (
                strsim::levenshtein(word, &weekday_name(*d).to_lowercase()),
                *d,
            )
        })
        .min_by_key(|(distance, _)| *distance);
    let hint = match closest {
        Some((distance, day)) if distance <= 3 => format!(" Did you mean {}?", weekday_name(day)),
        _ => String::new(),
    };
    format!(
        "I couldn't read '{quoted}' as a weekday.{hint} Write the day, time and time zone like \
         {ON_EXAMPLE}. {ZONE_HINT}."
    )
}

pub(crate) const ALL_DAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

pub(crate) fn weekday_from(word: &str) -> Option<Weekday> {
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() > 3)
        .unwrap_or(word);
    let day = match word {
        "mon" | "monday" => Weekday::Monday,
        "tue" | "tues" | "tuesday" => Weekday::Tuesday,
        "wed" | "weds" | "wednesday" => Weekday::Wednesday,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thursday,
        "fri" | "friday" => Weekday::Friday,
        "sat" | "saturday" => Weekday::Saturday,
        "sun" | "sunday" => Weekday::Sunday,
        _ => return None,
    };
    Some(day)
}

/// `9`, `09:00`, `14:30`, `9am`, `8:30pm`, `noon` as minutes after midnight.
pub(crate) fn time_from(text: &str) -> Option<u16> {
    if text == "noon" {
        return Some(12 * 60);
    }
    let (clock, meridiem) = if let Some(c) = text.strip_suffix("am").or(text.strip_suffix("a.m")) {
        (c, Some(false))
    } else if let Some(c) = text.strip_suffix("pm").or(text.strip_suffix("p.m")) {
        (c, Some(true))
    } else {
        (text, None)
    };
    let (h, m) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (clock, "00"),
    };
    if h.is_empty() || h.len() > 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    if m > 59 {
        return None;
    }
    let hour = match meridiem {
        None if h <= 23 => h,
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        _ => return None,
    };
    Some(hour * 60 + m)
}

fn parse_pause(args: &[&str]) -> Result<NudgeCommand, Correction> {
    let words: Vec<String> = args
        .iter()
        .map(|w| clean(w))
        .filter(|w| !matches!(w.as_str(), "for" | "week" | "weeks" | "wk" | "wks"))
        .collect();
    let weeks = match words.as_slice() {
        [] => 1,
        [n] => match n.as_str() {
            "a" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            other => other.parse::<u32>().unwrap_or(0),
        },
        _ => 0,
    };
    if (1..=MAX_PAUSE_WEEKS).contains(&weeks) {
        Ok(NudgeCommand::Pause { weeks })
    } else {
        Err(Correction(format!(
            "I couldn't read '{}' as a number of weeks from 1 to {MAX_PAUSE_WEEKS}. For example \
             `/mops nudge pause 2 weeks`, or `/mops nudge off` to stop altogether.",
            shown(&args.join(" "))
        )))
    }
}

#[cfg(test)]
mod tests;
