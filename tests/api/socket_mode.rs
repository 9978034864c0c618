//! Socket Mode end to end against a local WebSocket server speaking Slack's frames: envelopes
//! acknowledged at once and routed like HTTP requests, and every way a connection is
//! replaced.

mod hardening;
mod installs;
mod reconnect;

use std::time::Duration;

use mops_bot::config::SocketTiming;
use serde_json::{Value, json};

use crate::fake_slack::{FakeSlack, Scripted};
use crate::fake_socket::FakeSocket;
use crate::helpers::{BOT_TOKEN, CHANNEL, TEAM, TestApp, USER, spawn_app_on, test_config};

pub const APP_TOKEN: &str = "xapp-1-A0MOPSBOT-1234-socketsecret";
pub const OPEN: &str = "/api/apps.connections.open";

/// An app in Socket Mode only: no signing secret, fast reconnect timings.
pub async fn spawn_socket_app(slack: FakeSlack, socket: &FakeSocket) -> TestApp {
    spawn_socket_app_with(slack, socket, |_| {}).await
}

pub async fn spawn_socket_app_with(
    slack: FakeSlack,
    socket: &FakeSocket,
    customize: impl FnOnce(&mut mops_bot::config::Config),
) -> TestApp {
    slack.set_default(
        OPEN,
        Scripted::ok(json!({ "ok": true, "url": socket.url() })),
    );
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(&slack, &db_dir);
    config.signing_secret = None;
    config.app_token = Some(APP_TOKEN.into());
    config.socket = SocketTiming {
        backoff_base: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        ping_interval: Duration::from_millis(150),
        ping_timeout: Duration::from_millis(150),
        connect_timeout: Duration::from_secs(2),
        max_retry_after: Duration::from_secs(2),
    };
    customize(&mut config);
    spawn_app_on(slack, db_dir, config).await
}

pub fn command_payload(app: &TestApp, text: &str) -> (Value, String) {
    let url = app.response_url();
    let payload = json!({
        "token": "ignored", "team_id": TEAM, "team_domain": "mops-example",
        "channel_id": CHANNEL, "channel_name": "marketing-ops", "user_id": USER,
        "user_name": "stacey", "command": "/mops", "text": text, "api_app_id": "A0MOPSBOT",
        "is_enterprise_install": "false", "response_url": url, "trigger_id": "1.2.3"
    });
    (payload, app.path_of(&url))
}

/// Sends `/mops {text}` on `conn` and checks it is acknowledged within 100 ms and answered.
pub async fn command_round_trip(app: &TestApp, socket: &FakeSocket, conn: usize, id: &str) {
    let (payload, path) = command_payload(app, "advice burnout");
    let sent = socket.envelope(conn, id, "slash_commands", payload);
    let (acked, ack) = socket.ack_of(conn, id).await;
    assert_eq!(ack, json!({ "envelope_id": id }), "a pure acknowledgement");
    assert!(
        acked.duration_since(sent) < Duration::from_millis(100),
        "acknowledged after {:?}",
        acked.duration_since(sent)
    );
    let reply = app.slack.wait_for(&path, 1).await[0].json();
    assert!(
        reply["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Burnout"),
        "{reply}"
    );
}

#[tokio::test]
async fn a_slash_command_is_acked_at_once_and_answered_through_response_url() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let open = &app.slack.received(OPEN)[0];
    let bearer = format!("Bearer {APP_TOKEN}");
    assert_eq!(open.header("authorization"), Some(bearer.as_str()));

    command_round_trip(&app, &socket, 0, "env-cmd-1").await;

    // The HTTP side still serves health checks; without a signing secret it accepts no
    // Slack requests at all.
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("up");
    assert_eq!(health.status(), 200);
    let (resp, _) = app.command("advice burnout").await;
    assert_eq!(resp.status(), 401);
}

