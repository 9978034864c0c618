//! Weekly nudges end to end: subscribe with signed slash commands, then drive the scheduler
//! with `run_due` at chosen instants against the fake Slack, and assert exactly the posts
//! expected.

mod ambiguous;
mod buttons;
mod cli;
mod commands;
mod delivery;
mod failures;
mod personal;
mod schedule;
mod tokens;
mod uninstall;

use jiff::Timestamp;
use mops_bot::nudges::scheduler::{RunReport, run_due};
use serde_json::Value;

use crate::helpers::{CHANNEL, TestApp};

const FORM: &str = "application/x-www-form-urlencoded";
pub const POST: &str = "/api/chat.postMessage";

/// An RFC 3339 instant.
pub fn at(s: &str) -> Timestamp {
    s.parse().expect("valid instant")
}

/// Sends `/mops {text}` from `channel`, returning the response_url path the reply goes to.
pub async fn command_in(app: &TestApp, channel: &str, text: &str) -> String {
    let url = app.response_url();
    let body = app.command_body(text, &url).replace(
        &format!("channel_id={CHANNEL}"),
        &format!("channel_id={channel}"),
    );
    let resp = app.post_signed("/slack/commands", &body, FORM).await;
    assert_eq!(resp.status(), 200, "acknowledged");
    app.path_of(&url)
}

/// Sends `/mops {text}` from `channel` and waits for the reply.
pub async fn reply_in(app: &TestApp, channel: &str, text: &str) -> Value {
    let path = command_in(app, channel, text).await;
    app.slack.wait_for(&path, 1).await[0].json()
}

/// Sends `/mops {text}` from the default channel and waits for the reply.
pub async fn reply(app: &TestApp, text: &str) -> Value {
    reply_in(app, CHANNEL, text).await
}

/// The reply's visible text: its blocks as JSON, which holds every word shown.
pub fn shown(message: &Value) -> String {
    serde_json::to_string(&message["blocks"]).unwrap_or_default()
}

/// Subscribes `channel` with `/mops nudge {args}` and checks it was confirmed.
pub async fn subscribe(app: &TestApp, channel: &str, args: &str) -> Value {
    let message = reply_in(app, channel, &format!("nudge {args}")).await;
    assert!(
        message["text"]
            .as_str()
            .unwrap_or("")
            .contains("Weekly nudges are"),
        "subscribed: {message}"
    );
    message
}

/// Sets the app's clock to `instant` and runs the scheduler once there.
pub async fn run_at(app: &TestApp, instant: &str) -> RunReport {
    let now = at(instant);
    app.clock.set(now);
    run_due(&app.state, now).await
}

/// Every `chat.postMessage` the fake received, as JSON.
pub fn posts(app: &TestApp) -> Vec<Value> {
    app.slack.received(POST).iter().map(|r| r.json()).collect()
}

/// The posts to `channel`.
pub fn posts_to(app: &TestApp, channel: &str) -> Vec<Value> {
    posts(app)
        .into_iter()
        .filter(|p| p["channel"] == channel)
        .collect()
}

/// The nudge id a posted message carries in its feedback buttons.
pub fn nudge_id(post: &Value) -> String {
    let blocks = post["blocks"].as_array().cloned().unwrap_or_default();
    blocks
        .iter()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["action_id"] == "feedback_helpful")
        .and_then(|e| {
            e["value"]
                .as_str()
                .map(|v| v.trim_start_matches("nudge:").to_owned())
        })
        .expect("a nudge post has a feedback button")
}
