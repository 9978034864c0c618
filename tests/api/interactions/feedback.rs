//! Feedback clicks, on Slack's native 👍/👎 under every answer and on the older Helpful / Not
//! helpful buttons still in people's history: stored once per person, thanked, and counted by
//! `mops-bot report`.

use std::time::Duration;

use mops_bot::store::feedback::{self, SubjectKind};
use serde_json::{Value, json};

use super::{On, answer_on, press, text_of};
use crate::helpers::spawn_app;

#[tokio::test]
async fn feedback_is_stored_once_per_person_thanked_and_reported() {
    let app = spawn_app().await;
    let clicks = [
        ("feedback_not_helpful", "topic:burnout"),
        ("feedback_helpful", "topic:burnout"),
        ("feedback_helpful", "nudge:log-invisible-work"),
        ("feedback_helpful", "topic:no-longer-here"),
    ];
    for (action, value) in clicks {
        let path = press(&app, On::Message, action, value).await;
        let thanks = answer_on(&app, &path).await;
        assert_eq!(thanks["response_type"], "ephemeral");
        assert!(text_of(&thanks).contains("Thanks"), "{thanks}");
    }
    assert!(
        app.state.bookkeeper.flush(Duration::from_secs(5)).await,
        "votes are written after the thank-you"
    );
    let tallies = feedback::tallies(&app.state.db).await.unwrap();
    let shown: Vec<(SubjectKind, &str, i64, i64)> = tallies
        .iter()
        .map(|t| (t.kind, t.subject_id.as_str(), t.helpful, t.not_helpful))
        .collect();
    assert_eq!(
        shown,
        vec![
            (SubjectKind::Topic, "burnout", 1, 0),
            (SubjectKind::Nudge, "log-invisible-work", 1, 0)
        ],
        "a changed vote replaces the first; unknown topics are not stored"
    );

    let stdout = app.report(&[]);
    assert_eq!(line(&stdout, "burnout"), ["burnout", "1", "0"], "{stdout}");
    assert_eq!(
        line(&stdout, "log-invisible-work"),
        ["log-invisible-work", "1", "0"],
        "{stdout}"
    );

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .arg("report")
        .env_remove("DATABASE_URL")
        .current_dir(app.db_dir.path())
        .output()
        .expect("mops-bot runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("DATABASE_URL"));
}

/// The words of the report's line about `id`.
fn line<'a>(report: &'a str, id: &str) -> Vec<&'a str> {
    report
        .lines()
        .find(|l| l.contains(id))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default()
}

/// A `block_actions` payload for a click on one side of native feedback buttons: one action
/// of type `feedback_buttons` whose value is the clicked side's.
pub(crate) fn native_click(block: &Value, side: &str, response_url: &str) -> Value {
    let element = &block["elements"][0];
    let action_id = element["action_id"].as_str().unwrap_or_default();
    let value = element[side]["value"].as_str().unwrap_or_default();
    let mut payload = super::click(On::Ephemeral, action_id, value, response_url);
    payload["actions"][0]["type"] = json!("feedback_buttons");
    // Slack names a block the bot left unnamed.
    payload["actions"][0]["block_id"] = match &block["block_id"] {
        Value::Null => json!("Zq1fR"),
        named => named.clone(),
    };
    payload["actions"][0]
        .as_object_mut()
        .map(|a| a.remove("text"));
    payload
}

#[tokio::test]
async fn a_native_feedback_click_is_stored_and_reported() {
    let app = spawn_app().await;
    let (_, path) = app.command("advice burnout").await;
    let answer = app.slack.wait_for(&path, 1).await[0].json();
    let last = answer["blocks"].as_array().and_then(|b| b.last()).cloned();
    let block = last.expect("blocks");
    assert_eq!(
        block["type"], "context_actions",
        "the answer ends with feedback"
    );
    assert_eq!(block["elements"][0]["type"], "feedback_buttons", "{block}");

    for side in ["negative_button", "positive_button", "negative_button"] {
        let url = app.response_url();
        let body = serde_urlencoded::to_string([(
            "payload",
            native_click(&block, side, &url).to_string(),
        )])
        .expect("form");
        let resp = app
            .post_signed("/slack/interactions", &body, super::FORM)
            .await;
        assert_eq!(resp.status(), 200);
        let thanks = answer_on(&app, &app.path_of(&url)).await;
        assert!(text_of(&thanks).contains("Thanks"), "{thanks}");
    }
    assert!(app.state.bookkeeper.flush(Duration::from_secs(5)).await);
    let stdout = app.report(&[]);
    assert_eq!(
        line(&stdout, "burnout"),
        ["burnout", "0", "1"],
        "the last click is the vote: {stdout}"
    );
}

#[tokio::test]
async fn over_socket_mode_a_native_feedback_click_is_stored() {
    let socket = crate::fake_socket::FakeSocket::start().await;
    let slack = crate::fake_slack::FakeSlack::start().await;
    let app = crate::socket_mode::spawn_socket_app(slack, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let block = mops_bot::slack::render::message(&app.state.guide.answer(
        &mops_bot::guidance::grammar::Request::Advice("burnout".into()),
        &mops_bot::slack::ids::UserId::parse("U0001").expect("user"),
    ));
    let block = serde_json::to_value(block.blocks.last().expect("blocks")).expect("json");
    assert_eq!(block["type"], "context_actions");
    let url = app.response_url();
    socket.envelope(
        0,
        "env-vote",
        "interactive",
        native_click(&block, "positive_button", &url),
    );
    let (_, ack) = socket.ack_of(0, "env-vote").await;
    assert_eq!(ack, json!({"envelope_id": "env-vote"}));
    let thanks = answer_on(&app, &app.path_of(&url)).await;
    assert!(text_of(&thanks).contains("Thanks"), "{thanks}");
    assert!(app.state.bookkeeper.flush(Duration::from_secs(5)).await);
    let tallies = feedback::tallies(&app.state.db).await.expect("tallies");
    assert_eq!(
        tallies
            .iter()
            .map(|t| (t.subject_id.as_str(), t.helpful))
            .collect::<Vec<_>>(),
        [("burnout", 1)]
    );
}
