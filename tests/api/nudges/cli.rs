//! The real binary: `mops-bot nudges list --json` and `mops-bot nudges run-due --now`
//! against a subscription made through the app, on the same SQLite file.

use std::collections::HashSet;
use std::process::Output;

use serde_json::Value;

use super::{POST, posts, subscribe};
use crate::helpers::{BOT_TOKEN, CHANNEL, TestApp, spawn_app};

async fn mops_bot(app: &TestApp, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .args(args)
        .env_clear()
        .current_dir(app.db_dir.path())
        .env(
            "DATABASE_URL",
            crate::test_db::database_url(app.db_dir.path()),
        )
        .env("SLACK_API_URL", app.slack.api_url())
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn nudges_list_json_prints_every_nudge_with_id_topic_audience_and_title() {
    let app = spawn_app().await;
    let out = mops_bot(&app, &["nudges", "list", "--json"]).await;
    assert!(out.status.success(), "{out:?}");
    let list: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let items = list.as_array().expect("an array");
    assert_eq!(items.len(), app.state.guide.library.nudges().len());
    assert!(items.len() >= 40);
    let mut ids = HashSet::new();
    for item in items {
        for field in ["id", "topic", "title"] {
            assert!(
                item[field].as_str().is_some_and(|v| !v.is_empty()),
                "{field} in {item}"
            );
        }
        assert!(ids.insert(item["id"].as_str().unwrap_or_default().to_owned()));
        let topic = item["topic"].as_str().unwrap_or_default();
        assert!(app.state.guide.library.pack(topic).is_some(), "{topic}");
        let audience = item["audience"].as_str().unwrap_or_default();
        assert!(matches!(audience, "channel" | "personal"), "{item}");
        if topic == "career-change" {
            assert_eq!(audience, "personal", "{item}");
        }
    }
}

#[tokio::test]
async fn run_due_delivers_what_is_due_at_the_given_instant_once() {
    let mut app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    app.stop().await;

    let early = mops_bot(
        &app,
        &["nudges", "run-due", "--now", "2026-11-23T13:59:00Z"],
    )
    .await;
    assert!(early.status.success(), "{early:?}");
    assert_eq!(
        stdout(&early).trim(),
        "nudges due at 2026-11-23T13:59:00Z: 0"
    );
    assert!(posts(&app).is_empty());

    let due = mops_bot(
        &app,
        &["nudges", "run-due", "--now", "2026-11-23T14:00:00Z"],
    )
    .await;
    assert!(due.status.success(), "{due:?}");
    assert_eq!(
        stdout(&due).trim(),
        "nudges due at 2026-11-23T14:00:00Z: 1 (1 sent)"
    );
    let sent = app.slack.received(POST);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method(), Some("chat.postMessage"));
    assert_eq!(
        sent[0].header("authorization"),
        Some(format!("Bearer {BOT_TOKEN}").as_str())
    );

    let again = mops_bot(
        &app,
        &["nudges", "run-due", "--now", "2026-11-23T14:00:00Z"],
    )
    .await;
    assert_eq!(
        stdout(&again).trim(),
        "nudges due at 2026-11-23T14:00:00Z: 0"
    );
    assert_eq!(posts(&app).len(), 1, "run twice, posted once");

    let bad = mops_bot(&app, &["nudges", "run-due", "--now", "next tuesday"]).await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("RFC 3339"));
}
