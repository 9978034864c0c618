//! Weekly-nudge fan-out: 10,000 subscriptions in 100 workspaces, all due at the same
//! minute, delivered by one `run_due` to a local fake Slack that enforces Slack's limit of
//! one message per second per channel (a second post inside a second gets a 429) and answers
//! after a simulated network latency. Prints deliveries per second and the total time.
//!
//! `cargo bench --bench nudge_fanout` runs the full size; under `cargo test` it runs a small
//! smoke version. `BENCH_SLACK_LATENCY_MS` (default 50) sets the fake's answer delay;
//! `BENCH_BACKEND=postgres` runs only the PostgreSQL part of the full size.
//!
//! With a PostgreSQL server (`scripts/with-postgres cargo bench --bench nudge_fanout`, which
//! sets `MOPS_TEST_DATABASE_URL`) it also runs the fan-out on PostgreSQL with one and with three
//! schedulers (separate states, each with its own pool, as replicas would be) racing over the
//! same due subscriptions; without one, that part is skipped with a note.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mops_bot::bot::nudges::scheduler::run_due;
use mops_bot::clock::ManualClock;
use mops_bot::config::Config;
use mops_bot::slack::ids::{ChannelId, TeamId, UserId};
use mops_bot::startup::build_state;
use mops_bot::store::subscriptions::{self, NewSubscription};
use serde_json::{Value, json};
use sqlx::{Connection, Executor};

const SLOT: &str = "2026-11-30T14:00:00Z";

#[derive(Default)]
struct Seen {
    /// The last post per channel, to enforce one per second.
    last: HashMap<String, Instant>,
    /// Posts per workspace per whole second since the start.
    per_second: HashMap<(String, u64), u32>,
    violations: u32,
    accepted: u32,
}

struct Fake {
    started: Instant,
    latency: Duration,
    seen: Mutex<Seen>,
}

async fn post(State(fake): State<Arc<Fake>>, body: Bytes) -> Response {
    tokio::time::sleep(fake.latency).await;
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let channel = request["channel"].as_str().unwrap_or_default().to_owned();
    let workspace = channel.get(1..4).unwrap_or_default().to_owned();
    let now = Instant::now();
    let mut seen = fake.seen.lock().expect("lock");
    if seen
        .last
        .get(&channel)
        .is_some_and(|t| now.duration_since(*t) < Duration::from_secs(1))
    {
        seen.violations += 1;
        let mut resp = (StatusCode::TOO_MANY_REQUESTS, "{}").into_response();
        resp.headers_mut()
            .insert("retry-after", "1".parse().expect("header"));
        return resp;
    }
    seen.last.insert(channel.clone(), now);
    let second = now.duration_since(fake.started).as_secs();
    *seen.per_second.entry((workspace, second)).or_default() += 1;
    seen.accepted += 1;
    axum::Json(json!({"ok": true, "channel": channel, "ts": "1700000000.000100"})).into_response()
}

