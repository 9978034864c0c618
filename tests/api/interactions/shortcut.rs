//! The message shortcut "Get MOPs advice": used on a message, it is acknowledged at once and
//! answered privately through the payload's `response_url`, with the usual buttons; over HTTP
//! and Socket Mode.

use serde_json::{Value, json};

use super::{FORM, text_of};
use crate::fake_slack::FakeSlack;
use crate::fake_socket::FakeSocket;
use crate::helpers::{CHANNEL, TEAM, USER, spawn_app};
use crate::socket_mode::spawn_socket_app;

/// A `message_action` payload as Slack sends it when the shortcut is used on `text`.
fn shortcut(callback_id: &str, text: &str, response_url: &str) -> Value {
    json!({
        "type": "message_action",
        "token": "9s8d9as89d8as9d8as989",
        "action_ts": "1795428200.326754",
        "team": {"id": TEAM, "domain": "mops-example"},
        "user": {"id": USER, "username": "stacey", "name": "stacey", "team_id": TEAM},
        "channel": {"id": CHANNEL, "name": "marketing-ops"},
        "is_enterprise_install": false,
        "enterprise": null,
        "callback_id": callback_id,
        "trigger_id": "13345224609.738474920.8088930838d88f008e4",
        "response_url": response_url,
        "message_ts": "1795428000.000700",
        "message": {
            "type": "message", "user": "U0MANAGER", "ts": "1795428000.000700",
            "client_msg_id": "a1b2c3d4-0000-4000-8000-000000000001",
            "text": text,
            "team": TEAM
        }
    })
}

const ASK: &str = "<@U0001> can you just pull a quick report of every campaign's ROI by Friday? \
                   and also fix the lead routing, and the webinar list upload, all urgent";

#[tokio::test]
async fn the_shortcut_is_answered_privately_through_response_url() {
    let app = spawn_app().await;
    let url = app.response_url();
    let body = serde_urlencoded::to_string([(
        "payload",
        shortcut("mops_advice_on_message", ASK, &url).to_string(),
    )])
    .expect("form");
    let resp = app.post_signed("/slack/interactions", &body, FORM).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.expect("body"), "", "acknowledged empty");
    let answer = app.slack.wait_for(&app.path_of(&url), 1).await[0].json();
    assert_eq!(answer["response_type"], "ephemeral", "{answer}");
    assert_eq!(answer["replace_original"], false, "the message stays");
    let shown = text_of(&answer);
    for button in ["share_answer", "more_topic", "feedback_buttons"] {
        assert!(shown.contains(button), "{button} in {shown}");
    }
    assert!(app.slack.received("/api/chat.postMessage").is_empty());

    // A shortcut on a message with no text gets a pointer, not a guess.
    let url = app.response_url();
    let body = serde_urlencoded::to_string([(
        "payload",
        shortcut("mops_advice_on_message", "", &url).to_string(),
    )])
    .expect("form");
    assert_eq!(
        app.post_signed("/slack/interactions", &body, FORM)
            .await
            .status(),
        200
    );
    let note = app.slack.wait_for(&app.path_of(&url), 1).await[0].json();
    assert!(text_of(&note).contains("no text I can read"), "{note}");

    // A payload without its response_url is malformed: 400, nothing done.
    let mut broken = shortcut("mops_advice_on_message", ASK, &url);
    broken.as_object_mut().map(|o| o.remove("response_url"));
    let body = serde_urlencoded::to_string([("payload", broken.to_string())]).expect("form");
    assert_eq!(
        app.post_signed("/slack/interactions", &body, FORM)
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn over_socket_mode_the_shortcut_is_acked_and_answered() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let url = app.response_url();
    let payload = shortcut(
        "mops_advice_on_message",
        "I'm exhausted, working every weekend and nobody notices",
        &url,
    );
    socket.envelope(0, "env-shortcut", "interactive", payload);
    let (_, ack) = socket.ack_of(0, "env-shortcut").await;
    assert_eq!(ack, json!({"envelope_id": "env-shortcut"}));
    let answer = app.slack.wait_for(&app.path_of(&url), 1).await[0].json();
    assert_eq!(answer["response_type"], "ephemeral");
    assert!(text_of(&answer).contains("Burnout"), "{answer}");
}
