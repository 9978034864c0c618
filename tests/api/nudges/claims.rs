//! A run never deletes, takes or posts over another run's live claim, also when the holder
//! renews its claim while this run is busy elsewhere (here: refreshing the workspace's token).
//! Runs on SQLite and, under `scripts/with-postgres`, on PostgreSQL.

use jiff::SignedDuration;
use mops_bot::bot::nudges::scheduler::{Outcome, run_due};
use mops_bot::store::ledger::{self, State};

use super::tokens::{CHANNEL, OAUTH, installed_and_subscribed, second_pair};
use super::{at, claim_for, posts, run_at};
use crate::fake_slack::{Gate, Scripted};

const SLOT: &str = "2026-11-23T14:00:00Z";
const OWNER: &str = "4242-stalled";

#[tokio::test]
async fn a_run_never_deletes_or_takes_another_runs_live_claim() {
    // The token expires at 13:30, so a run at the slot refreshes it first.
    let grant = Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first")
        .rotating("xoxe-1-first", 3 * 3600 + 1800);
    let app = installed_and_subscribed(grant).await;
    let db = &app.state.db;
    // Another run claimed the week, was told to retry (`waiting`) until 14:01, and the nudge
    // it picked has since left the library.
    let lease = |mins| {
        at(SLOT)
            .checked_add(SignedDuration::from_mins(mins))
            .expect("in range")
    };
    let (id, sub, week) = claim_for(
        &app,
        ("T0002", CHANNEL),
        at(SLOT),
        "retired-nudge",
        OWNER,
        lease(1),
    )
    .await;
    assert!(
        ledger::hold(db, id, OWNER, State::Waiting, lease(1))
            .await
            .expect("hold")
    );

    let during_lease = run_at(&app, "2026-11-23T14:00:30Z").await;
    assert_eq!(during_lease.handled[0].outcome, Outcome::Busy);
    let held = ledger::find(db, sub, &week)
        .await
        .expect("read")
        .expect("still there");
    assert_eq!(
        (held.state, held.claimed_by.as_str()),
        (State::Waiting, OWNER)
    );

    // Past its lease, a run finds the claim open for a takeover; while that run waits for
    // Slack (the token refresh), the holder wakes up and renews its claim to post.
    let refresh = Gate::new();
    app.slack.script(OAUTH, second_pair().held(&refresh));
    let now = at("2026-11-23T14:05:00Z");
    app.clock.set(now);
    let state = app.state.clone();
    let run = tokio::spawn(async move { run_due(&state, now).await });
    app.slack.wait_for(OAUTH, 2).await;
    assert!(
        ledger::hold(db, id, OWNER, State::Sending, lease(7))
            .await
            .expect("hold"),
        "the holder still holds its claim"
    );
    refresh.open();
    let report = run.await.expect("the run ends");
    assert_eq!(
        report.handled[0].outcome,
        Outcome::Busy,
        "{}",
        report.summary()
    );
    let held = ledger::find(db, sub, &week)
        .await
        .expect("read")
        .expect("never deleted");
    assert_eq!(
        (held.state, held.claimed_by.as_str()),
        (State::Sending, OWNER)
    );
    assert!(posts(&app).is_empty(), "the week is the holder's to post");
}
