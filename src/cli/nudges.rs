//! `mops-bot nudges list [--json]` and `mops-bot nudges run-due [--now <instant>]`.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Subcommand;
use jiff::Timestamp;

use crate::bot::nudges::scheduler;
use crate::clock::{ManualClock, SharedClock, SystemClock};
use crate::config::Config;
use crate::guidance::Guide;
use crate::startup::build_state;
use crate::telemetry;

#[derive(Debug, Subcommand)]
pub enum NudgesCommand {
    /// List the nudge library.
    List {
        /// Print a JSON array of objects with id, topic, audience, title, body and action.
        #[arg(long)]
        json: bool,
    },
    /// Deliver every nudge due now (or at `--now`) once, print a summary and exit. Exits 1
    /// when some deliveries failed and stay due for the next run.
    RunDue {
        /// The instant to run at, in RFC 3339 (e.g. 2026-11-30T14:00:00Z).
        #[arg(long, value_parser = parse_instant)]
        now: Option<Timestamp>,
    },
}

fn parse_instant(raw: &str) -> Result<Timestamp, String> {
    raw.parse()
        .map_err(|e| format!("expected an RFC 3339 instant such as 2026-11-30T14:00:00Z ({e})"))
}

/// Runs `command`; `guide` loads the library the way the other commands do.
pub fn run(
    command: NudgesCommand,
    guide: impl FnOnce() -> anyhow::Result<Guide>,
) -> anyhow::Result<ExitCode> {
    match command {
        NudgesCommand::List { json } => list(&guide()?, json),
        NudgesCommand::RunDue { now } => run_due(now),
    }
}

fn list(guide: &Guide, json: bool) -> anyhow::Result<ExitCode> {
    let nudges = guide.library.nudges();
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(nudges)?)?;
    } else {
        for n in nudges {
            let audience = if n.suits_channel() { "" } else { "personal" };
            writeln!(
                out,
                "{:<32} {:<16} {:<9} {}",
                n.id, n.topic, audience, n.title
            )?;
        }
        let channel = nudges.iter().filter(|n| n.suits_channel()).count();
        writeln!(
            out,
            "{} nudges: {channel} for channels, {} personal (never posted to a channel)",
            nudges.len(),
            nudges.len() - channel
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_due(now: Option<Timestamp>) -> anyhow::Result<ExitCode> {
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    let clock: SharedClock = match now {
        Some(at) => Arc::new(ManualClock::new(at)),
        None => Arc::new(SystemClock),
    };
    let runtime = tokio::runtime::Runtime::new()?;
    let report = runtime.block_on(async {
        let state = build_state(config, clock.clone()).await?;
        let report = scheduler::run_due(&state, clock.now()).await;
        state.db.close().await;
        anyhow::Ok(report)
    })?;
    writeln!(std::io::stdout().lock(), "{}", report.summary())?;
    Ok(if report.incomplete() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
