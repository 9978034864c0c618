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
async fn a_rate_limit_is_retried_and_an_answer_that_may_hide_a_post_is_not() {
    let app = spawn_app().await;
    const POST: &str = "/api/chat.postMessage";
    app.slack.script(POST, Scripted::slack_error("ratelimited"));
    post_event(
        &app,
        &envelope(
            "Ev0ERR00001",
            direct_message("burnout", "1795428000.001200"),
        ),
    )
    .await;
    let got = app.slack.wait_for(POST, 2).await;
    assert_eq!(
        got[0].body, got[1].body,
        "the retry carries the same answer"
    );

    // Slack's own trouble may come after the message was posted: posting again could
    // double it, so the answer is not sent twice. Nor is one Slack refused.
    for (n, (answer, id)) in [
        (Scripted::slack_error("internal_error"), "Ev0ERR00002"),
        (Scripted::status(503), "Ev0ERR00003"),
        (Scripted::slack_error("channel_not_found"), "Ev0ERR00004"),
    ]
    .into_iter()
    .enumerate()
    {
        app.slack.script(POST, answer);
        let ts = format!("1795428000.00130{n}");
        post_event(&app, &envelope(id, direct_message("metrics", &ts))).await;
        app.slack.wait_for(POST, 3 + n).await;
        assert_eq!(app.settled(POST).await.len(), 3 + n, "{id} posted once");
    }
}
