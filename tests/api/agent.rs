//! Agent messaging through signed `POST /slack/events` (and Socket Mode): the Messages tab
//! gets its suggested prompts without `thread_ts`, once a day per person; a DM is answered in
//! its thread; `app_context_changed` makes the next DM answer mention that channel's nudges.

use std::time::Duration;

use jiff::SignedDuration;
use mops_bot::bot::agent::PROMPTS;
use mops_bot::slack::ids::{ChannelId, TeamId, UserId};
use mops_bot::store::agent_context;
use serde_json::{Value, json};

use crate::events::{direct_message, envelope, home_opened, post_event};
use crate::fake_slack::FakeSlack;
use crate::fake_socket::FakeSocket;
use crate::helpers::{CHANNEL, TEAM, TestApp, USER, UnixNow, spawn_app};
use crate::nudges::reply;
use crate::socket_mode::spawn_socket_app;

const PROMPTS_SET: &str = "/api/assistant.threads.setSuggestedPrompts";
const POST: &str = "/api/chat.postMessage";

async fn event(app: &TestApp, id: &str, event: Value) {
    let resp = post_event(app, &envelope(id, event)).await;
    assert_eq!(resp.status(), 200, "acknowledged");
}

#[tokio::test]
async fn the_messages_tab_gets_suggested_prompts_without_thread_ts_once_a_day() {
    let app = spawn_app().await;
    event(&app, "Ev0AGENT0001", home_opened("messages")).await;
    let call = app.slack.wait_for(PROMPTS_SET, 1).await[0].json();
    assert_eq!(call["channel_id"], "D0DMUSER1", "{call}");
    assert!(call.get("thread_ts").is_none(), "no thread_ts: {call}");
    let prompts = call["prompts"].as_array().expect("prompts");
    assert_eq!(prompts.len(), PROMPTS.len());
    assert!(prompts.len() <= 4);
    for (sent, ours) in prompts.iter().zip(PROMPTS) {
        assert_eq!(
            (&sent["title"], &sent["message"]),
            (&json!(ours.title), &json!(ours.message))
        );
    }

    // The same person opening it again that day gets nothing new; a day later they do.
    event(&app, "Ev0AGENT0002", home_opened("messages")).await;
    // Handled before the clock moves, so it is judged on the same day.
    app.until_idle().await;
    assert_eq!(app.slack.received(PROMPTS_SET).len(), 1, "not twice a day");
    app.clock.advance(SignedDuration::from_hours(25));
    event(&app, "Ev0AGENT0003", home_opened("messages")).await;
    app.slack.wait_for(PROMPTS_SET, 2).await;
    assert_eq!(
        app.slack.received(PROMPTS_SET).len(),
        2,
        "once per person per day"
    );
    assert!(
        app.slack.received("/api/views.publish").is_empty(),
        "the Home tab is not published"
    );
}

#[tokio::test]
async fn a_dm_is_answered_in_its_thread_and_mentions_the_channel_being_looked_at() {
    let app = spawn_app().await;
    reply(&app, "nudge on thursday 8:30am Europe/Berlin").await;
    let context = json!({
        "type": "app_context_changed", "user": USER, "channel": "D0DMUSER1",
        "event_ts": "1795428000.000400",
        "context": {"entities": [{"type": "channel", "channel_id": CHANNEL}]}
    });
    event(&app, "Ev0AGENT0101", context).await;
    until_context(&app, Some(CHANNEL)).await;
    let ts = "1795428000.000500";
    event(
        &app,
        "Ev0AGENT0102",
        direct_message("I'm burning out, every weekend at work", ts),
    )
    .await;
    let answer = app.slack.wait_for(POST, 1).await[0].json();
    assert_eq!(answer["channel"], "D0DMUSER1");
    assert_eq!(answer["thread_ts"], ts, "answered in the message's thread");
    let shown = answer["blocks"].to_string();
    assert!(
        shown.contains(&format!(
            "<#{CHANNEL}>, where you are, gets a weekly nudge every Thursday at 08:30"
        )),
        "{shown}"
    );
    let last = answer["blocks"].as_array().and_then(|b| b.last()).cloned();
    assert_eq!(
        last.expect("blocks")["type"],
        "context_actions",
        "feedback stays last"
    );

    // Looking at something that is not a channel forgets it.
    let canvas = json!({
        "type": "app_context_changed", "user": USER, "channel": "D0DMUSER1",
        "event_ts": "1795428000.000600",
        "context": {"entities": [{"type": "canvas", "canvas_id": "F0CANVAS1"}]}
    });
    event(&app, "Ev0AGENT0201", canvas).await;
    until_context(&app, None).await;
}

/// Waits (up to 5 s) until the kept context of `USER` is `channel`.
async fn until_context(app: &TestApp, channel: Option<&str>) {
    let team = TeamId::parse(TEAM).expect("team");
    let user = UserId::parse(USER).expect("user");
    for _ in 0..500 {
        let now = app.clock.now_unix();
        let kept = agent_context::current(&app.state.db, &team, &user, now)
            .await
            .expect("readable");
        if kept.as_ref().map(ChannelId::as_str) == channel {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the context never became {channel:?}");
}

#[tokio::test]
async fn over_socket_mode_prompts_are_set_and_a_dm_answered_in_thread() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let open: Value =
        serde_json::from_str(&envelope("Ev0AGENTS01", home_opened("messages"))).expect("json");
    socket.envelope(0, "env-agent-1", "events_api", open);
    socket.ack_of(0, "env-agent-1").await;
    let call = app.slack.wait_for(PROMPTS_SET, 1).await[0].json();
    assert!(call.get("thread_ts").is_none(), "{call}");

    let ts = "1795428000.000900";
    let dm: Value = serde_json::from_str(&envelope(
        "Ev0AGENTS02",
        direct_message("should I leave my job?", ts),
    ))
    .expect("json");
    socket.envelope(0, "env-agent-2", "events_api", dm);
    socket.ack_of(0, "env-agent-2").await;
    let post = app.slack.wait_for(POST, 1).await[0].json();
    assert_eq!(post["thread_ts"], ts, "{post}");
}
