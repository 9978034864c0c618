//! The command line: `serve`, `ask`, `check`, `eval` and the operator tools. This module owns the
//! process's own output; everything else logs through `tracing`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

mod ask;
mod db;
mod eval;
mod keys;
mod nudges;
mod render;

use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::guidance::Guide;
use crate::guidance::library::Loaded;
use crate::startup::{Application, shutdown_signal};
use crate::telemetry;

#[derive(Debug, Parser)]
#[command(
    name = "mops-bot",
    version,
    about = "Career and advocacy guidance for marketing-operations people, in Slack"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the bot: HTTP endpoints (and Socket Mode when SLACK_APP_TOKEN is set) and the nudge scheduler.
    Serve,
    /// Try the bot without Slack: a local web page on MOPS_LISTEN that answers as Slack shows it.
    Playground,
    /// Ask a question as if typed after `/mops`, and print the answer.
    Ask {
        /// Print JSON: the payload that would be sent to Slack, or with --explain, the explanation.
        #[arg(long)]
        json: bool,
        /// Instead of the answer, show why: the words and phrases that counted for each
        /// candidate topic, the scores, the margin and the rule that decided.
        #[arg(long)]
        explain: bool,
        /// The question, e.g. `advice burnout`.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Exit 0 if the bot at MOPS_LISTEN (or PORT) is alive (/healthz), or with --ready, ready
    /// to work (/readyz: database, packs, Socket Mode); for container health checks.
    Health {
        /// Check readiness instead of liveness.
        #[arg(long)]
        ready: bool,
    },
    /// Check the response packs and nudges (default: the built-in library).
    Check {
        /// A folder of packs to check instead.
        dir: Option<PathBuf>,
    },
    /// Print helpful / not-helpful counts per topic and per nudge (reads DATABASE_URL).
    Report {
        /// Instead, list the questions answered "not sure" or with low confidence (kept for
        /// 30 days when the bot runs with MOPS_RECORD_UNMATCHED=true).
        #[arg(long)]
        unmatched: bool,
    },
    /// The weekly nudges: list them, or deliver the ones due (for cron).
    Nudges {
        #[command(subcommand)]
        command: nudges::NudgesCommand,
    },
    /// Database tools: `db copy --from sqlite://… --to postgres://…` moves to PostgreSQL.
    Db {
        #[command(subcommand)]
        command: db::DbCommand,
    },
    /// Encryption keys: `keys rotate` re-seals stored tokens with MOPS_ENCRYPTION_KEY.
    Keys {
        #[command(subcommand)]
        command: keys::KeysCommand,
    },
    /// Measure the matcher on a labelled file of `topic<TAB>query` lines (`none` = out of scope).
    Eval {
        /// The labelled queries, e.g. `tests/eval/holdout-slack.tsv`.
        #[arg(required_unless_present = "cross_validate")]
        file: Option<PathBuf>,
        /// Instead, measure on each training file (`responses/training-*.tsv`) with a matcher
        /// whose model did not learn from it.
        #[arg(long, conflicts_with = "file")]
        cross_validate: bool,
        /// Print the figures and misses as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fit the matcher's decision weights to the training questions: prints the new
    /// `src/guidance/matcher/fitted.rs` (figures, each training file held out, on stderr).
    Tune,
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // Output piped into `head` and the like: the reader has all it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "mops-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let clock: SharedClock = Arc::new(SystemClock);
    match cli.command {
        Command::Serve => serve(),
        Command::Playground => playground(clock),
        Command::Ask {
            json,
            explain,
            text,
        } => ask::run(&guide(&clock)?, json, explain, &text.join(" ")),
        Command::Check { dir } => check(&clock, dir),
        Command::Health { ready } => health(ready),
        Command::Report { unmatched } => {
            write!(
                std::io::stdout().lock(),
                "{}",
                crate::report::from_env(unmatched)?
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Nudges { command } => nudges::run(command, || guide(&clock)),
        Command::Db { command } => db::run(command),
        Command::Keys { command } => keys::run(command),
        Command::Eval {
            file: Some(file),
            json,
            ..
        } => eval::run(&guide(&clock)?, &file, json),
        Command::Eval { json, .. } => eval::cross_validate(&guide(&clock)?, json),
        Command::Tune => eval::tune(&guide(&clock)?),
    }
}

fn serve() -> anyhow::Result<ExitCode> {
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    config.check_serve()?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let app = Application::build(config).await?;
        app.run_until_stopped(shutdown_signal()).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Needs no Slack settings: only `MOPS_LISTEN` and, to edit packs live, `MOPS_RESPONSES_DIR`.
fn playground(clock: SharedClock) -> anyhow::Result<ExitCode> {
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let playground = crate::playground::Playground::build(config, clock).await?;
        playground.run_until_stopped(shutdown_signal()).await
    })?;
    Ok(ExitCode::SUCCESS)
}

fn responses_dir() -> Option<PathBuf> {
    let _ = dotenvy::dotenv();
    std::env::var_os("MOPS_RESPONSES_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn load(
    clock: &SharedClock,
    dir: Option<PathBuf>,
) -> Result<Loaded, Vec<crate::guidance::diagnostic::Diagnostic>> {
    let today = clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    crate::startup::load_library(dir.as_deref(), today)
}

fn guide(clock: &SharedClock) -> anyhow::Result<Guide> {
    match load(clock, responses_dir()) {
        Ok(loaded) => Ok(Guide::new(loaded.library)),
        Err(errors) => {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            anyhow::bail!(
                "the response packs are invalid (run `mops-bot check`):\n{}",
                list.join("\n")
            )
        }
    }
}

fn check(clock: &SharedClock, dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let dir = dir.or_else(responses_dir);
    let shown = dir.as_ref().map_or_else(
        || "the built-in library".to_owned(),
        |d| d.display().to_string(),
    );
    let mut out = std::io::stdout().lock();
    match load(clock, dir) {
        Ok(Loaded { library, warnings }) => {
            for w in &warnings {
                writeln!(out, "{w}")?;
            }
            writeln!(
                out,
                "{shown}: {} packs, {} nudges and {} training questions are valid ({} warnings)",
                library.packs().len(),
                library.nudges().len(),
                library
                    .training()
                    .iter()
                    .map(|f| f.questions.len())
                    .sum::<usize>(),
                warnings.len()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                writeln!(out, "{e}")?;
            }
            writeln!(
                out,
                "{shown}: {} errors; the bot will not start until they are fixed",
                errors.len()
            )?;
            Ok(ExitCode::FAILURE)
        }
    }
}

fn health(ready: bool) -> anyhow::Result<ExitCode> {
    let config = Config::from_env()?;
    let port = config.listen.port();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let healthy = runtime.block_on(async {
        let path = if ready { "readyz" } else { "healthz" };
        let url = format!("http://127.0.0.1:{port}/{path}");
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(3))
            .build()?;
        anyhow::Ok(
            client
                .get(url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success()),
        )
    })?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", if healthy { "healthy" } else { "unhealthy" })?;
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
