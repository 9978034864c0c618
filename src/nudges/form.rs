//! The schedule form (the nudge settings modal): its fields as a person filled them in, read
//! into the same choice `/mops nudge on …` and `/mops nudge off` make, with a correction for
//! each field that cannot be used. Rendering the form is the Slack layer's job.

use jiff::civil::Weekday;
use jiff::tz::TimeZone;

use super::parse::{ALL_DAYS, time_from, weekday_from};
use super::schedule::{Schedule, weekday_name, zone};

/// A field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Enabled,
    Weekday,
    Time,
    Zone,
}

/// What the form asks for: on at a weekday, time and zone, or off.
#[derive(Debug, Clone, PartialEq)]
pub enum ScheduleChoice {
    On(Schedule),
    Off,
}

/// The form as filled in: each field's raw value, `None` when left empty.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filled<'a> {
    pub enabled: Option<&'a str>,
    pub weekday: Option<&'a str>,
    pub time: Option<&'a str>,
    pub zone: Option<&'a str>,
}

/// The values of the "on/off" field.
pub const ON: &str = "on";
pub const OFF: &str = "off";

/// Reads the form, or says what is wrong with each field that cannot be used.
pub fn read(filled: &Filled<'_>) -> Result<ScheduleChoice, Vec<(Field, String)>> {
    if filled.enabled == Some(OFF) {
        return Ok(ScheduleChoice::Off);
    }
    let mut problems = Vec::new();
    if !matches!(filled.enabled, None | Some(ON)) {
        problems.push((Field::Enabled, "Choose on or off.".to_owned()));
    }
    let weekday = match filled.weekday.and_then(weekday_from) {
        Some(day) => Some(day),
        None => {
            problems.push((Field::Weekday, "Choose a day of the week.".to_owned()));
            None
        }
    };
    let minute = match filled.time.and_then(time_from) {
        Some(minute) => Some(minute),
        None => {
            problems.push((
                Field::Time,
                "Choose a time, like 09:00 (24-hour clock).".to_owned(),
            ));
            None
        }
    };
    let tz = match filled.zone.map(str::trim).filter(|z| !z.is_empty()) {
        Some(name) => match zone(name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                problems.push((
                    Field::Zone,
                    format!(
                        "I don't know the time zone \u{201c}{}\u{201d}. Use an IANA name such as \
                         America/New_York, Europe/Berlin, Asia/Kolkata or UTC.",
                        name.chars().take(40).collect::<String>()
                    ),
                ));
                None
            }
        },
        None => {
            problems.push((
                Field::Zone,
                "Enter a time zone, such as Europe/Berlin or UTC.".to_owned(),
            ));
            None
        }
    };
    match (weekday, minute, tz) {
        (Some(weekday), Some(minute_of_day), Some(tz)) if problems.is_empty() => {
            Ok(ScheduleChoice::On(Schedule {
                weekday,
                minute_of_day,
                tz,
            }))
        }
        _ => Err(problems),
    }
}

/// The weekdays as (label, value) pairs, Monday first; the value is what [`read`] takes.
pub fn weekdays() -> Vec<(&'static str, String)> {
    ALL_DAYS
        .iter()
        .map(|d| (weekday_name(*d), weekday_name(*d).to_lowercase()))
        .collect()
}

/// A schedule as the form shows it: (weekday value, `HH:mm`, zone name).
pub fn shown(weekday: Weekday, minute_of_day: u16, tz: &TimeZone) -> (String, String, String) {
    (
        weekday_name(weekday).to_lowercase(),
        format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60),
        tz.iana_name().unwrap_or("UTC").to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_make_a_schedule_and_bad_ones_name_their_field() {
        let good = Filled {
            enabled: Some(ON),
            weekday: Some("thursday"),
            time: Some("08:30"),
            zone: Some("Europe/Berlin"),
        };
        match read(&good) {
            Ok(ScheduleChoice::On(s)) => {
                assert_eq!(s.weekday, Weekday::Thursday);
                assert_eq!(s.minute_of_day, 8 * 60 + 30);
                assert_eq!(s.zone_name(), "Europe/Berlin");
            }
            other => panic!("{other:?}"),
        }
        let off = Filled {
            enabled: Some(OFF),
            ..Filled::default()
        };
        assert_eq!(read(&off), Ok(ScheduleChoice::Off));
        let bad = Filled {
            enabled: Some(ON),
            weekday: Some("funday"),
            time: Some("25:99"),
            zone: Some("Mars/Olympus"),
        };
        let fields: Vec<Field> = read(&bad)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec![Field::Weekday, Field::Time, Field::Zone]);
    }
}
