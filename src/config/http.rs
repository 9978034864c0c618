//! Limits on the HTTP server itself: how long a client may take to send a request, how long
//! an idle connection is kept, how many connections are open at once, how big a body may be.

use std::time::Duration;

use super::ConfigError;
use crate::settings::duration;

/// The HTTP server's limits; tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// A request's headers must have arrived this long after the connection opened (or, on a
    /// kept-alive connection, after the previous response). `MOPS_HTTP_HEADER_TIMEOUT`.
    pub header_timeout: Duration,
    /// A request's whole body must have arrived this long after its headers; otherwise 408
    /// and the connection is closed. `MOPS_HTTP_BODY_TIMEOUT`.
    pub body_timeout: Duration,
    /// A connection on which no byte moves either way for this long is closed.
    /// `MOPS_HTTP_IDLE_TIMEOUT`.
    pub idle_timeout: Duration,
    /// Connections open at once; past this, new ones get a 503 and are closed.
    /// `MOPS_HTTP_MAX_CONNECTIONS`.
    pub max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

impl HttpLimits {
    /// Reads the limits through `var` (trimmed, `None` when unset or empty).
    pub(super) fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut limits = Self::default();
        for (name, field) in [
            ("MOPS_HTTP_HEADER_TIMEOUT", &mut limits.header_timeout),
            ("MOPS_HTTP_BODY_TIMEOUT", &mut limits.body_timeout),
            ("MOPS_HTTP_IDLE_TIMEOUT", &mut limits.idle_timeout),
        ] {
            if let Some(raw) = var(name) {
                let value = duration(name, &raw)?;
                if value.is_zero() || value > Duration::from_secs(3600) {
                    return Err(ConfigError::new(
                        name,
                        format!("expected a duration between 1s and 1h, got {raw:?}"),
                    ));
                }
                *field = value;
            }
        }
        if let Some(raw) = var("MOPS_HTTP_MAX_CONNECTIONS") {
            limits.max_connections = raw
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1_000_000).contains(n))
                .ok_or_else(|| {
                    ConfigError::new(
                        "MOPS_HTTP_MAX_CONNECTIONS",
                        format!("expected a number of connections such as 1024, got {raw:?}"),
                    )
                })?;
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<HttpLimits, ConfigError> {
        HttpLimits::from_vars(&|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_overrides_and_refusals() {
        assert_eq!(read(&[]).unwrap(), HttpLimits::default());
        let set = read(&[
            ("MOPS_HTTP_HEADER_TIMEOUT", "5s"),
            ("MOPS_HTTP_IDLE_TIMEOUT", "2m"),
            ("MOPS_HTTP_MAX_CONNECTIONS", "64"),
        ])
        .unwrap();
        assert_eq!(set.header_timeout, Duration::from_secs(5));
        assert_eq!(set.idle_timeout, Duration::from_secs(120));
        assert_eq!(set.max_connections, 64);
        for (var, value) in [
            ("MOPS_HTTP_BODY_TIMEOUT", "0s"),
            ("MOPS_HTTP_BODY_TIMEOUT", "soon"),
            ("MOPS_HTTP_HEADER_TIMEOUT", "2h"),
            ("MOPS_HTTP_MAX_CONNECTIONS", "0"),
            ("MOPS_HTTP_MAX_CONNECTIONS", "lots"),
        ] {
            assert_eq!(read(&[(var, value)]).unwrap_err().var, var, "{var}={value}");
        }
    }
}
