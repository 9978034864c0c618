//! Socket Mode connections replaced: on Slack's request (new before old), after a drop,
//! after missed pings, and after `apps.connections.open` failures.

use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use super::{OPEN, command_round_trip, spawn_socket_app};
use crate::fake_slack::{FakeSlack, Scripted};
use crate::fake_socket::FakeSocket;

#[tokio::test]
async fn refresh_requested_opens_the_new_connection_before_closing_the_old() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    socket.disconnect(0, "refresh_requested");
    socket
        .until("a second connection", |s| s.connections() == 2)
        .await;
    socket
        .until("the old one closed", |s| s.log(0).closed.is_some())
        .await;
    let (old, new) = (socket.log(0), socket.log(1));
    assert!(old.closed_politely, "the bot closed the old socket itself");
    assert!(
        old.closed.expect("closed") >= new.opened,
        "new before old was dropped"
    );
    assert_eq!(socket.open(), 1, "no socket is left behind");
    assert_eq!(app.slack.received(OPEN).len(), 2);
    command_round_trip(&app, &socket, 1, "env-on-new").await;
}

#[tokio::test]
async fn a_dropped_connection_is_replaced() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    socket.drop_connection(0);
    socket
        .until("a new connection", |s| s.connections() == 2)
        .await;
    assert_eq!(socket.open(), 1);
    command_round_trip(&app, &socket, 1, "env-after-drop").await;
}

#[tokio::test]
async fn a_connection_that_stops_answering_pings_is_replaced() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    socket
        .until("a ping on a quiet line", |s| s.log(0).pings >= 1)
        .await;
    assert_eq!(
        socket.connections(),
        1,
        "answered pings keep the connection"
    );
    socket.freeze(0);
    socket
        .until("a new connection", |s| s.connections() == 2)
        .await;
    command_round_trip(&app, &socket, 1, "env-after-freeze").await;
}

#[tokio::test]
async fn a_failing_connections_open_is_retried() {
    let socket = FakeSocket::start().await;
    let slack = FakeSlack::start().await;
    slack.script(OPEN, Scripted::status(500));
    slack.script(OPEN, Scripted::slack_error("internal_error"));
    slack.script(OPEN, Scripted::ok(json!({ "ok": true })));
    let app = spawn_socket_app(slack, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    assert_eq!(
        app.slack.received(OPEN).len(),
        4,
        "three failures, then success"
    );
    command_round_trip(&app, &socket, 0, "env-after-retries").await;
}

#[tokio::test]
async fn a_rate_limited_connections_open_waits_for_retry_after() {
    let socket = FakeSocket::start().await;
    let slack = FakeSlack::start().await;
    slack.script(OPEN, Scripted::rate_limited(1));
    let started = Instant::now();
    let _app = spawn_socket_app(slack, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}
