//! Full slots on the other doors: an event over HTTP, and envelopes over Socket Mode. A command
//! is told to try again in its acknowledgement; an event is left unacknowledged (503 over HTTP,
//! no ack over Socket Mode) so that Slack's redelivery is answered, once, when a slot is free.
//! Every turn-away is counted as `mops_replies_total{outcome="busy"}`.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::events::{envelope, mention, post_event, post_retry};
use crate::fake_slack::{FakeSlack, Gate, Scripted};
use crate::fake_socket::FakeSocket;
use crate::helpers::{TestApp, spawn_app_with};
use crate::operate::{scrape, value};
use crate::socket_mode::{command_payload, spawn_socket_app_with};

const POST: &str = "/api/chat.postMessage";
const BUSY: [(&str, &str); 1] = [("outcome", "busy")];

/// One reply slot, and a short wait for it, so a single held reply fills the bot.
fn one_slot(c: &mut mops_bot::config::Config) {
    c.work.concurrency = 1;
    c.work.ack_wait = Duration::from_millis(100);
}

/// Waits (up to 10 s) until `check` holds for the app's work counters.
async fn until(app: &TestApp, what: &str, check: impl Fn(&TestApp) -> bool) {
    let started = Instant::now();
    while !check(app) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "waited 10 s for {what}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Takes the only slot with a command whose reply Slack holds until `gate` opens; returns the
/// reply's path.
async fn fill_the_slot(app: &TestApp, gate: &Gate) -> String {
    let url = app.response_url();
    let path = app.path_of(&url);
    app.slack.script(&path, Scripted::ok(json!({})).held(gate));
    let ack = app.command_to("advice burnout", &url).await;
    assert_eq!(ack.status(), 200);
    assert_eq!(
        ack.text().await.expect("body"),
        "",
        "the first command is taken"
    );
    assert_eq!(app.state.work.in_flight(), 1);
    path
}

fn says_try_again(message: &Value) -> bool {
    message["response_type"] == "ephemeral"
        && message["text"]
            .as_str()
            .unwrap_or_default()
            .contains("try again")
}

#[tokio::test]
async fn an_event_that_finds_every_slot_busy_is_answered_on_slacks_redelivery() {
    let app = spawn_app_with(one_slot).await;
    let before = scrape(&app).await;
    let gate = Gate::new();
    let held = fill_the_slot(&app, &gate).await;

    let body = envelope(
        "Ev0BUSY0001",
        mention("<@UBOTMOPS> advice burnout", "1795428000.000100"),
    );
    let turned = post_event(&app, &body).await;
    assert_eq!(
        turned.status(),
        503,
        "not acknowledged, so Slack delivers it again"
    );
    assert_eq!(app.state.work.turned_away(), 1);

    gate.open();
    app.slack.wait_for(&held, 1).await;
    until(&app, "the slot to free up", |a| {
        a.state.work.in_flight() == 0
    })
    .await;
    assert_eq!(post_retry(&app, &body, 1).await.status(), 200);
    let answered = app.slack.wait_for(POST, 1).await;
    assert_eq!(answered[0].json()["thread_ts"], "1795428000.000100");
    // A later copy is a duplicate of the one answered, not of the one turned away.
    assert_eq!(post_retry(&app, &body, 2).await.status(), 200);
    assert_eq!(app.settled(POST).await.len(), 1, "answered once");

    let page = scrape(&app).await;
    let busy =
        value(&page, "mops_replies_total", &BUSY) - value(&before, "mops_replies_total", &BUSY);
    assert!(busy >= 1.0, "the turn-away is counted: {page}");
    let refused = [("route", "/slack/events"), ("status", "503")];
    assert_eq!(
        value(&page, "mops_requests_total", &refused)
            - value(&before, "mops_requests_total", &refused),
        1.0,
        "{page}"
    );
}

#[tokio::test]
async fn socket_mode_turns_away_commands_in_the_ack_and_leaves_events_for_redelivery() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app_with(FakeSlack::start().await, &socket, one_slot).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let before = scrape(&app).await;
    let gate = Gate::new();
    let (payload, held) = command_payload(&app, "advice burnout");
    app.slack.script(&held, Scripted::ok(json!({})).held(&gate));
    socket.envelope(0, "env-first", "slash_commands", payload);
    let (_, ack) = socket.ack_of(0, "env-first").await;
    assert_eq!(
        ack,
        json!({ "envelope_id": "env-first" }),
        "the first command is taken"
    );
    assert_eq!(app.state.work.in_flight(), 1);

    let event = json!({
        "type": "event_callback", "team_id": "T0001", "api_app_id": "A0MOPSBOT",
        "event_id": "Ev0BUSY0002", "event_time": 1_795_428_000,
        "authorizations": [{ "team_id": "T0001", "user_id": "UBOTMOPS", "is_bot": true }],
        "event": { "type": "app_mention", "text": "<@UBOTMOPS> advice burnout", "user": "U0001",
                   "ts": "1795428000.000200", "channel": "C0001", "event_ts": "1795428000.000200" }
    });
    socket.envelope(0, "env-busy-event", "events_api", event.clone());
    until(&app, "the event to be turned away", |a| {
        a.state.work.turned_away() == 1
    })
    .await;
    // Acks go out as soon as an envelope is decided; the command below is decided a whole
    // wait later, so once its ack is here an ack of the event would be here too.
    let (payload, path) = command_payload(&app, "advice burnout");
    socket.envelope(0, "env-busy-command", "slash_commands", payload);
    let (_, ack) = socket.ack_of(0, "env-busy-command").await;
    assert!(says_try_again(&ack["payload"]), "{ack}");
    let frames = socket.log(0).frames;
    assert!(
        !frames
            .iter()
            .any(|(_, f)| f["envelope_id"] == "env-busy-event"),
        "the event was left unacknowledged: {frames:?}"
    );
    assert_eq!(app.state.work.turned_away(), 2);

    gate.open();
    app.slack.wait_for(&held, 1).await;
    until(&app, "the slot to free up", |a| {
        a.state.work.in_flight() == 0
    })
    .await;
    socket.envelope(0, "env-busy-event-again", "events_api", event);
    assert_eq!(
        socket.ack_of(0, "env-busy-event-again").await.1,
        json!({ "envelope_id": "env-busy-event-again" })
    );
    app.slack.wait_for(POST, 1).await;
    assert_eq!(app.settled(POST).await.len(), 1, "answered once");
    assert!(
        app.slack.received(&path).is_empty(),
        "the turned-away command started nothing"
    );

    let page = scrape(&app).await;
    let busy =
        value(&page, "mops_replies_total", &BUSY) - value(&before, "mops_replies_total", &BUSY);
    assert!(busy >= 2.0, "both turn-aways are counted: {page}");
}
