//! The burst load test (issue 10), run by `scripts/loadtest`: starts the release `mops-bot`
//! and a minimal baseline (an axum handler that acknowledges and makes one reply POST,
//! nothing else; `baseline.rs`) against one local sink standing in for Slack's
//! `response_url`s, drives each at saturation with signed `/mops` commands, and prints for
//! each: acknowledgements per second, ack p50 / p99, the share of accepted commands whose reply
//! arrived within 2 s after the load stopped, time to drain, peak RSS, and mops-bot's delivered
//! replies per second as a share of the baseline's.
//!
//! Not a test and not run by `scripts/test` (it takes half a minute of both cores); clippy
//! still compiles it (`--all-targets`), so it cannot rot.
#![allow(clippy::print_stdout, reason = "a command-line report")]

mod baseline;
mod drive;
mod sink;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context;

pub const SECRET: &str = "loadtest-signing-secret-5d1f";
const CONNECTIONS: usize = 32;
const LOAD: Duration = Duration::from_secs(10);
/// The share of replies delivered is counted this long after the load stops.
const WINDOW: Duration = Duration::from_secs(2);

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("baseline") {
        let listen = args.get(1).context("baseline needs a listen address")?;
        return baseline::serve(listen.parse()?);
    }
    let bot = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/release/mops-bot"));
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(run(bot))
}

async fn run(bot: PathBuf) -> anyhow::Result<()> {
    let sink = sink::Sink::start().await?;
    let db = tempfile::tempdir()?;
    println!(
        "load: {CONNECTIONS} connections for {} s of signed `/mops` commands per target; replies to one local sink",
        LOAD.as_secs()
    );
    let baseline_port = free_port()?;
    let exe = std::env::current_exe()?;
    let baseline = Command::new(exe)
        .args(["baseline", &format!("127.0.0.1:{baseline_port}")])
        .stdout(Stdio::null())
        .spawn()
        .context("starting the baseline")?;
    let base = measure("baseline", baseline, baseline_port, &sink).await?;

    let bot_port = free_port()?;
    let mops = Command::new(&bot)
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_BOT_TOKEN", "xoxb-loadtest")
        .env("SLACK_API_URL", format!("{}/api", sink.base()))
        .env("MOPS_LISTEN", format!("127.0.0.1:{bot_port}"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", db.path().join("load.db").display()),
        )
        .env("MOPS_NUDGE_INTERVAL", "off")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| {
            format!(
                "starting {} (build it with cargo build --release)",
                bot.display()
            )
        })?;
    let bot = measure("mops-bot", mops, bot_port, &sink).await?;

    println!("\n{}", drive::Report::header());
    println!("{}", base.row());
    println!("{}", bot.row());
    let ratio = bot.delivered_per_sec() / base.delivered_per_sec().max(f64::MIN_POSITIVE);
    println!(
        "\nmops-bot delivered replies/s: {:.0} = {:.0}% of the baseline's {:.0}",
        bot.delivered_per_sec(),
        ratio * 100.0,
        base.delivered_per_sec()
    );
    Ok(())
}

/// Drives one target to saturation, then waits for its replies and reads its peak memory.
async fn measure(
    name: &'static str,
    mut child: Child,
    port: u16,
    sink: &sink::Sink,
) -> anyhow::Result<drive::Report> {
    let base = format!("http://127.0.0.1:{port}");
    let ready = drive::wait_healthy(&base).await;
    let outcome = match ready {
        Ok(()) => drive::run(name, &base, sink, CONNECTIONS, LOAD, WINDOW).await,
        Err(error) => Err(error),
    };
    let peak = peak_rss_kib(child.id());
    stop(&mut child);
    let mut report = outcome?;
    report.peak_rss_kib = peak;
    Ok(report)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// The process's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// SIGTERM (a graceful stop), then SIGKILL if it lingers.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    for _ in 0..100 {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}
