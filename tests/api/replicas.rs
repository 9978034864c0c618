//! Several app instances on one database (PostgreSQL when the suite runs on it), as replicas
//! behind a load balancer: any request may land on any replica, and what one replica did is
//! what every other one sees.

mod copy;
mod killed;
mod nudges;
mod tokens;

use std::sync::Arc;
use std::time::Duration;

use mops_bot::clock::ManualClock;
use mops_bot::startup::build_state;
use mops_bot::store::feedback::{self, SubjectKind};
use mops_bot::store::subscriptions;

use crate::events::{JSON, direct_message, envelope, home_opened, post_event};
use crate::helpers::{CHANNEL, spawn_replicas, start_instant, test_config};
use crate::interactions::{On, answer_on, press};
use crate::nudges::{reply, reply_in, run_at, shown, subscribe};

/// The longest a test waits for a replica's bookkeeping to be written.
const FLUSH: Duration = Duration::from_secs(10);

#[tokio::test]
async fn commands_clicks_and_recent_answers_work_on_any_replica() {
    let r = spawn_replicas(3, |_| {}).await;

    // Subscribed on one replica, seen, paused and delivered (or not) by the others.
    subscribe(&r[0], CHANNEL, "on").await;
    let status = shown(&reply_in(&r[1], CHANNEL, "nudge status").await);
    assert!(
        status.contains("every Monday at 09:00 (America/New_York)"),
        "{status}"
    );
    reply(&r[2], "nudge pause").await;
    let status = shown(&reply(&r[0], "nudge status").await);
    assert!(
        status.contains("*Paused* until Monday 30 November"),
        "{status}"
    );
    let run = run_at(&r[1], "2026-11-23T14:00:00Z").await;
    assert_eq!(
        run.summary().matches("1 paused").count(),
        1,
        "{}",
        run.summary()
    );
    let next_week = run_at(&r[0], "2026-11-30T14:00:00Z").await;
    assert_eq!(next_week.sent(), 1, "{}", next_week.summary());

    // A vote changed on another replica replaces the first.
    // Votes are written after the thank-you, in batches: each replica's are flushed here.
    let path = press(&r[0], On::Message, "feedback_not_helpful", "topic:burnout").await;
    answer_on(&r[0], &path).await;
    assert!(r[0].state.bookkeeper.flush(FLUSH).await);
    let path = press(&r[1], On::Message, "feedback_helpful", "topic:burnout").await;
    answer_on(&r[1], &path).await;
    assert!(r[1].state.bookkeeper.flush(FLUSH).await);
    let tallies = feedback::tallies(&r[2].state.db).await.expect("tallied");
    let burnout: Vec<(i64, i64)> = tallies
        .iter()
        .filter(|t| t.kind == SubjectKind::Topic && t.subject_id == "burnout")
        .map(|t| (t.helpful, t.not_helpful))
        .collect();
    assert_eq!(burnout, vec![(1, 0)]);

    // Answered through one replica; the Home tab published by another lists it.
    let resp = post_event(
        &r[0],
        &envelope(
            "Ev0REPL0001",
            direct_message("burnout", "1795428000.001100"),
        ),
    )
    .await;
    assert_eq!(resp.status(), 200);
    r[0].slack
        .wait_for("/api/chat.postMessage", next_week.sent() + 1)
        .await;
    assert!(r[0].state.bookkeeper.flush(FLUSH).await);
    post_event(&r[2], &envelope("Ev0REPL0002", home_opened("home"))).await;
    let views = r[2].slack.wait_for("/api/views.publish", 1).await;
    let home = views[0].json()["view"]["blocks"].to_string();
    assert!(
        home.contains("/mops advice burnout") && !home.contains("Nothing yet"),
        "{home}"
    );
}

#[tokio::test]
async fn an_event_delivered_to_every_replica_at_once_is_answered_once() {
    let mut r = spawn_replicas(3, |_| {}).await;
    let body = envelope(
        "Ev0REPL0100",
        direct_message("burnout", "1795428000.002200"),
    );
    let sends = r
        .iter()
        .map(|app| app.post_signed("/slack/events", &body, JSON));
    for resp in futures_util::future::join_all(sends).await {
        assert_eq!(resp.status(), 200, "every copy is acked");
    }
    let claimed = mops_bot::store::events::count(&r[1].state.db).await;
    assert_eq!(claimed.expect("counted"), 1, "one record for three copies");
    // Each replica claims before it acknowledges, so once all three have stopped (waiting for
    // their work in flight) everything that will be posted has been.
    for app in &mut r {
        app.stop().await;
    }
    let posted = r[0].slack.received("/api/chat.postMessage");
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0].json()["channel"], "D0DMUSER1");
}

#[tokio::test]
async fn replicas_starting_together_on_an_empty_database_all_come_up() {
    let slack = crate::fake_slack::FakeSlack::start().await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let config = test_config(&slack, &db_dir);
    let starts = (0..4).map(|_| {
        let clock = ManualClock::new(start_instant());
        build_state(config.clone(), Arc::new(clock))
    });
    let states: Vec<_> = futures_util::future::join_all(starts).await;
    for state in states {
        let state = state.expect("every replica starts");
        assert!(
            subscriptions::all(&state.db)
                .await
                .expect("schema")
                .is_empty()
        );
    }
}
