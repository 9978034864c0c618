//! `/slack/events` end to end: URL verification, mentions, DMs, the Home tab, deduplication
//! across retries and restarts, and refusals.

mod home;
mod refusals;
mod retries;

use mops_bot::slack::verify::sign;
use serde_json::{Value, json};

use crate::helpers::{BOT_TOKEN, CHANNEL, SIGNING_SECRET, TEAM, TestApp, USER, UnixNow, spawn_app};

pub const JSON: &str = "application/json";
pub const BOT: &str = "UBOTMOPS";
const DM: &str = "D0DMUSER1";

/// An `event_callback` envelope as Slack sends it.
pub fn envelope(event_id: &str, event: Value) -> String {
    json!({
        "token": "XXYYZZ1234abcd",
        "team_id": TEAM,
        "context_team_id": TEAM,
        "context_enterprise_id": null,
        "api_app_id": "A0MOPSBOT",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_795_428_000,
        "authorizations": [{
            "enterprise_id": null,
            "team_id": TEAM,
            "user_id": BOT,
            "is_bot": true,
            "is_enterprise_install": false
        }],
        "is_ext_shared_channel": false,
        "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIiwidGlkIjoiVDAwMDEifQ"
    })
    .to_string()
}

pub fn mention(text: &str, ts: &str) -> Value {
    json!({
        "client_msg_id": "0f5e2d2a-7c9b-4a57-9d51-2f0c1b1f7a11",
        "type": "app_mention",
        "text": text,
        "user": USER,
        "ts": ts,
        "team": TEAM,
        "channel": CHANNEL,
        "event_ts": ts
    })
}

pub(crate) fn direct_message(text: &str, ts: &str) -> Value {
    json!({
        "client_msg_id": "8b7c3f4e-1d2a-4e5f-9a8b-7c6d5e4f3a2b",
        "type": "message",
        "text": text,
        "user": USER,
        "ts": ts,
        "team": TEAM,
        "channel": DM,
        "event_ts": ts,
        "channel_type": "im"
    })
}

pub(crate) fn home_opened(tab: &str) -> Value {
    json!({
        "type": "app_home_opened",
        "user": USER,
        "channel": DM,
        "tab": tab,
        "event_ts": "1795428000.000300"
    })
}

pub(crate) async fn post_event(app: &TestApp, body: &str) -> reqwest::Response {
    app.post_signed("/slack/events", body, JSON).await
}

/// Sends `body` as Slack's retry number `n`.
pub(crate) async fn post_retry(app: &TestApp, body: &str, n: u32) -> reqwest::Response {
    let ts = app.clock.now_unix();
    app.client
        .post(format!("{}/slack/events", app.address))
        .header("content-type", JSON)
        .header("x-slack-request-timestamp", ts.to_string())
        .header(
            "x-slack-signature",
            sign(SIGNING_SECRET, ts, body.as_bytes()),
        )
        .header("x-slack-retry-num", n.to_string())
        .header("x-slack-retry-reason", "http_timeout")
        .body(body.to_owned())
        .send()
        .await
        .expect("request reaches the app")
}

fn blocks_of(message: &Value) -> String {
    message["blocks"].to_string()
}
#[tokio::test]
async fn url_verification_answers_the_challenge_only_when_signed() {
    let app = spawn_app().await;
    let body = json!({
        "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification"
    })
    .to_string();
    let resp = post_event(&app, &body).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.text().await.unwrap(),
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
    let now = app.clock.now_unix();
    let forged = app
        .post_with_headers(
            "/slack/events",
            &body,
            JSON,
            &now.to_string(),
            &sign("not-the-secret", now, body.as_bytes()),
        )
        .await;
    assert_eq!(forged.status(), 401);
    assert!(!forged.text().await.unwrap().contains("3eZbrw1aBm"));
}
#[tokio::test]
async fn a_mention_is_answered_in_its_thread_with_buttons() {
    let app = spawn_app().await;
    let ts = "1795428000.000100";
    let resp = post_event(
        &app,
        &envelope("Ev0MENTION1", mention(&format!("<@{BOT}> burnout"), ts)),
    )
    .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "");

    let got = app.slack.wait_for("/api/chat.postMessage", 1).await;
    assert_eq!(got[0].method(), Some("chat.postMessage"));
    assert_eq!(
        got[0].header("authorization"),
        Some(format!("Bearer {BOT_TOKEN}").as_str())
    );
    let message = got[0].json();
    assert_eq!(message["channel"], CHANNEL);
    assert_eq!(message["thread_ts"], ts, "answered in the mention's thread");
    assert!(
        message["text"].as_str().unwrap().contains("Burnout"),
        "{message}"
    );
    let blocks = blocks_of(&message);
    assert!(blocks.contains("What to say"), "{blocks}");
    assert!(
        blocks.contains("\"related_topic#1\"") && blocks.contains("\"more_topic\""),
        "{blocks}"
    );
    assert!(
        blocks.contains("\"helpful:topic:burnout\"")
            && message["blocks"].as_array().unwrap().last().unwrap()["type"] == "context_actions",
        "ends with native feedback buttons: {blocks}"
    );
    assert!(
        !blocks.contains("share_answer"),
        "a thread answer is already public: {blocks}"
    );

    // A mention inside an existing thread answers in that thread, with the same grammar.
    let in_thread = json!({
        "type": "app_mention", "text": format!("<@{BOT}> topics"), "user": USER,
        "ts": "1795428060.000200", "thread_ts": ts, "channel": CHANNEL, "event_ts": "1795428060.000200"
    });
    post_event(&app, &envelope("Ev0MENTION2", in_thread)).await;
    let got = app.slack.wait_for("/api/chat.postMessage", 2).await;
    let reply = got[1].json();
    assert_eq!(reply["thread_ts"], ts);
    assert!(
        blocks_of(&reply).contains("Topics I can help with"),
        "{reply}"
    );
}
#[tokio::test]
async fn a_direct_message_is_answered_in_its_thread() {
    let app = spawn_app().await;
    post_event(
        &app,
        &envelope(
            "Ev0DM000001",
            direct_message(
                "I think I should quit and change careers",
                "1795428000.000400",
            ),
        ),
    )
    .await;
    let message = app.slack.wait_for("/api/chat.postMessage", 1).await[0].json();
    assert_eq!(message["channel"], DM);
    assert_eq!(
        message["thread_ts"], "1795428000.000400",
        "agent messaging: a DM is answered in the message's thread"
    );
    assert!(blocks_of(&message).contains("career-change"), "{message}");

    post_event(
        &app,
        &envelope("Ev0DM000002", direct_message("help", "1795428001.000400")),
    )
    .await;
    post_event(
        &app,
        &envelope(
            "Ev0DM000003",
            direct_message("nudge on tuesday", "1795428002.000400"),
        ),
    )
    .await;
    let got = app.slack.wait_for("/api/chat.postMessage", 3).await;
    let texts: Vec<String> = got[1..].iter().map(|r| blocks_of(&r.json())).collect();
    let help = texts
        .iter()
        .find(|t| t.contains("How to ask"))
        .expect("help answered");
    assert!(
        help.contains("skip `/mops`"),
        "explains asking without the slash: {help}"
    );
    let nudge = texts
        .iter()
        .find(|t| !t.contains("How to ask"))
        .expect("nudge answered");
    assert!(
        nudge.contains("/mops nudge on tuesday"),
        "points to the slash command: {nudge}"
    );
}
