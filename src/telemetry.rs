//! Logging: `tracing` spans and events, written pretty for people or as JSON for machines;
//! and the Prometheus `metrics`.

pub mod metrics;
mod series;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; `RUST_LOG` picks the level (default `info`).
/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second init (tests, repeated CLI calls in one process) is harmless, so ignore it.
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
}
