//! When Slack's answer leaves it open whether a nudge arrived (a late answer, a 5xx,
//! `internal_error`…), the week is never posted again blindly: it is "possibly delivered",
//! and a later run settles it from the channel's history (the nudge's metadata marker):
//! found means delivered, absent means it is posted then. Without the history scopes it
//! stays "possibly delivered".

use std::time::Duration;

use jiff::SignedDuration;
use mops_bot::bot::nudges::scheduler::Outcome;
use serde_json::json;

use super::{POST, at, claim_for, posts, reply, run_at, shown, subscribe};
use crate::fake_slack::Scripted;
use crate::helpers::{CHANNEL, TEAM, TestApp, spawn_app, spawn_app_with};

const SLOT: &str = "2026-11-23T14:00:00Z";
const HISTORY: &str = "/api/conversations.history";

/// An app whose Slack calls time out after 300 ms.
async fn impatient_app() -> TestApp {
    spawn_app_with(|c| c.retry.timeout = Duration::from_millis(300)).await
}

fn is_possibly_delivered(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::PossiblyDelivered { week, .. } if week == "2026-W48")
}

#[tokio::test]
async fn a_post_answered_after_the_timeout_is_confirmed_from_history_and_posted_once() {
    let app = impatient_app().await;
    subscribe(&app, CHANNEL, "on").await;
    // Slack takes the message but answers after the client gave up.
    app.slack.script(
        POST,
        Scripted::ok(json!({"ok": true, "ts": "1795960800.000100"}))
            .delayed(Duration::from_secs(2)),
    );
    let first = run_at(&app, SLOT).await;
    assert!(
        is_possibly_delivered(&first.handled[0].outcome),
        "{}",
        first.summary()
    );
    assert!(
        !first.incomplete(),
        "nothing is left due: {}",
        first.summary()
    );
    let post = &posts(&app)[0];
    assert_eq!(post["metadata"]["event_type"], "mops_nudge");
    assert_eq!(post["metadata"]["event_payload"]["week"], "2026-W48");
    assert!(
        post["metadata"]["event_payload"]["subscription"].is_i64(),
        "{post}"
    );

    for again in [SLOT, "2026-11-23T14:00:30Z", "2026-11-23T14:01:00Z"] {
        let report = run_at(&app, again).await;
        assert!(report.handled.is_empty(), "{again}: {}", report.summary());
    }
    let settled = run_at(&app, "2026-11-23T14:03:00Z").await;
    assert_eq!(
        settled.handled[0].outcome,
        Outcome::Confirmed {
            week: "2026-W48".into()
        },
        "{}",
        settled.summary()
    );
    let history = app.slack.received(HISTORY);
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].args()["include_all_metadata"], "true");
    assert_eq!(history[0].args()["channel"], CHANNEL);

    run_at(&app, "2026-11-23T14:10:00Z").await;
    assert_eq!(posts(&app).len(), 1, "exactly one post for the week");
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        status.contains("*Sent so far:* 1") && !status.contains("Possibly missing"),
        "{status}"
    );
    let next_week = run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(next_week.sent(), 1, "{}", next_week.summary());
}

#[tokio::test]
async fn every_ambiguous_answer_is_tried_once_and_settled_by_what_the_channel_holds() {
    let kept = [
        Scripted::status(500).but_posted(),
        Scripted::status(503).but_posted(),
        Scripted::slack_error("internal_error").but_posted(),
    ];
    let lost = [
        Scripted::status(502),
        Scripted::slack_error("fatal_error"),
        Scripted::slack_error("request_timeout"),
    ];
    for (answer, was_kept) in kept
        .into_iter()
        .map(|a| (a, true))
        .chain(lost.into_iter().map(|a| (a, false)))
    {
        let label = format!("{} {}", answer.status, answer.body);
        let app = spawn_app().await;
        subscribe(&app, CHANNEL, "on").await;
        app.slack.script(POST, answer);
        let first = run_at(&app, SLOT).await;
        assert!(
            is_possibly_delivered(&first.handled[0].outcome),
            "{label}: {}",
            first.summary()
        );
        assert_eq!(posts(&app).len(), 1, "{label}: not retried in the same run");
        assert!(
            run_at(&app, "2026-11-23T14:01:00Z")
                .await
                .handled
                .is_empty()
        );

        let settled = run_at(&app, "2026-11-23T14:03:00Z").await;
        let outcome = &settled.handled[0].outcome;
        if was_kept {
            assert!(
                matches!(outcome, Outcome::Confirmed { .. }),
                "{label}: {outcome:?}"
            );
        } else {
            assert_eq!(
                settled.sent(),
                1,
                "{label}: missing, so posted now: {outcome:?}"
            );
        }
        run_at(&app, "2026-11-23T14:10:00Z").await;
        assert_eq!(
            app.slack.messages_in(CHANNEL).len(),
            1,
            "{label}: the channel has the week's nudge exactly once"
        );
    }
}

