//! A channel's weekly slot (weekday, local time, IANA time zone) and the instants it falls
//! on. Slots are computed in the channel's own zone, so a Monday 09:00 New York channel is
//! posted to at 09:00 local in summer and in winter alike; a local time that a DST change
//! skips (02:30 on spring-forward day) moves forward by the gap, and a repeated one takes
//! its first occurrence.

use std::fmt;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp, Zoned};

use crate::store::subscriptions::Subscription;

/// The shortest gap between two nudges to one channel, whatever its schedule became.
pub const MIN_GAP: SignedDuration = SignedDuration::from_hours(6 * 24);

/// When a channel gets its nudge.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub weekday: Weekday,
    /// Minutes after local midnight, 0..1440.
    pub minute_of_day: u16,
    pub tz: TimeZone,
}

/// A time zone name the IANA database does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?}")]
pub struct UnknownZone(pub String);

/// Looks `name` up in the IANA database (case-insensitively).
pub fn zone(name: &str) -> Result<TimeZone, UnknownZone> {
    TimeZone::get(name).map_err(|_| UnknownZone(name.to_owned()))
}

impl Schedule {
    /// The default slot: Monday 09:00.
    pub fn default_in(tz: TimeZone) -> Self {
        Self {
            weekday: Weekday::Monday,
            minute_of_day: 9 * 60,
            tz,
        }
    }

    /// Rebuilds a stored schedule; `None` when a stored value no longer makes sense (for
    /// example a zone removed from a newer IANA database).
    pub fn from_stored(weekday: i64, minute_of_day: i64, tz_name: &str) -> Option<Self> {
        let weekday = Weekday::from_monday_one_offset(i8::try_from(weekday).ok()?).ok()?;
        let minute_of_day = u16::try_from(minute_of_day).ok().filter(|m| *m < 1440)?;
        Some(Self {
            weekday,
            minute_of_day,
            tz: zone(tz_name).ok()?,
        })
    }

    /// The canonical IANA name, as stored.
    pub fn zone_name(&self) -> &str {
        self.tz.iana_name().unwrap_or("UTC")
    }

    /// Monday is 1, Sunday 7 (ISO 8601), as stored.
    pub fn weekday_number(&self) -> i64 {
        i64::from(self.weekday.to_monday_one_offset())
    }

    fn hour_minute(&self) -> (i8, i8) {
        // minute_of_day < 1440, so both fit.
        (
            (self.minute_of_day / 60) as i8,
            (self.minute_of_day % 60) as i8,
        )
    }

    /// The slot on `date`, which must be the schedule's weekday.
    fn on(&self, date: Date) -> Option<Zoned> {
        let (h, m) = self.hour_minute();
        date.at(h, m, 0, 0).to_zoned(self.tz.clone()).ok()
    }

    /// The first slot at or after `at`.
    pub fn first_at_or_after(&self, at: Timestamp) -> Timestamp {
        let local = at.to_zoned(self.tz.clone()).date();
        // The slot is at most one week and a day (a DST shift) away.
        for offset in 0..=8 {
            let Ok(date) = local.checked_add(Span::new().days(offset)) else {
                break;
            };
            if date.weekday() != self.weekday {
                continue;
            }
            if let Some(slot) = self.on(date) {
                if slot.timestamp() >= at {
                    return slot.timestamp();
                }
            }
        }
        // Only reachable at the edge of jiff's range; a far-future slot is never due.
        Timestamp::MAX
    }

    /// The first slot strictly after `at`.
    pub fn first_after(&self, at: Timestamp) -> Timestamp {
        self.first_at_or_after(at.checked_add(SignedDuration::from_secs(1)).unwrap_or(at))
    }

    /// The latest slot at or before `at`, if any slot from `not_before` on qualifies.
    pub fn latest_at_or_before(&self, at: Timestamp, not_before: Timestamp) -> Option<Timestamp> {
        let week_and_a_day = SignedDuration::from_hours(8 * 24);
        let start = at.checked_sub(week_and_a_day).unwrap_or(at).max(not_before);
        let mut slot = self.first_at_or_after(start);
        if slot > at {
            return None;
        }
        loop {
            let next = self.first_after(slot);
            if next > at {
                return Some(slot);
            }
            slot = next;
        }
    }