#[tokio::test]
async fn the_ack_goes_out_before_slow_work_finishes() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let (payload, path) = command_payload(&app, "topics");
    app.slack.script(
        &path,
        Scripted::ok(json!({})).delayed(Duration::from_millis(400)),
    );
    let sent = socket.envelope(0, "env-slow", "slash_commands", payload);
    let (acked, _) = socket.ack_of(0, "env-slow").await;
    assert!(acked.duration_since(sent) < Duration::from_millis(100));
    let got = app.slack.wait_for(&path, 1).await;
    assert_eq!(got.len(), 1, "the reply was still sent");
    let unreadable = socket.envelope(0, "env-bad", "slash_commands", json!({"text": "no team"}));
    let (acked, _) = socket.ack_of(0, "env-bad").await;
    assert!(
        acked.duration_since(unreadable) < Duration::from_millis(100),
        "acked all the same"
    );
}

#[tokio::test]
async fn an_event_is_acked_and_answered_through_the_web_api() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let event = json!({
        "type": "event_callback", "team_id": TEAM, "api_app_id": "A0MOPSBOT",
        "event_id": "Ev0SOCKET01", "event_time": 1_795_428_000,
        "authorizations": [{ "team_id": TEAM, "user_id": "UBOTMOPS", "is_bot": true }],
        "event": { "type": "app_mention", "text": "<@UBOTMOPS> advice burnout", "user": USER,
                   "ts": "1795428000.000300", "channel": CHANNEL, "event_ts": "1795428000.000300" }
    });
    let sent = socket.envelope(0, "env-event", "events_api", event.clone());
    let (acked, _) = socket.ack_of(0, "env-event").await;
    assert!(acked.duration_since(sent) < Duration::from_millis(100));
    let posted = app.slack.wait_for("/api/chat.postMessage", 1).await;
    let bearer = format!("Bearer {BOT_TOKEN}");
    assert_eq!(posted[0].header("authorization"), Some(bearer.as_str()));
    let message = posted[0].json();
    assert_eq!(message["channel"], CHANNEL);
    assert_eq!(
        message["thread_ts"], "1795428000.000300",
        "answered in the thread"
    );

    // Slack redelivers an envelope it thinks was lost; the event is answered once.
    socket.envelope(0, "env-event-again", "events_api", event);
    socket.ack_of(0, "env-event-again").await;
    let all = app.settled("/api/chat.postMessage").await;
    assert_eq!(all.len(), 1, "deduplicated by event_id");
}

#[tokio::test]
async fn an_interactive_payload_is_acked_and_answered_through_response_url() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let url = app.response_url();
    let click = json!({
        "type": "block_actions", "team": { "id": TEAM, "domain": "mops-example" },
        "user": { "id": USER, "team_id": TEAM }, "api_app_id": "A0MOPSBOT",
        "container": { "type": "message", "message_ts": "1795428000.000100",
                       "channel_id": CHANNEL, "is_ephemeral": true },
        "channel": { "id": CHANNEL }, "response_url": url,
        "actions": [{ "action_id": "more_topic", "block_id": "answer", "type": "button",
                      "value": "burnout", "action_ts": "1795428100.1" }]
    });
    let sent = socket.envelope(0, "env-click", "interactive", click);
    let (acked, _) = socket.ack_of(0, "env-click").await;
    assert!(acked.duration_since(sent) < Duration::from_millis(100));
    let path = app.path_of(&url);
    let answer = app.slack.wait_for(&path, 1).await[0].json();
    assert!(answer["blocks"].is_array(), "{answer}");
    // The connection stays healthy afterwards.
    command_round_trip(&app, &socket, 0, "env-after").await;
}

#[tokio::test]
async fn link_disabled_stops_the_bot_with_a_clear_error() {
    let socket = FakeSocket::start().await;
    let mut app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    socket.disconnect(0, "link_disabled");
    let error = app
        .ended_by_itself()
        .await
        .expect_err("stops with an error");
    let shown = format!("{error:#}");
    assert!(
        shown.contains("link_disabled") && shown.contains("Socket Mode"),
        "{shown}"
    );
    socket.until("the socket closed", |s| s.open() == 0).await;
    assert_eq!(app.slack.received(OPEN).len(), 1, "no reconnect");
    assert_eq!(socket.connections(), 1);
}

#[tokio::test]
async fn shutdown_closes_the_socket() {
    let socket = FakeSocket::start().await;
    let mut app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    app.stop().await;
    socket.until("the socket closed", |s| s.open() == 0).await;
    assert!(socket.log(0).closed_politely);
}
