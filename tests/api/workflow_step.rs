//! The Workflow Builder step "Send MOPs guidance" through signed `POST /slack/events` (and
//! Socket Mode): `function_executed` is acknowledged at once, the answer is posted with the
//! execution's own token, and the run completes with its outputs, or with an error for a
//! channel Slack does not know.

use serde_json::{Value, json};

use crate::events::{envelope, post_event};
use crate::fake_slack::{FakeSlack, Scripted};
use crate::fake_socket::FakeSocket;
use crate::helpers::{CHANNEL, spawn_app};
use crate::socket_mode::spawn_socket_app;

const EXEC_TOKEN: &str = "xwfp-1234567890-workflow-exec-token";
const POST: &str = "/api/chat.postMessage";
const SUCCESS: &str = "/api/functions.completeSuccess";
const ERROR: &str = "/api/functions.completeError";

/// A `function_executed` event as Slack sends it for one run of the step.
fn executed(execution: &str, topic: &str, channel: &str) -> Value {
    json!({
        "type": "function_executed",
        "function": {
            "id": "Fn0MOPSGUIDE", "callback_id": "send_mops_guidance",
            "title": "Send MOPs guidance", "description": "Posts guidance to a channel",
            "type": "app", "app_id": "A0MOPSBOT", "date_created": 1_795_000_000,
            "date_updated": 1_795_000_000, "date_deleted": 0,
            "input_parameters": [], "output_parameters": []
        },
        "inputs": {"topic": topic, "channel": channel},
        "function_execution_id": execution,
        "workflow_execution_id": "Wx0ONBOARD01",
        "event_ts": "1795428000.001000",
        "bot_access_token": EXEC_TOKEN
    })
}

#[tokio::test]
async fn a_run_posts_the_guidance_and_completes_with_its_outputs() {
    let app = spawn_app().await;
    app.slack.script(
        POST,
        Scripted::ok(json!({"ok": true, "channel": CHANNEL, "ts": "1795428000.004200"})),
    );
    let body = envelope("Ev0STEP0001", executed("Fx0RUN0001", "role", CHANNEL));
    let resp = post_event(&app, &body).await;
    assert_eq!(resp.status(), 200, "acknowledged at once");

    let done = app.slack.wait_for(SUCCESS, 1).await;
    let bearer = format!("Bearer {EXEC_TOKEN}");
    assert_eq!(done[0].header("authorization"), Some(bearer.as_str()));
    assert_eq!(
        done[0].json(),
        json!({"function_execution_id": "Fx0RUN0001",
               "outputs": {"topic": "role", "message_ts": "1795428000.004200"}})
    );
    let posted = &app.slack.received(POST)[0];
    assert_eq!(
        posted.header("authorization"),
        Some(bearer.as_str()),
        "the execution's token"
    );
    let message = posted.json();
    assert_eq!(message["channel"], CHANNEL);
    assert!(
        !message["blocks"].to_string().contains("share_answer"),
        "already public"
    );

    // Free text finds its topic too.
    let body = envelope(
        "Ev0STEP0002",
        executed(
            "Fx0RUN0002",
            "I'm exhausted and can't keep up with requests",
            CHANNEL,
        ),
    );
    post_event(&app, &body).await;
    let done = app.slack.wait_for(SUCCESS, 2).await;
    assert_eq!(done[1].json()["outputs"]["topic"], "burnout");
    assert!(app.slack.received(ERROR).is_empty());
}

#[tokio::test]
async fn an_unknown_channel_or_topic_completes_with_a_clear_error() {
    let app = spawn_app().await;
    app.slack.script_for_channel(
        POST,
        "C0GONE999",
        Scripted::slack_error("channel_not_found"),
    );
    let body = envelope(
        "Ev0STEP0101",
        executed("Fx0RUN0101", "burnout", "C0GONE999"),
    );
    assert_eq!(post_event(&app, &body).await.status(), 200);
    let failed = app.slack.wait_for(ERROR, 1).await[0].json();
    assert_eq!(failed["function_execution_id"], "Fx0RUN0101");
    let error = failed["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("can't find the channel C0GONE999"),
        "{error}"
    );

    let body = envelope("Ev0STEP0102", executed("Fx0RUN0102", "zzzz qqqq", CHANNEL));
    post_event(&app, &body).await;
    let failed = app.slack.wait_for(ERROR, 2).await[1].json();
    assert!(
        failed["error"]
            .as_str()
            .unwrap_or_default()
            .contains("No guidance matches"),
        "{failed}"
    );
    assert!(app.slack.received(SUCCESS).is_empty());
    assert_eq!(
        app.slack.received(POST).len(),
        1,
        "only the try in the unknown channel"
    );
}

#[tokio::test]
async fn over_socket_mode_the_step_is_acked_and_completed() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let body: Value = serde_json::from_str(&envelope(
        "Ev0STEPS01",
        executed("Fx0RUNS01", "hiring-leader", CHANNEL),
    ))
    .expect("json");
    socket.envelope(0, "env-step", "events_api", body);
    let (_, ack) = socket.ack_of(0, "env-step").await;
    assert_eq!(ack, json!({"envelope_id": "env-step"}));
    let done = app.slack.wait_for(SUCCESS, 1).await[0].json();
    assert_eq!(done["outputs"]["topic"], "hiring-leader");
    assert!(done["outputs"]["message_ts"].is_string(), "{done}");
}