    /// The ISO week (in the channel's zone) a slot belongs to, e.g. `2026-W49`: the ledger
    /// allows one delivery per channel per week, even when the schedule changes mid-week.
    pub fn week_of(&self, slot: Timestamp) -> String {
        let week = slot.to_zoned(self.tz.clone()).date().iso_week_date();
        format!("{:04}-W{:02}", week.year(), week.week())
    }

    /// `Monday at 09:00 (Europe/Berlin)`.
    pub fn describe(&self) -> String {
        let (h, m) = self.hour_minute();
        format!(
            "{} at {h:02}:{m:02} ({})",
            weekday_name(self.weekday),
            self.zone_name()
        )
    }

    /// A slot shown in the channel's zone: `Monday 30 November 2026 at 09:00 EST`.
    pub fn local(&self, at: Timestamp) -> LocalTime {
        LocalTime(at.to_zoned(self.tz.clone()))
    }
}

/// An instant shown in a channel's time zone.
#[derive(Debug, Clone)]
pub struct LocalTime(Zoned);

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%A %-d %B %Y at %H:%M %Z"))
    }
}

/// `Monday`, …
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// The schedule a stored subscription names; `None` if its time zone is no longer known.
pub fn schedule_of(sub: &Subscription) -> Option<Schedule> {
    Schedule::from_stored(sub.weekday, sub.minute_of_day, &sub.time_zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn monday_nine(tz: &str) -> Schedule {
        Schedule::default_in(zone(tz).unwrap())
    }

    #[test]
    fn the_slot_follows_local_time_across_daylight_saving() {
        let ny = monday_nine("America/New_York");
        // Winter (EST, UTC-5) and summer (EDT, UTC-4).
        assert_eq!(
            ny.first_at_or_after(ts("2026-11-24T00:00:00Z")),
            ts("2026-11-30T14:00:00Z")
        );
        assert_eq!(
            ny.first_at_or_after(ts("2027-03-09T00:00:00Z")),
            ts("2027-03-15T13:00:00Z")
        );
        assert_eq!(
            ny.first_at_or_after(ts("2026-11-30T14:00:00Z")),
            ts("2026-11-30T14:00:00Z"),
            "a slot is due at its own instant"
        );
        assert_eq!(
            ny.first_after(ts("2026-11-30T14:00:00Z")),
            ts("2026-12-07T14:00:00Z")
        );
    }

    #[test]
    fn a_skipped_local_time_moves_forward_and_a_repeated_one_comes_once() {
        let mut s = monday_nine("Europe/Berlin");
        s.weekday = Weekday::Sunday;
        s.minute_of_day = 2 * 60 + 30;
        // 2027-03-28 02:30 does not exist in Berlin: clocks go 02:00 -> 03:00 CEST.
        assert_eq!(
            s.first_at_or_after(ts("2027-03-27T00:00:00Z")),
            ts("2027-03-28T01:30:00Z")
        );
        // 2026-10-25 02:30 happens twice; the first (CEST, UTC+2) is the slot.
        assert_eq!(
            s.first_at_or_after(ts("2026-10-24T00:00:00Z")),
            ts("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            s.first_after(ts("2026-10-25T00:30:00Z")),
            ts("2026-11-01T01:30:00Z")
        );
    }

    #[test]
    fn latest_slot_and_week_keys() {
        let utc = monday_nine("UTC");
        let now = ts("2026-12-16T12:00:00Z");
        assert_eq!(
            utc.latest_at_or_before(now, ts("2026-11-01T00:00:00Z")),
            Some(ts("2026-12-14T09:00:00Z"))
        );
        assert_eq!(
            utc.latest_at_or_before(now, ts("2026-12-15T00:00:00Z")),
            None
        );
        assert_eq!(utc.week_of(ts("2026-12-14T09:00:00Z")), "2026-W51");
        assert_eq!(utc.week_of(ts("2027-01-04T09:00:00Z")), "2027-W01");
    }

    #[test]
    fn zones_are_found_case_insensitively_and_shown_canonically() {
        let s = monday_nine("europe/berlin");
        assert_eq!(s.zone_name(), "Europe/Berlin");
        assert_eq!(s.describe(), "Monday at 09:00 (Europe/Berlin)");
        assert!(zone("Mars/Olympus").is_err());
        let back = Schedule::from_stored(1, 540, "Europe/Berlin").unwrap();
        assert_eq!(back, s);
        assert!(Schedule::from_stored(8, 540, "UTC").is_none());
        assert_eq!(
            s.local(ts("2026-11-30T08:00:00Z")).to_string(),
            "Monday 30 November 2026 at 09:00 CET"
        );
    }
}
