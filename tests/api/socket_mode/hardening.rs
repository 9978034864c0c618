//! Socket Mode's guards: a ticket URL that is not `wss://` is never dialled, a huge
//! `Retry-After` is capped, and a redelivered envelope is acknowledged but acted on once.

use serde_json::json;

use super::{OPEN, command_payload, spawn_socket_app};
use crate::fake_slack::{FakeSlack, Scripted};
use crate::fake_socket::FakeSocket;

#[tokio::test]
async fn a_ticket_url_that_is_not_wss_is_never_dialled() {
    let socket = FakeSocket::start().await;
    let slack = FakeSlack::start().await;
    // Plain ws:// to another host than the (local, plain-http) API: refused, and opened again.
    let elsewhere = socket.url().replace("127.0.0.1", "localhost");
    slack.script(OPEN, Scripted::ok(json!({ "ok": true, "url": elsewhere })));
    let https_page = socket.url().replace("ws://", "https://");
    slack.script(OPEN, Scripted::ok(json!({ "ok": true, "url": https_page })));
    let _app = spawn_socket_app(slack.clone(), &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    assert_eq!(
        slack.received(OPEN).len(),
        3,
        "two refused URLs, then the local fake's own"
    );
}

#[tokio::test]
async fn a_huge_retry_after_is_capped() {
    let socket = FakeSocket::start().await;
    let slack = FakeSlack::start().await;
    slack.script(OPEN, Scripted::rate_limited(86_400));
    // The test app caps Retry-After at 2 s; FakeSocket::until waits 10 s.
    let _app = spawn_socket_app(slack, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
}

#[tokio::test]
async fn a_redelivered_envelope_is_acknowledged_but_answered_once() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let (payload, path) = command_payload(&app, "advice burnout");
    socket.envelope(0, "env-dup-1", "slash_commands", payload.clone());
    socket.ack_of(0, "env-dup-1").await;
    socket.send(
        0,
        json!({ "envelope_id": "env-dup-1", "type": "slash_commands", "payload": payload,
                "accepts_response_payload": true, "retry_attempt": 1,
                "retry_reason": "timeout" }),
    );
    socket
        .until("both copies acknowledged", |s| {
            s.log(0)
                .frames
                .iter()
                .filter(|(_, f)| f["envelope_id"] == "env-dup-1")
                .count()
                == 2
        })
        .await;
    app.slack.wait_for(&path, 1).await;
    let replies = app.settled(&path).await;
    assert_eq!(replies.len(), 1, "answered once");
}
