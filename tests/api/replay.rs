//! Realistic Slack payloads, kept in `tests/api/fixtures/` (written from Slack's documented
//! shapes: workspace and Enterprise Grid events, clicks in messages, modals and the Home tab,
//! shortcuts, slash commands and `ssl_check`), replayed signed through the real endpoints.
//! Every one is acknowledged; only what a person asked is answered.

use std::path::PathBuf;

use serde_json::Value;

use crate::events::JSON;
use crate::helpers::{TestApp, spawn_app};

const FORM: &str = "application/x-www-form-urlencoded";
/// Stands in the fixtures for the `response_url`, replaced by one on the fake Slack.
const RESPONSE_URL: &str = "RESPONSE_URL";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/api/fixtures")
}

/// The fixture at `name` (e.g. `events/app_mention.json`).
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every fixture in `folder`, by file name.
fn all(folder: &str) -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(dir().join(folder))
        .expect("fixtures folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{folder}: {names:?}");
    names
        .into_iter()
        .map(|n| {
            let body = fixture(&format!("{folder}/{n}"));
            (n, body)
        })
        .collect()
}

fn form_value(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn healthy(app: &TestApp) {
    let resp = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("healthz answers");
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn every_recorded_event_is_acknowledged_and_only_what_people_wrote_is_answered() {
    let app = spawn_app().await;
    for (name, body) in all("events") {
        let resp = app.post_signed("/slack/events", &body, JSON).await;
        assert_eq!(resp.status(), 200, "{name}");
        let text = resp.text().await.expect("body");
        if name == "url_verification.json" {
            let sent: Value = serde_json::from_str(&body).expect("json");
            assert_eq!(text, sent["challenge"].as_str().expect("a challenge"));
        }
    }
    app.slack.wait_for("/api/chat.postMessage", 6).await;
    app.slack.wait_for("/api/views.publish", 1).await;
    let posted = app.settled("/api/chat.postMessage").await;
    let mut channels: Vec<String> = posted
        .iter()
        .map(|r| r.json()["channel"].as_str().unwrap_or_default().to_owned())
        .collect();
    channels.sort();
    assert_eq!(
        channels,
        [
            // Two mentions in the channel, one in a shared channel, one in an org's workspace,
            // and two DMs (one with a file attached); never the bot's own, an edit, or chatter.
            "C0001",
            "C0001",
            "C0GRIDB1",
            "C0SHARED1",
            "D0DMUSER1",
            "D0DMUSER1"
        ]
    );
    assert_eq!(
        app.slack.received("/api/views.publish").len(),
        1,
        "the Home tab"
    );
    healthy(&app).await;
}

#[tokio::test]
async fn every_recorded_click_shortcut_and_submission_is_acknowledged() {
    let app = spawn_app().await;
    let mut answered = Vec::new();
    for (name, raw) in all("interactions") {
        let url = app.response_url();
        if name.starts_with("block_actions") && raw.contains(RESPONSE_URL) {
            answered.push(app.path_of(&url));
        }
        let payload = raw.replace(RESPONSE_URL, &url);
        let body = format!("payload={}", form_value(&payload));
        let resp = app.post_signed("/slack/interactions", &body, FORM).await;
        assert_eq!(resp.status(), 200, "{name}");
    }
    assert_eq!(answered.len(), 2, "the feedback and share clicks");
    for path in &answered {
        app.slack.wait_for(path, 1).await;
    }
    // A click inside a modal carries the whole view: one padded to 90 KB is still taken.
    let mut click: Value =
        serde_json::from_str(&fixture("interactions/block_actions_in_a_modal.json")).expect("json");
    let blocks = click["view"]["blocks"].as_array().expect("blocks").clone();
    while click.to_string().len() < 90_000 {
        let more = click["view"]["blocks"].as_array_mut().expect("blocks");
        more.extend(blocks.iter().cloned());
    }
    let body = format!("payload={}", form_value(&click.to_string()));
    assert!(body.len() > 90_000);
    let resp = app.post_signed("/slack/interactions", &body, FORM).await;
    assert_eq!(resp.status(), 200, "a 90 KB modal click");
    healthy(&app).await;
}

#[tokio::test]
async fn every_recorded_command_is_answered_and_an_ssl_check_only_acknowledged() {
    let app = spawn_app().await;
    let mut answered = Vec::new();
    for (name, raw) in all("commands") {
        let url = app.response_url();
        let body = raw.trim().replace(RESPONSE_URL, &form_value(&url));
        let resp = app.post_signed("/slack/commands", &body, FORM).await;
        assert_eq!(resp.status(), 200, "{name}");
        if name != "ssl_check.txt" {
            answered.push(app.path_of(&url));
        }
    }
    for path in &answered {
        let reply = app.slack.wait_for(path, 1).await[0].json();
        let text = reply["text"].as_str().unwrap_or_default();
        assert!(
            !text.is_empty() && reply["blocks"].is_array(),
            "{path}: {reply}"
        );
    }
    let everything = app.settled("/").await;
    assert_eq!(
        everything
            .iter()
            .filter(|r| r.path.starts_with("/response/"))
            .count(),
        answered.len(),
        "the ssl_check got no reply"
    );
    healthy(&app).await;
}
