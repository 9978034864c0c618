//! Weekly nudges end to end: subscribe with signed slash commands, then drive the scheduler
//! with `run_due` at chosen instants against the fake Slack, and assert exactly the posts
//! expected.

mod ambiguous;
mod buttons;
mod claims;
mod cli;
mod commands;
mod delivery;
mod failures;
mod fairness;
mod personal;
mod schedule;
mod spacing;
mod tokens;
mod uninstall;

use jiff::Timestamp;
use mops_bot::bot::nudges::scheduler::{RunReport, run_due};
use mops_bot::nudges::schedule::Schedule;
use mops_bot::slack::ids::{ChannelId, TeamId};
use mops_bot::store::ledger::{self, Claim};
use mops_bot::store::subscriptions;
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

/// Subscribes `channel` of workspace `team` (in `enterprise`, if any) with `/mops nudge on`.
pub async fn subscribe_elsewhere(
    app: &TestApp,
    team: &str,
    enterprise: Option<&str>,
    channel: &str,
) {
    let url = app.response_url();
    let org = enterprise
        .map(|e| format!("&enterprise_id={e}"))
        .unwrap_or_default();
    let body = app
        .command_body("nudge on", &url)
        .replace("team_id=T0001", &format!("team_id={team}{org}"))
        .replace(
            &format!("channel_id={CHANNEL}"),
            &format!("channel_id={channel}"),
        );
    let resp = app.post_signed("/slack/commands", &body, FORM).await;
    assert_eq!(resp.status(), 200);
    let reply = app.slack.wait_for(&app.path_of(&url), 1).await[0].json();
    let text = reply["text"].as_str().unwrap_or("");
    assert!(
        text.contains("Weekly nudges are"),
        "{team}/{channel}: {reply}"
    );
}

/// Claims the week of `slot` for `(team, channel)`'s subscription as another run `owner`
/// would (state `sending`, leased until `lease_until`), with `nudge`; returns the row's id,
/// the subscription's id and the week.
pub async fn claim_for(
    app: &TestApp,
    (team, channel): (&str, &str),
    slot: Timestamp,
    nudge: &str,
    owner: &str,
    lease_until: Timestamp,
) -> (i64, i64, String) {
    let db = &app.state.db;
    let channel = ChannelId::parse(channel).expect("valid");
    let sub = subscriptions::get(db, &TeamId::parse(team).expect("valid"), &channel)
        .await
        .expect("read")
        .expect("subscribed");
    let schedule =
        Schedule::from_stored(sub.weekday, sub.minute_of_day, &sub.time_zone).expect("schedule");
    let week = schedule.week_of(slot);
    let claim = Claim {
        subscription_id: sub.id,
        week: &week,
        slot_at: slot,
        nudge_id: nudge,
        cycle: 0,
        owner,
        now: slot,
        lease_until,
    };
    let id = ledger::claim(db, &claim)
        .await
        .expect("claim")
        .expect("the week was free");
    (id, sub.id, week)
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
        .find(|e| e["type"] == "feedback_buttons")
        .and_then(|e| {
            e["positive_button"]["value"]
                .as_str()
                .map(|v| v.trim_start_matches("helpful:nudge:").to_owned())
        })
        .expect("a nudge post has a feedback button")
}
