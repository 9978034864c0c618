//! What every module's settings share: the error a bad environment variable gives, and the
//! parsers for counts and durations. A leaf, so settings types can live with the code that
//! uses them (`nudges::settings`, `worklog::settings`) while `config` gathers them, without
//! either side importing the other.

use std::time::Duration;

/// A setting that cannot be used: the variable, and what to set instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {problem}")]
pub struct SettingError {
    pub var: &'static str,
    pub problem: String,
}

impl SettingError {
    pub(crate) fn new(var: &'static str, problem: impl Into<String>) -> Self {
        Self {
            var,
            problem: problem.into(),
        }
    }
}

/// A number of deliveries in flight, 1 to 1024.
pub(crate) fn count(var: &'static str, raw: &str) -> Result<usize, SettingError> {
    raw.parse()
        .ok()
        .filter(|n| (1..=1024).contains(n))
        .ok_or_else(|| {
            SettingError::new(
                var,
                format!("expected a number from 1 to 1024, got {raw:?}"),
            )
        })
}

/// `6h`, `90m`, `1h30m`, `45s` or ISO 8601 (`PT6H`).
pub(crate) fn duration(var: &'static str, raw: &str) -> Result<Duration, SettingError> {
    raw.parse::<jiff::SignedDuration>()
        .ok()
        .and_then(|d| Duration::try_from(d).ok())
        .ok_or_else(|| {
            SettingError::new(
                var,
                format!("expected a duration such as 6h, 90m or 1h30m, got {raw:?}"),
            )
        })
}
