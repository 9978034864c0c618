//! Bounded work under a burst: far more commands than reply slots arrive at once; every one is
//! either answered or told to try again (never acknowledged and dropped), the work in flight
//! never exceeds the bound, and shutdown delivers everything that was accepted.

mod edges;

use std::time::Duration;

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::fake_slack::Scripted;
use crate::helpers::spawn_app_with;

const BOUND: usize = 4;
const BURST: usize = 120;

#[tokio::test]
async fn a_burst_far_beyond_the_bound_is_answered_or_told_to_try_again() {
    let mut app = spawn_app_with(|c| {
        c.work.concurrency = BOUND;
        c.work.ack_wait = Duration::from_millis(250);
    })
    .await;
    // Each reply takes a while to be taken, so the slots stay full.
    let urls: Vec<String> = (0..BURST).map(|_| app.response_url()).collect();
    for url in &urls {
        app.slack.script(
            &app.path_of(url),
            Scripted::ok(json!({})).delayed(Duration::from_millis(100)),
        );
    }
    let acks = join_all(urls.iter().map(|url| async {
        let resp = app.command_to("advice burnout", url).await;
        assert_eq!(resp.status(), 200, "every command is acknowledged");
        let body = resp.text().await.expect("body");
        (app.path_of(url), body)
    }))
    .await;
    let (accepted, busy): (Vec<_>, Vec<_>) = acks.into_iter().partition(|(_, b)| b.is_empty());
    for (_, body) in &busy {
        let message: Value = serde_json::from_str(body).expect("the busy answer is JSON");
        assert_eq!(message["response_type"], "ephemeral");
        assert!(
            message["text"].as_str().unwrap_or("").contains("try again"),
            "{message}"
        );
    }
    assert!(!busy.is_empty(), "the burst went past the bound");
    assert!(accepted.len() >= BOUND, "{} accepted", accepted.len());
    let work = &app.state.work;
    assert!(
        work.peak_in_flight() <= BOUND && work.peak_tasks() <= BOUND,
        "in flight at most {BOUND}: peak {} slots, {} tasks",
        work.peak_in_flight(),
        work.peak_tasks()
    );
    assert_eq!(work.turned_away(), busy.len() as u64);

    // Shutdown waits for everything accepted; nothing turned away was answered later.
    app.stop().await;
    for (path, _) in &accepted {
        assert_eq!(app.slack.received(path).len(), 1, "{path} answered once");
    }
    for (path, _) in &busy {
        assert!(
            app.slack.received(path).is_empty(),
            "{path} was turned away"
        );
    }
}
