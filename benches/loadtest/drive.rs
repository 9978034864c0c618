//! Drives one target: `CONNECTIONS` loops, each on its own keep-alive connection, sending signed
//! commands for the load period; then counts the replies that reached the sink.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use mops_bot::slack::verify::sign;
use tokio::time::Instant;

use crate::SECRET;
use crate::sink::Sink;

/// Questions as people type them, sent in turn.
const QUESTIONS: &[&str] = &[
    "advice burnout",
    "everyone keeps dumping extra work on me",
    "how do I show the CMO what marketing ops is worth",
    "metrics",
    "should I move into a leadership role",
];

/// What one target did.
#[derive(Debug)]
pub struct Report {
    name: &'static str,
    acks: usize,
    busy: usize,
    errors: usize,
    load: Duration,
    p50: Duration,
    p99: Duration,
    /// Accepted commands whose reply arrived within the window after the load stopped.
    delivered_in_window: usize,
    /// From the end of the load to the last reply, if every accepted command got one.
    drain: Option<Duration>,
    pub peak_rss_kib: Option<u64>,
}

impl Report {
    pub fn header() -> String {
        format!(
            "{:<9} {:>8} {:>8} {:>8} {:>6} {:>16} {:>8} {:>9} {:>10}",
            "target",
            "acks/s",
            "ack p50",
            "ack p99",
            "busy",
            "delivered in 2s",
            "drain",
            "peak RSS",
            "replies/s"
        )
    }

    pub fn row(&self) -> String {
        let accepted = self.acks - self.busy;
        let share = 100.0 * self.delivered_in_window as f64 / accepted.max(1) as f64;
        format!(
            "{:<9} {:>8.0} {:>6.2}ms {:>6.2}ms {:>6} {:>15.2}% {:>8} {:>6.1} MB {:>10.0}{}",
            self.name,
            self.acks as f64 / self.load.as_secs_f64(),
            self.p50.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0,
            self.busy,
            share,
            self.drain
                .map_or("never".to_owned(), |d| format!("{:.2}s", d.as_secs_f64())),
            self.peak_rss_kib.unwrap_or(0) as f64 / 1024.0,
            self.delivered_per_sec(),
            if self.errors > 0 {
                format!("  ({} failed requests)", self.errors)
            } else {
                String::new()
            }
        )
    }

    /// Replies delivered (within the window) per second of load.
    pub fn delivered_per_sec(&self) -> f64 {
        self.delivered_in_window as f64 / self.load.as_secs_f64()
    }
}

pub async fn wait_healthy(base: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(resp) = client.get(format!("{base}/healthz")).send().await {
            if resp.status().is_success() {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("{base} did not become healthy within 10 s")
}

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    accepted: Vec<u64>,
    busy: usize,
    errors: usize,
}

pub async fn run(
    name: &'static str,
    base: &str,
    sink: &Sink,
    connections: usize,
    load: Duration,
    window: Duration,
) -> anyhow::Result<Report> {
    sink.arrivals.take();
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let end = started + load;
    let mut loops = Vec::with_capacity(connections);
    for _ in 0..connections {
        let url = format!("{base}/slack/commands");
        let reply_base = format!("{}/response", sink.base());
        let next = next.clone();
        loops.push(tokio::spawn(async move {
            drive_one(url, reply_base, next, end).await
        }));
    }
    let mut tally = Tally::default();
    for handle in loops {
        let one = handle.await.context("a load loop failed")?;
        tally.latencies.extend(one.latencies);
        tally.accepted.extend(one.accepted);
        tally.busy += one.busy;
        tally.errors += one.errors;
    }
    let stopped = Instant::now().max(end);
    tokio::time::sleep_until(stopped + window).await;
    // Then wait (at most 30 s more) for the rest, to time the drain.
    let expected = tally.accepted.len();
    let give_up = Instant::now() + Duration::from_secs(30);
    while sink.arrivals.len() < expected && Instant::now() < give_up {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let arrivals = sink.arrivals.take();
    let accepted: HashSet<u64> = tally.accepted.iter().copied().collect();
    let mut seen = HashSet::with_capacity(arrivals.len());
    let mut delivered_in_window = 0;
    let mut last = stopped;
    for (n, at) in &arrivals {
        if accepted.contains(n) && seen.insert(*n) {
            if *at <= stopped + window {
                delivered_in_window += 1;
            }
            last = last.max(*at);
        }
    }
    let drain = (seen.len() == accepted.len()).then(|| last.saturating_duration_since(stopped));
    tally.latencies.sort_unstable();
    let pick = |q: f64| {
        let i = ((tally.latencies.len() as f64 * q) as usize)
            .min(tally.latencies.len().saturating_sub(1));
        tally.latencies.get(i).copied().unwrap_or_default()
    };
    Ok(Report {
        name,
        acks: tally.latencies.len(),
        busy: tally.busy,
        errors: tally.errors,
        load,
        p50: pick(0.50),
        p99: pick(0.99),
        delivered_in_window,
        drain,
        peak_rss_kib: None,
    })
}

async fn drive_one(url: String, reply_base: String, next: Arc<AtomicU64>, end: Instant) -> Tally {
    // One keep-alive connection per loop, as Slack's front end would hold.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap_or_default();
    let mut tally = Tally::default();
    while Instant::now() < end {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let question = QUESTIONS[(n as usize) % QUESTIONS.len()];
        let response_url = format!("{reply_base}/{n}");
        let body = serde_urlencoded::to_string([
            ("team_id", "T0LOAD"),
            ("channel_id", "C0LOAD"),
            ("user_id", "U0LOAD"),
            ("command", "/mops"),
            ("text", question),
            ("response_url", &response_url),
        ])
        .unwrap_or_default();
        let ts = jiff::Timestamp::now().as_second();
        let signature = sign(SECRET, ts, body.as_bytes());
        let sent = Instant::now();
        let resp = client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", signature)
            .body(body)
            .send()
            .await;
        let Ok(resp) = resp else {
            tally.errors += 1;
            continue;
        };
        let ok = resp.status().is_success();
        let text = resp.bytes().await.unwrap_or_default();
        tally.latencies.push(sent.elapsed());
        match (ok, text.is_empty()) {
            (true, true) => tally.accepted.push(n),
            (true, false) => tally.busy += 1,
            (false, _) => tally.errors += 1,
        }
    }
    tally
}
