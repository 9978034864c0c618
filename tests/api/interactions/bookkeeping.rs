//! Bookkeeping (recent answers, votes) is written after the reply and never holds it up: with
//! the database locked by another process, answers and thank-yous still arrive at once.

use std::time::Duration;

use mops_bot::store;
use sqlx::{AnyConnection, Connection, Executor};

use super::{On, answer_on, press, text_of};
use crate::helpers::{TEAM, USER, spawn_app};

/// Far less than the database's 10 s busy timeout, which a reply waiting on a write would hit.
const PROMPT: Duration = Duration::from_secs(3);

#[tokio::test]
async fn a_locked_database_does_not_hold_up_replies() {
    let app = spawn_app().await;
    // Another process holds the write lock: all of SQLite, or the two tables on PostgreSQL.
    let url = &app.state.config.database_url;
    let lock = if url.starts_with("sqlite:") {
        "BEGIN EXCLUSIVE"
    } else {
        "BEGIN; LOCK TABLE answered_topics, feedback IN EXCLUSIVE MODE"
    };
    let mut other = AnyConnection::connect(url)
        .await
        .expect("a second connection");
    other.execute(lock).await.expect("the database is locked");
    let write = store::history::remember(&app.state.db, TEAM, "U0OTHER", "burnout", 1);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), write)
            .await
            .is_err(),
        "a write now waits for the lock, as a reply that wrote first would"
    );

    for text in ["advice burnout", "metrics", "should i quit"] {
        let (resp, path) = app.command(text).await;
        assert_eq!(resp.status(), 200);
        let reply = tokio::time::timeout(PROMPT, app.slack.wait_for(&path, 1))
            .await
            .unwrap_or_else(|_| panic!("the reply to {text:?} waited on the locked database"));
        assert_eq!(reply[0].json()["response_type"], "ephemeral");
    }
    let path = press(&app, On::Message, "feedback_helpful", "topic:burnout").await;
    let thanks = tokio::time::timeout(PROMPT, answer_on(&app, &path))
        .await
        .expect("the thank-you did not wait on the locked database");
    assert!(text_of(&thanks).contains("Thanks"), "{thanks}");

    // Once the lock goes, the queued bookkeeping is written: nothing was lost meanwhile.
    other.execute("ROLLBACK").await.expect("unlocked");
    assert!(
        app.state.bookkeeper.flush(Duration::from_secs(15)).await,
        "bookkeeping caught up"
    );
    let mut recent = store::history::recent(&app.state.db, TEAM, USER, 10)
        .await
        .expect("read");
    recent.sort();
    assert_eq!(recent, vec!["burnout", "career-change", "metrics"]);
    let tallies = store::feedback::tallies(&app.state.db).await.expect("read");
    assert_eq!(tallies.len(), 1, "{tallies:?}");
    assert_eq!(app.state.bookkeeper.dropped(), 0);
}
