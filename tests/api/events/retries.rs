//! Deduplication of retried deliveries, across a restart, and retries of Slack's own errors.

use super::{BOT, direct_message, envelope, mention, post_event, post_retry};
use crate::fake_slack::Scripted;
use crate::helpers::{TestApp, spawn_app, spawn_app_on, test_config};

#[tokio::test]
async fn a_retried_event_is_answered_once_even_across_a_restart() {
    let mut app = spawn_app().await;
    let body = envelope(
        "Ev0RETRY001",
        mention(&format!("<@{BOT}> metrics"), "1795428000.001000"),
    );
    assert_eq!(post_event(&app, &body).await.status(), 200);
    assert_eq!(post_retry(&app, &body, 1).await.status(), 200);
    let (a, b) = tokio::join!(post_retry(&app, &body, 2), post_retry(&app, &body, 2));
    assert_eq!(a.status(), 200);
    assert_eq!(b.status(), 200);
    assert_eq!(app.settled("/api/chat.postMessage").await.len(), 1);

    app.stop().await;
    let config = test_config(&app.slack, &app.db_dir);
    let TestApp { slack, db_dir, .. } = app;
    let app = spawn_app_on(slack, db_dir, config).await;
    assert_eq!(post_retry(&app, &body, 3).await.status(), 200);
    assert_eq!(
        app.settled("/api/chat.postMessage").await.len(),
        1,
        "the restarted app remembers the delivery"
    );
    let fresh = envelope(
        "Ev0RETRY002",
        mention(&format!("<@{BOT}> metrics"), "1795428100.001000"),
    );
    post_event(&app, &fresh).await;
    app.slack.wait_for("/api/chat.postMessage", 2).await;
}
#[tokio::test]
async fn transient_slack_errors_are_retried_and_permanent_ones_are_not() {
    let app = spawn_app().await;
    app.slack.script(
        "/api/chat.postMessage",
        Scripted::slack_error("internal_error"),
    );
    post_event(
        &app,
        &envelope(
            "Ev0ERR00001",
            direct_message("burnout", "1795428000.001200"),
        ),
    )
    .await;
    let got = app.slack.wait_for("/api/chat.postMessage", 2).await;
    assert_eq!(
        got[0].body, got[1].body,
        "the retry carries the same answer"
    );

    app.slack.script(
        "/api/chat.postMessage",
        Scripted::slack_error("channel_not_found"),
    );
    post_event(
        &app,
        &envelope(
            "Ev0ERR00002",
            direct_message("metrics", "1795428000.001300"),
        ),
    )
    .await;
    app.slack.wait_for("/api/chat.postMessage", 3).await;
    assert_eq!(
        app.settled("/api/chat.postMessage").await.len(),
        3,
        "no retry after channel_not_found"
    );
}
