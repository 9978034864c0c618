//! Slack's errors during delivery: 429 waits and retries, an unreachable Slack gives up for
//! this run only, and the permanent errors stop the subscription with a reason `status`
//! shows. (Answers that may hide a posted message are in `ambiguous`.)

use std::sync::Arc;
use std::time::{Duration, Instant};

use mops_bot::bot::nudges::scheduler::{Outcome, run_due};
use mops_bot::clock::ManualClock;
use mops_bot::startup::build_state;
use serde_json::json;

use super::{POST, at, posts, posts_to, reply, reply_in, run_at, shown, subscribe};
use crate::fake_slack::Scripted;
use crate::helpers::{CHANNEL, spawn_app};

const SLOT: &str = "2026-11-23T14:00:00Z";

#[tokio::test]
async fn a_429_is_waited_out_and_the_nudge_arrives_exactly_once() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.slack.script(POST, Scripted::rate_limited(1));
    let started = Instant::now();
    let report = run_at(&app, SLOT).await;
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited for Retry-After"
    );
    assert_eq!(report.sent(), 1, "{}", report.summary());
    let attempts = posts(&app);
    assert_eq!(
        attempts.len(),
        2,
        "the refused attempt and the accepted one"
    );
    assert_eq!(
        attempts[0]["blocks"], attempts[1]["blocks"],
        "the same nudge"
    );
    run_at(&app, SLOT).await;
    run_at(&app, "2026-11-23T14:30:00Z").await;
    assert_eq!(posts(&app).len(), 2, "never again that week");
}

#[tokio::test]
async fn unreachable_slack_is_retried_a_few_times_then_left_due_for_the_next_run() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    // The same database, with Slack at an address nothing listens on: no request is sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let mut config = (*app.state.config).clone();
    config.api_url = format!("http://127.0.0.1:{port}/api").parse().expect("url");
    let cut_off = build_state(config, Arc::new(ManualClock::new(at(SLOT))))
        .await
        .expect("starts");
    app.clock.set(at(SLOT));
    let report = run_due(&cut_off, at(SLOT)).await;
    assert!(
        matches!(&report.handled[0].outcome, Outcome::LeftDue { error } if error.contains("could not reach")),
        "{}",
        report.summary()
    );
    assert!(report.incomplete());
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        status.contains("Last problem") && status.contains("could not reach Slack"),
        "{status}"
    );

    let next_run = run_at(&app, "2026-11-23T14:01:00Z").await;
    assert_eq!(next_run.sent(), 1, "{}", next_run.summary());
    assert_eq!(posts(&app).len(), 1);
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        !status.contains("Last problem"),
        "cleared on success: {status}"
    );
}

#[tokio::test]
async fn not_in_channel_joins_once_and_retries() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.slack
        .script(POST, Scripted::slack_error("not_in_channel"));
    let report = run_at(&app, SLOT).await;
    assert_eq!(report.sent(), 1, "{}", report.summary());
    assert_eq!(
        app.slack.received("/api/conversations.join").len(),
        2,
        "once at `on`, once now"
    );
    assert_eq!(posts(&app).len(), 2);
}

#[tokio::test]
async fn not_in_channel_that_cannot_be_joined_deactivates_with_the_reason() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.slack
        .script(POST, Scripted::slack_error("not_in_channel"));
    app.slack.script(
        "/api/conversations.join",
        Scripted::slack_error("method_not_supported_for_channel_type"),
    );
    let report = run_at(&app, SLOT).await;
    assert_eq!(
        report.handled[0].outcome,
        Outcome::Deactivated {
            reason: "not_in_channel".into()
        }
    );
    assert_eq!(posts(&app).len(), 1, "one try, one join, no loop");
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        status.contains("*Stopped*")
            && status.contains("no longer a member")
            && status.contains("not_in_channel"),
        "{status}"
    );
    run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 1, "no endless retries");
}

#[tokio::test]
async fn an_archived_channel_is_deactivated_and_others_carry_on() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    subscribe(&app, "C0002", "on").await;
    app.slack
        .script_for_channel(POST, CHANNEL, Scripted::slack_error("is_archived"));
    let report = run_at(&app, SLOT).await;
    assert_eq!(report.sent(), 1, "{}", report.summary());
    assert!(
        report
            .summary()
            .contains("C0001 in T0001: deactivated: is_archived"),
        "{}",
        report.summary()
    );
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        status.contains("archived") && status.contains("Stopped"),
        "{status}"
    );
    run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(
        posts_to(&app, CHANNEL).len(),
        1,
        "the archived channel is not tried again"
    );
    assert_eq!(posts_to(&app, "C0002").len(), 2);
}

#[tokio::test]
async fn a_revoked_token_stops_the_whole_workspace_after_one_call() {
    let app = spawn_app().await;
    for channel in ["C0001", "C0002", "C0003"] {
        subscribe(&app, channel, "on").await;
    }
    app.slack
        .script(POST, Scripted::slack_error("token_revoked"));
    let report = run_at(&app, SLOT).await;
    assert_eq!(
        report.count(|o| *o
            == Outcome::Deactivated {
                reason: "token_revoked".into()
            }),
        3,
        "{}",
        report.summary()
    );
    assert_eq!(
        posts(&app).len(),
        1,
        "the others learn from the first answer"
    );
    let status = shown(&reply_in(&app, "C0003", "nudge status").await);
    assert!(status.contains("Reinstall the app"), "{status}");
}

#[tokio::test]
async fn a_message_slack_refuses_for_good_ends_that_week_only() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.slack.script(
        POST,
        Scripted::ok(json!({"ok": false, "error": "invalid_blocks"})),
    );
    let report = run_at(&app, SLOT).await;
    assert!(
        matches!(report.handled[0].outcome, Outcome::Failed { .. }),
        "{}",
        report.summary()
    );
    run_at(&app, "2026-11-23T14:05:00Z").await;
    assert_eq!(posts(&app).len(), 1, "not retried every run");
    run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 2, "next week is tried");
}
