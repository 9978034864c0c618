//! Exactly once under pressure: two runs at once on one database, a run killed mid
//! fan-out, and the loop inside `serve`.

use std::sync::Arc;
use std::time::Duration;

use mops_bot::bot::nudges::scheduler::{Outcome, run_due};
use mops_bot::clock::ManualClock;
use mops_bot::startup::build_state;
use serde_json::json;

use super::{POST, at, posts, posts_to, reply_in, run_at, shown, subscribe};
use crate::fake_slack::Scripted;
use crate::helpers::{CHANNEL, spawn_app, spawn_app_with};
use crate::operate::{scrape, until_metric, value};

const SLOT: &str = "2026-11-23T14:00:00Z";
const CHANNELS: [&str; 5] = ["C0001", "C0002", "C0003", "C0004", "C0005"];

#[tokio::test]
async fn two_processes_running_at_once_post_each_channel_once() {
    let app = spawn_app().await;
    for channel in CHANNELS {
        subscribe(&app, channel, "on").await;
    }
    // A second state on the same SQLite file: its own pool, like `run-due` beside `serve`.
    let clock = ManualClock::new(at(SLOT));
    let other = build_state((*app.state.config).clone(), Arc::new(clock))
        .await
        .expect("second process starts");
    app.clock.set(at(SLOT));
    let (a, b) = tokio::join!(run_due(&app.state, at(SLOT)), run_due(&other, at(SLOT)));
    assert_eq!(
        a.sent() + b.sent(),
        CHANNELS.len(),
        "{}\n{}",
        a.summary(),
        b.summary()
    );
    for channel in CHANNELS {
        assert_eq!(posts_to(&app, channel).len(), 1, "{channel}");
    }
    let (a, b) = tokio::join!(run_due(&app.state, at(SLOT)), run_due(&other, at(SLOT)));
    assert_eq!(a.sent() + b.sent(), 0);
    assert_eq!(posts(&app).len(), CHANNELS.len());
}

#[tokio::test]
async fn a_run_killed_mid_fan_out_loses_nothing_and_never_double_posts() {
    let app = spawn_app_with(|c| c.nudges.concurrency = 1).await;
    for channel in CHANNELS {
        subscribe(&app, channel, "on").await;
    }
    // Two answers come at once; the third hangs, and the process dies while it does.
    let ok = || Scripted::ok(json!({"ok": true, "ts": "1700000000.000200"}));
    app.slack.script(POST, ok());
    app.slack.script(POST, ok());
    app.slack
        .script(POST, ok().delayed(Duration::from_secs(30)));
    app.clock.set(at(SLOT));
    let state = app.state.clone();
    let killed = tokio::spawn(async move { run_due(&state, at(SLOT)).await });
    let arrived = app.slack.wait_for(POST, 3).await;
    killed.abort();
    assert!(killed.await.is_err(), "the run was killed");
    let in_flight = arrived[2].json()["channel"].as_str().unwrap().to_owned();

    // Restarted at once: the rest are delivered; the claim in flight is still leased.
    let rerun = run_due(&app.state, at(SLOT)).await;
    assert_eq!(rerun.sent(), 2, "{}", rerun.summary());
    assert_eq!(
        rerun.count(|o| *o == Outcome::Busy),
        1,
        "{}",
        rerun.summary()
    );

    // Once the lease has run out, the ambiguous claim is settled from the channel's
    // history: Slack had taken the message, so it counts as delivered, not posted again.
    let later = run_at(&app, "2026-11-23T14:03:00Z").await;
    assert_eq!(later.sent(), 0);
    assert!(
        matches!(&later.handled[..], [h] if h.channel.as_str() == in_flight
            && matches!(h.outcome, Outcome::Confirmed { .. })),
        "{}",
        later.summary()
    );
    assert!(
        later.summary().contains("found in the channel"),
        "{}",
        later.summary()
    );
    for channel in CHANNELS {
        assert_eq!(
            posts_to(&app, channel).len(),
            1,
            "{channel}: exactly one post"
        );
    }
    let status = shown(&reply_in(&app, &in_flight, "nudge status").await);
    assert!(
        status.contains("*Sent so far:* 1") && !status.contains("Possibly missing"),
        "{status}"
    );
    // Next week carries on normally everywhere.
    let next_week = run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(next_week.sent(), CHANNELS.len(), "{}", next_week.summary());
}

#[tokio::test]
async fn serve_runs_the_scheduler_and_stops_it_on_shutdown() {
    let mut app = spawn_app_with(|c| c.nudges.interval = Some(Duration::from_millis(100))).await;
    subscribe(&app, CHANNEL, "on").await;
    app.clock.set(at(SLOT));
    app.slack.wait_for(POST, 1).await;
    // Three more finished runs after the post, read off the scheduler's own counter.
    let runs = value(&scrape(&app).await, "mops_nudge_runs_total", &[]);
    until_metric(&app, "mops_nudge_runs_total", &[], runs + 3.0).await;
    assert_eq!(
        app.slack.received(POST).len(),
        1,
        "the loop runs again and again, but posts once"
    );
    app.stop().await;
    // Shutdown waited for every task the app started, the scheduler loop among them.
    assert!(app.state.tasks.is_closed() && app.state.tasks.is_empty());
    app.clock.set(at("2026-11-30T14:00:00Z"));
    assert_eq!(
        app.slack.received(POST).len(),
        1,
        "nothing runs after shutdown"
    );
}