#[tokio::test]
async fn without_the_history_scopes_the_week_stays_possibly_delivered_and_is_never_reposted() {
    let app = impatient_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.slack
        .set_default(HISTORY, Scripted::slack_error("missing_scope"));
    app.slack.script(POST, Scripted::status(503));
    assert!(is_possibly_delivered(
        &run_at(&app, SLOT).await.handled[0].outcome
    ));
    let checked = run_at(&app, "2026-11-23T14:03:00Z").await;
    assert!(
        matches!(&checked.handled[0].outcome,
            Outcome::PossiblyDelivered { reason, .. } if reason.contains("missing_scope")),
        "{}",
        checked.summary()
    );
    assert!(
        checked.summary().contains("possibly delivered"),
        "{}",
        checked.summary()
    );
    for later in ["2026-11-23T14:06:00Z", "2026-11-23T18:00:00Z"] {
        assert!(
            run_at(&app, later).await.handled.is_empty(),
            "asked once, not every run"
        );
    }
    assert_eq!(app.slack.received(HISTORY).len(), 1);
    assert_eq!(posts(&app).len(), 1, "never posted again blindly");
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        status.contains("Possibly missing")
            && status.contains("Monday 23 November 2026 at 09:00 EST")
            && status.contains("channels:history"),
        "{status}"
    );
    let next_week = run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(next_week.sent(), 1, "{}", next_week.summary());
}

/// Leaves a claim in `sending` for this week's slot, as a process killed between claiming
/// and posting would, with a lease that ran out at 14:02.
async fn leftover_claim(app: &TestApp) {
    let lease = at(SLOT)
        .checked_add(SignedDuration::from_mins(2))
        .expect("in range");
    let nudge = app
        .state
        .guide
        .library
        .nudges()
        .iter()
        .find(|n| n.suits_channel())
        .expect("a channel nudge")
        .id
        .clone();
    claim_for(
        app,
        (TEAM, CHANNEL),
        at(SLOT),
        &nudge,
        "4242-deadbeef",
        lease,
    )
    .await;
}

#[tokio::test]
async fn a_process_killed_between_claim_and_send_leaves_a_week_a_later_run_posts() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    leftover_claim(&app).await;
    let during_lease = run_at(&app, "2026-11-23T14:01:00Z").await;
    assert_eq!(
        during_lease.handled[0].outcome,
        Outcome::Busy,
        "the lease is trusted"
    );
    assert!(posts(&app).is_empty());

    let after_lease = run_at(&app, "2026-11-23T14:03:00Z").await;
    assert_eq!(after_lease.sent(), 1, "{}", after_lease.summary());
    assert_eq!(
        app.slack.received(HISTORY).len(),
        1,
        "looked before posting"
    );
    run_at(&app, "2026-11-23T14:10:00Z").await;
    assert_eq!(posts(&app).len(), 1, "posted once");
    let status = shown(&reply(&app, "nudge status").await);
    assert!(status.contains("*Sent so far:* 1"), "{status}");
}

#[tokio::test]
async fn a_killed_claim_without_the_history_scopes_stays_possibly_delivered() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.slack
        .set_default(HISTORY, Scripted::slack_error("missing_scope"));
    leftover_claim(&app).await;
    let report = run_at(&app, "2026-11-23T14:03:00Z").await;
    assert!(
        is_possibly_delivered(&report.handled[0].outcome),
        "{}",
        report.summary()
    );
    assert!(
        run_at(&app, "2026-11-23T14:10:00Z")
            .await
            .handled
            .is_empty()
    );
    assert!(posts(&app).is_empty(), "never posted when it cannot tell");
}
