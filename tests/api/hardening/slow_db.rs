//! A database that stalls (another process holds the write lock) must not delay the events
//! acknowledgement past about a second; the event is still answered once, when the database
//! comes back, and a retry of it meanwhile is not answered twice.

use std::time::{Duration, Instant};

use mops_bot::store::Backend;

use crate::events::{envelope, mention, post_event};
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_ack_waits_at_most_a_second_for_a_stalled_database() {
    let app = spawn_app().await;
    // Another writer holds the lock, as a cron `run-due` in a long transaction would.
    let mut blocker = app.state.db.pool().acquire().await.unwrap();
    let lock: &[&str] = match app.state.db.backend() {
        Backend::Sqlite => &["BEGIN IMMEDIATE"],
        Backend::Postgres => &["BEGIN", "LOCK TABLE slack_events IN EXCLUSIVE MODE"],
    };
    for statement in lock {
        sqlx::query(statement).execute(&mut *blocker).await.unwrap();
    }

    let body = envelope(
        "Ev0SLOWDB01",
        mention("<@UBOTMOPS> burnout", "1795428000.000100"),
    );
    let started = Instant::now();
    let resp = post_event(&app, &body).await;
    assert_eq!(resp.status(), 200);
    assert!(
        started.elapsed() < Duration::from_millis(1800),
        "acknowledged after {:?}",
        started.elapsed()
    );
    // Slack's retry arrives while the database is still stalled.
    assert_eq!(post_event(&app, &body).await.status(), 200);

    sqlx::query("COMMIT").execute(&mut *blocker).await.unwrap();
    drop(blocker);
    app.slack.wait_for("/api/chat.postMessage", 1).await;
    let posts = app.settled("/api/chat.postMessage").await;
    assert_eq!(posts.len(), 1, "answered exactly once");
}