#[allow(
    clippy::print_stdout,
    reason = "the benchmark's result is its printed report"
)]
async fn scenario(
    workspaces: usize,
    per_workspace: usize,
    rate: f64,
    concurrency: usize,
    latency: Duration,
    on: Backend,
) {
    let fake = Arc::new(Fake {
        started: Instant::now(),
        latency,
        seen: Mutex::new(Seen::default()),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind fake");
    let addr = listener.local_addr().expect("address");
    let app = Router::new()
        .route("/api/chat.postMessage", axum::routing::post(post))
        .with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().expect("temp dir");
    let (database_url, schedulers) = match &on {
        Backend::Sqlite => (
            format!("sqlite://{}", dir.path().join("bench.db").display()),
            1,
        ),
        Backend::Postgres { admin, schedulers } => (fresh_schema(admin).await, *schedulers),
    };
    let vars = [
        ("SLACK_BOT_TOKEN", "xoxb-bench-token".to_owned()),
        ("SLACK_API_URL", format!("http://{addr}/api")),
        ("DATABASE_URL", database_url),
        ("MOPS_NUDGE_WORKSPACE_RATE", rate.to_string()),
        ("MOPS_NUDGE_CONCURRENCY", concurrency.to_string()),
    ];
    let config =
        Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
            .expect("config");
    let now: jiff::Timestamp = SLOT.parse().expect("instant");
    let mut states = Vec::new();
    for _ in 0..schedulers {
        let state = build_state(config.clone(), Arc::new(ManualClock::new(now)))
            .await
            .expect("state");
        states.push(state);
    }
    let state = &states[0];

    let user = UserId::parse("U0BENCH").expect("id");
    for w in 0..workspaces {
        let team = TeamId::parse(&format!("T{w:03}")).expect("id");
        for c in 0..per_workspace {
            let channel = ChannelId::parse(&format!("C{w:03}{c:05}")).expect("id");
            let new = NewSubscription {
                team: &team,
                channel: &channel,
                weekday: 1,
                minute_of_day: 9 * 60,
                time_zone: "America/New_York",
                next_slot: now,
                created_by: &user,
            };
            subscriptions::upsert(&state.db, &new, now)
                .await
                .expect("subscribe");
        }
    }

    let total = workspaces * per_workspace;
    let started = Instant::now();
    let reports =
        futures_util::future::join_all(states.iter().map(|state| run_due(state, now))).await;
    let elapsed = started.elapsed();
    let sent: usize = reports.iter().map(|r| r.sent()).sum();
    let seen = fake.seen.lock().expect("lock");
    let busiest = seen.per_second.values().max().copied().unwrap_or(0);
    println!(
        "{on}: {total} subscriptions in {workspaces} workspaces, workspace rate {rate}/s, \
         concurrency {concurrency}, Slack latency {latency:?}:\n  \
         {} delivered in {:.2} s = {:.0} deliveries/s; per-channel limit violations: {}; \
         most posts to one workspace in one clock second: {busiest}",
        sent,
        elapsed.as_secs_f64(),
        sent as f64 / elapsed.as_secs_f64(),
        seen.violations,
    );
    assert_eq!(sent, total, "{}", reports[0].summary());
    assert_eq!(seen.accepted as usize, total, "each channel exactly once");
    assert_eq!(
        seen.violations, 0,
        "never two posts to a channel within a second"
    );
}

/// Where the run's database is.
enum Backend {
    Sqlite,
    /// A fresh schema on the server at `admin`, shared by `schedulers` states.
    Postgres {
        admin: String,
        schedulers: usize,
    },
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Backend::Sqlite => write!(f, "SQLite"),
            Backend::Postgres { schedulers: 1, .. } => write!(f, "PostgreSQL, 1 scheduler"),
            Backend::Postgres { schedulers, .. } => {
                write!(f, "PostgreSQL, {schedulers} schedulers")
            }
        }
    }
}

/// A new, empty schema on the server; the URL that uses it.
async fn fresh_schema(admin: &str) -> String {
    let schema = format!("bench_{:08x}", rand::random::<u32>());
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("the PostgreSQL server answers");
    conn.execute(format!("CREATE SCHEMA {schema}").as_str())
        .await
        .expect("schema");
    let sep = if admin.contains('?') { '&' } else { '?' };
    format!("{admin}{sep}options=-c%20search_path%3D{schema}")
}

#[allow(
    clippy::print_stdout,
    reason = "the benchmark's result is its printed report"
)]
fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let latency = std::env::var("BENCH_SLACK_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_millis(50), Duration::from_millis);
    let only_postgres = std::env::var("BENCH_BACKEND").is_ok_and(|b| b == "postgres");
    let postgres = std::env::var("MOPS_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let pg = |schedulers| {
        postgres.as_ref().map(|admin| Backend::Postgres {
            admin: admin.clone(),
            schedulers,
        })
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        if full {
            // The defaults (5 messages/s per workspace, 32 in flight) bound this at 20 s; the
            // other runs raise the workspace limit, then the concurrency, to show what else
            // limits throughput.
            if !only_postgres {
                scenario(100, 100, 5.0, 32, latency, Backend::Sqlite).await;
                scenario(100, 100, 50.0, 32, latency, Backend::Sqlite).await;
                scenario(100, 100, 50.0, 128, latency, Backend::Sqlite).await;
            }
            // Replicas: a workspace rate that does not bind, the default concurrency each.
            for schedulers in [1, 3] {
                if let Some(on) = pg(schedulers) {
                    scenario(100, 100, 1000.0, 32, latency, on).await;
                }
            }
        } else {
            scenario(4, 10, 50.0, 8, Duration::from_millis(5), Backend::Sqlite).await;
            if let Some(on) = pg(3) {
                scenario(4, 10, 50.0, 8, Duration::from_millis(5), on).await;
            }
        }
        if postgres.is_none() {
            println!(
                "PostgreSQL runs skipped: no server (run under scripts/with-postgres, which sets \
                 MOPS_TEST_DATABASE_URL)"
            );
        }
    });
}
