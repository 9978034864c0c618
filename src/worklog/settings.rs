//! Work-log settings from the environment: how long entries are kept
//! (`MOPS_LOG_RETENTION`, default 180 days) and how many one person may hold.

use std::time::Duration;

use crate::settings::SettingError;

/// How the work log is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkLogSettings {
    /// Entries older than this are deleted by the periodic run. `MOPS_LOG_RETENTION`: days
    /// (`180`, `180d`) or a duration (`4320h`); default 180 days, from 1 day to 10 years.
    pub retention: Duration,
    /// Entries one person may hold; logging more is refused with a note until some go.
    pub max_entries: i64,
}

const DAY: u64 = 24 * 3600;

impl Default for WorkLogSettings {
    fn default() -> Self {
        Self {
            retention: Duration::from_secs(180 * DAY),
            max_entries: 2000,
        }
    }
}

impl WorkLogSettings {
    /// Reads the settings through `var` (already trimmed, `None` when unset or empty).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, SettingError> {
        let mut s = Self::default();
        if let Some(raw) = var("MOPS_LOG_RETENTION") {
            s.retention = retention(&raw).ok_or_else(|| SettingError {
                var: "MOPS_LOG_RETENTION",
                problem: format!(
                    "expected a number of days from 1 to 3650 (such as 180 or 90d), got {raw:?}"
                ),
            })?;
        }
        Ok(s)
    }
}

fn retention(raw: &str) -> Option<Duration> {
    let lower = raw.to_ascii_lowercase();
    let days = lower
        .strip_suffix("days")
        .or_else(|| lower.strip_suffix('d'))
        .unwrap_or(&lower)
        .trim();
    let duration = match days.parse::<u64>() {
        Ok(n) => Duration::from_secs(n.checked_mul(DAY)?),
        Err(_) => raw
            .parse::<jiff::SignedDuration>()
            .ok()
            .and_then(|d| Duration::try_from(d).ok())?,
    };
    (Duration::from_secs(DAY)..=Duration::from_secs(3650 * DAY))
        .contains(&duration)
        .then_some(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: Option<&str>) -> Result<WorkLogSettings, SettingError> {
        WorkLogSettings::from_vars(|k| {
            (k == "MOPS_LOG_RETENTION")
                .then_some(value)
                .flatten()
                .map(str::to_owned)
        })
    }

    #[test]
    fn retention_reads_days_and_durations_and_names_the_variable() {
        assert_eq!(
            read(None).unwrap().retention,
            Duration::from_secs(180 * DAY)
        );
        assert_eq!(
            read(Some("90")).unwrap().retention,
            Duration::from_secs(90 * DAY)
        );
        assert_eq!(
            read(Some("30d")).unwrap().retention,
            Duration::from_secs(30 * DAY)
        );
        assert_eq!(
            read(Some("48h")).unwrap().retention,
            Duration::from_secs(2 * DAY)
        );
        for bad in ["0", "soon", "1h", "-5d", "99999"] {
            assert_eq!(
                read(Some(bad)).unwrap_err().var,
                "MOPS_LOG_RETENTION",
                "{bad}"
            );
        }
    }
}
