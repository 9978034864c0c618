//! `mops-bot db copy`: moving a SQLite database to the suite's backend (PostgreSQL when it runs
//! on one) keeps subscriptions, the ledger's rotation, votes and history, and refuses to copy
//! over data.

use std::process::Output;

use mops_bot::store::feedback;

use crate::events::{direct_message, envelope, post_event};
use crate::fake_slack::FakeSlack;
use crate::helpers::{CHANNEL, spawn_app_on, spawn_app_with, test_config};
use crate::interactions::{On, answer_on, press};
use crate::nudges::{POST, nudge_id, posts_to, reply_in, run_at, shown, subscribe};
use crate::test_db::database_url;

fn db_copy(from: &str, to: &str) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .args(["db", "copy", "--from", from, "--to", to])
        .env_clear()
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

#[tokio::test]
async fn db_copy_moves_everything_to_a_new_database_and_never_over_data() {
    let sqlite_dir = tempfile::tempdir().expect("temp dir");
    let sqlite = format!("sqlite://{}", sqlite_dir.path().join("old.db").display());
    let old = spawn_app_with(|c| c.database_url = sqlite.clone()).await;
    subscribe(&old, CHANNEL, "on").await;
    subscribe(&old, "C0COPY2", "on").await;
    assert_eq!(run_at(&old, "2026-11-23T14:00:00Z").await.sent(), 2);
    let path = press(&old, On::Message, "feedback_helpful", "topic:burnout").await;
    answer_on(&old, &path).await;
    post_event(
        &old,
        &envelope("Ev0COPY001", direct_message("burnout", "1795428000.003300")),
    )
    .await;
    old.slack.wait_for(POST, 3).await;
    // The vote and the recent answer are written after the replies, in a batch.
    assert!(
        old.state
            .bookkeeper
            .flush(std::time::Duration::from_secs(10))
            .await
    );
    let first_nudge = nudge_id(&posts_to(&old, CHANNEL)[0]);

    let target_dir = tempfile::tempdir().expect("temp dir");
    let target = database_url(target_dir.path());
    let out = db_copy(&sqlite, &target);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("nudge_subscriptions") && stdout.contains("copied"),
        "{stdout}"
    );

    // The bot on the new database carries on where the old one stopped.
    let slack = FakeSlack::start().await;
    let config = test_config(&slack, &target_dir);
    let new = spawn_app_on(slack, target_dir, config).await;
    let status = shown(&reply_in(&new, CHANNEL, "nudge status").await);
    assert!(status.contains("Sent so far:* 1"), "{status}");
    let tallies = feedback::tallies(&new.state.db).await.expect("tallied");
    assert_eq!(tallies.len(), 1);
    assert_eq!((tallies[0].helpful, tallies[0].not_helpful), (1, 0));
    // New rows are numbered after the copied ones.
    subscribe(&new, "C0COPY3", "on").await;
    assert_eq!(run_at(&new, "2026-11-30T14:00:00Z").await.sent(), 3);
    let posts = posts_to(&new, CHANNEL);
    assert_eq!(posts.len(), 1);
    assert_ne!(
        nudge_id(&posts[0]),
        first_nudge,
        "the rotation carried over"
    );
    assert_eq!(
        mops_bot::store::events::count(&new.state.db)
            .await
            .expect("counted"),
        1,
        "delivered events are still known"
    );

    // Copying again would mix two databases: refused, nothing written.
    let again = db_copy(&sqlite, &database_url(new.db_dir.path()));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success());
    assert!(stderr.contains("already holds data"), "{stderr}");
    let bad = db_copy(&sqlite, "mysql://root:hunter2@db/mops");
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    assert!(stderr.contains("unsupported scheme \"mysql\""), "{stderr}");
    assert!(
        !stderr.contains("hunter2") && stderr.trim().lines().count() == 1,
        "{stderr}"
    );
}
