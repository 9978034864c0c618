//! The weekly-nudge settings read from the environment (part of `Config`, which turns a
//! [`SettingError`] into its own error).

use std::time::Duration;

pub use crate::settings::SettingError;
use crate::settings::{count, duration};

/// How the scheduler runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NudgeSettings {
    /// A slot missed (the bot was down) is still delivered this long after its time, and
    /// skipped after that. `MOPS_NUDGE_GRACE`, default 6h; under a week.
    pub grace: Duration,
    /// How often `serve` looks for due nudges; `None` leaves it to `mops-bot nudges run-due`
    /// (e.g. from cron). `MOPS_NUDGE_INTERVAL`, default 30s, `off` to disable.
    pub interval: Option<Duration>,
    /// Deliveries in flight at once. `MOPS_NUDGE_CONCURRENCY`, default 32.
    pub concurrency: usize,
    /// Messages per second to one workspace. `MOPS_NUDGE_WORKSPACE_RATE`, default 5.
    pub workspace_rate: f64,
    /// Deliveries in flight at once to one workspace, so a workspace with many channels (or a
    /// slow answer from Slack) never holds every slot; the first post of a run goes alone
    /// (see `slots`). `MOPS_NUDGE_WORKSPACE_CONCURRENCY`, default 4.
    pub workspace_concurrency: usize,
}

impl Default for NudgeSettings {
    fn default() -> Self {
        Self {
            grace: Duration::from_secs(6 * 3600),
            interval: Some(Duration::from_secs(30)),
            concurrency: 32,
            workspace_rate: 5.0,
            workspace_concurrency: 4,
        }
    }
}

const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);

impl NudgeSettings {
    /// Reads the settings through `var` (already trimmed, `None` when unset or empty).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, SettingError> {
        let mut s = Self::default();
        if let Some(raw) = var("MOPS_NUDGE_GRACE") {
            s.grace = duration("MOPS_NUDGE_GRACE", &raw)?;
            if s.grace >= WEEK {
                return Err(SettingError::new(
                    "MOPS_NUDGE_GRACE",
                    format!("must be shorter than a week, got {raw:?}; the default is 6h"),
                ));
            }
        }
        if let Some(raw) = var("MOPS_NUDGE_INTERVAL") {
            s.interval = if raw.eq_ignore_ascii_case("off") {
                None
            } else {
                let d = duration("MOPS_NUDGE_INTERVAL", &raw)?;
                if d < Duration::from_secs(1) {
                    return Err(SettingError::new(
                        "MOPS_NUDGE_INTERVAL",
                        format!("must be at least 1s (or `off`), got {raw:?}"),
                    ));
                }
                Some(d)
            };
        }
        if let Some(raw) = var("MOPS_NUDGE_CONCURRENCY") {
            s.concurrency = count("MOPS_NUDGE_CONCURRENCY", &raw)?;
        }
        if let Some(raw) = var("MOPS_NUDGE_WORKSPACE_CONCURRENCY") {
            s.workspace_concurrency = count("MOPS_NUDGE_WORKSPACE_CONCURRENCY", &raw)?;
        }
        if let Some(raw) = var("MOPS_NUDGE_WORKSPACE_RATE") {
            s.workspace_rate = raw
                .parse()
                .ok()
                .filter(|r: &f64| r.is_finite() && *r >= 0.1 && *r <= 1000.0)
                .ok_or_else(|| {
                    SettingError::new(
                        "MOPS_NUDGE_WORKSPACE_RATE",
                        format!("expected messages per second from 0.1 to 1000, got {raw:?}"),
                    )
                })?;
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<NudgeSettings, SettingError> {
        NudgeSettings::from_vars(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_and_overrides() {
        assert_eq!(read(&[]).unwrap(), NudgeSettings::default());
        let s = read(&[
            ("MOPS_NUDGE_GRACE", "1h30m"),
            ("MOPS_NUDGE_INTERVAL", "off"),
            ("MOPS_NUDGE_CONCURRENCY", "8"),
            ("MOPS_NUDGE_WORKSPACE_RATE", "2.5"),
            ("MOPS_NUDGE_WORKSPACE_CONCURRENCY", "2"),
        ])
        .unwrap();
        assert_eq!(s.workspace_concurrency, 2);
        assert_eq!(s.grace, Duration::from_secs(5400));
        assert_eq!(s.interval, None);
        assert_eq!(s.concurrency, 8);
        assert_eq!(s.workspace_rate, 2.5);
        assert_eq!(
            read(&[("MOPS_NUDGE_GRACE", "PT2H")]).unwrap().grace,
            Duration::from_secs(7200)
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (var, value) in [
            ("MOPS_NUDGE_GRACE", "soon"),
            ("MOPS_NUDGE_GRACE", "8d"),
            ("MOPS_NUDGE_GRACE", "-1h"),
            ("MOPS_NUDGE_INTERVAL", "0s"),
            ("MOPS_NUDGE_CONCURRENCY", "0"),
            ("MOPS_NUDGE_WORKSPACE_RATE", "fast"),
            ("MOPS_NUDGE_WORKSPACE_CONCURRENCY", "0"),
        ] {
            let err = read(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var, "{value}");
        }
    }
}
