//! Reading single values from the environment: each parser names its variable in the error, so
//! a bad setting is reported as "VARIABLE: what was expected, what was found".

use std::time::Duration;

use url::Url;

use super::{ConfigError, DEFAULT_API_URL, RetryPolicy};

/// A whole number of at least 1, or `None` when unset.
pub(super) fn positive(
    name: &'static str,
    value: Option<String>,
) -> Result<Option<usize>, ConfigError> {
    value
        .map(|raw| match raw.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(ConfigError::new(
                name,
                format!("expected a whole number of at least 1, got {raw:?}"),
            )),
        })
        .transpose()
}

/// `MOPS_SLACK_TIMEOUT`: how long one call to Slack may take (default 10 s).
pub(super) fn slack_timeout(raw: Option<String>) -> Result<Duration, ConfigError> {
    let Some(raw) = raw else {
        return Ok(RetryPolicy::default().timeout);
    };
    raw.parse::<jiff::SignedDuration>()
        .ok()
        .and_then(|d| Duration::try_from(d).ok())
        .filter(|d| (Duration::from_millis(100)..=Duration::from_secs(120)).contains(d))
        .ok_or_else(|| {
            ConfigError::new(
                "MOPS_SLACK_TIMEOUT",
                format!("expected a duration from 100ms to 2m such as 10s, got {raw:?}"),
            )
        })
}

/// `on` (the default when unset) or `off`.
pub(super) fn on_off(name: &'static str, value: Option<String>) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(ConfigError::new(
            name,
            format!("expected `on` or `off`, got {other:?}"),
        )),
    }
}

pub(super) fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw).map_err(|e| {
        ConfigError::new(
            "SLACK_API_URL",
            format!("not a URL ({e}); the default is {DEFAULT_API_URL}"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError::new(
            "SLACK_API_URL",
            format!("expected an http(s) URL such as {DEFAULT_API_URL}, got {raw:?}"),
        ));
    }
    Ok(url)
}
