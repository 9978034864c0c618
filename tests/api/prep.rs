//! The talk-track builder end to end: `/mops prep` and the "Prepare this conversation"
//! button open the form with their own `trigger_id` (evidence prefilled from the work log);
//! a submission missing a choice is answered beside the field; a good one sends exactly one
//! DM with the filled draft, and nothing in any channel.

use serde_json::{Value, json};

use crate::helpers::{CHANNEL, TEAM, TestApp, USER, spawn_app};
use crate::worklog::{log_four, reply_as, shown};

const FORM: &str = "application/x-www-form-urlencoded";
const OPEN: &str = "/api/views.open";
const POST: &str = "/api/chat.postMessage";
const COMMAND_TRIGGER: &str = "13345224609.738474920.8088930838d88f008e0";

async fn post_payload(app: &TestApp, payload: &Value) -> reqwest::Response {
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
    app.post_signed("/slack/interactions", &body, FORM).await
}

/// A submitted builder for burnout; `None` leaves that choice empty.
fn submission(who: Option<&str>, ask: Option<&str>, evidence: &str) -> Value {
    let chosen = |v: Option<&str>| {
        v.map_or(
            Value::Null,
            |v| json!({"text": {"type": "plain_text", "text": v}, "value": v}),
        )
    };
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "mops-example"},
        "user": {"id": USER, "team_id": TEAM},
        "api_app_id": "A0MOPSBOT",
        "trigger_id": "12466734323.1395872398.submit",
        "view": {
            "id": "V0PREP", "type": "modal", "callback_id": "prep_talk_track",
            "private_metadata": "burnout",
            "state": {"values": {
                "who": {"who": {"type": "static_select", "selected_option": chosen(who)}},
                "ask": {"ask": {"type": "static_select", "selected_option": chosen(ask)}},
                "evidence": {"evidence": {"type": "plain_text_input", "value": evidence}}
            }}
        }
    })
}

/// Every post and ephemeral message sent to any channel or DM so far.
fn posted_anywhere(app: &TestApp) -> Vec<Value> {
    let mut all: Vec<Value> = app.slack.received(POST).iter().map(|r| r.json()).collect();
    all.extend(
        app.slack
            .received("/api/chat.postEphemeral")
            .iter()
            .map(|r| r.json()),
    );
    all
}

#[tokio::test]
async fn the_command_opens_the_builder_with_the_work_log_as_evidence() {
    let app = spawn_app().await;
    log_four(&app, USER).await;
    let (resp, _) = app.command("prep burnout").await;
    assert_eq!(resp.status(), 200);
    let opened = app.slack.wait_for(OPEN, 1).await[0].json();
    assert_eq!(
        opened["trigger_id"], COMMAND_TRIGGER,
        "the command's own trigger"
    );
    let view = &opened["view"];
    assert_eq!(view["type"], "modal");
    assert_eq!(view["callback_id"], "prep_talk_track");
    assert_eq!(view["private_metadata"], "burnout");
    let form = view["blocks"].to_string();
    for expected in [
        "Your manager",
        "Your CMO or CFO",
        "A hiring team",
        "A raise or a title",
        "Headcount or help",
        "A redesigned job description",
        "Time for strategy",
    ] {
        assert!(form.contains(expected), "{expected}: {form}");
    }
    let evidence = view["blocks"][3]["element"]["initial_value"]
        .as_str()
        .unwrap_or("");
    assert!(
        evidence.starts_with("Over the last 4 weeks I logged 6h45"),
        "{evidence}"
    );

    let unsure = shown(&reply_as(&app, USER, "prep the weather in paris").await);
    assert!(
        unsure.contains("not sure") && unsure.contains("/mops prep"),
        "{unsure}"
    );
    assert_eq!(app.slack.received(OPEN).len(), 1, "no form without a topic");
    let empty = shown(&reply_as(&app, USER, "prep").await);
    assert!(empty.contains("/mops prep burnout"), "{empty}");
}

#[tokio::test]
async fn the_button_on_an_answer_opens_the_builder_with_the_clicks_trigger() {
    let app = spawn_app().await;
    let answer = reply_as(&app, USER, "advice burnout").await;
    let button = answer["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["action_id"] == "prep_open")
        .expect("a Prepare this conversation button");
    assert_eq!(button["text"]["text"], "Prepare this conversation");
    assert_eq!(button["value"], "burnout");
    let url = app.response_url();
    let click = json!({
        "type": "block_actions",
        "user": {"id": USER, "team_id": TEAM},
        "team": {"id": TEAM, "domain": "mops-example"},
        "trigger_id": "55555.66666.click",
        "container": {"type": "message", "message_ts": "1795428000.000100",
                      "channel_id": CHANNEL, "is_ephemeral": true},
        "channel": {"id": CHANNEL, "name": "marketing-ops"},
        "response_url": url,
        "actions": [{"action_id": "prep_open", "block_id": "answer", "value": "burnout",
                     "type": "button", "action_ts": "1795428100.123456"}]
    });
    assert_eq!(post_payload(&app, &click).await.status(), 200);
    let opened = app.slack.wait_for(OPEN, 1).await[0].json();
    assert_eq!(opened["trigger_id"], "55555.66666.click");
    assert_eq!(opened["view"]["private_metadata"], "burnout");
    // With an empty log the evidence starts empty, with a hint.
    let evidence = &opened["view"]["blocks"][3];
    assert!(
        evidence["element"].get("initial_value").is_none(),
        "{evidence}"
    );
    assert!(
        evidence["hint"]["text"]
            .as_str()
            .unwrap_or("")
            .contains("/mops log")
    );
}

#[tokio::test]
async fn a_submission_sends_exactly_one_dm_with_the_filled_draft_and_nothing_else() {
    let mut app = spawn_app().await;
    log_four(&app, USER).await;
    let evidence = "3 launches for <@U0BOSS> & co";
    let resp = post_payload(&app, &submission(Some("manager"), Some("raise"), evidence)).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.text().await.expect("body"),
        "",
        "an empty ack closes the modal"
    );
    let dm = app.slack.wait_for(POST, 1).await[0].json();
    assert_eq!(dm["channel"], USER, "to the person's DM");
    let text = dm["blocks"].to_string();
    for expected in [
        "Your talk track: Burnout, scope creep and invisible work",
        "conversation with your manager",
        "*Opening*",
        "I'd like to walk you through what my role actually covers",
        "*2h15* on our core systems and campaigns, *4h30* on requests",
        "*a raise or a title that reflects it*",
        "*Follow-up*",
        "Every placeholder is filled",
        "3 launches for &lt;@U0BOSS&gt; &amp; co",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!text.contains("<@U0BOSS>"), "what people typed is escaped");

    // Shutdown waits for every piece of background work: after it, nothing else can come.
    app.stop().await;
    let sent = posted_anywhere(&app);
    assert_eq!(
        sent.len(),
        1,
        "exactly one DM and nothing in any channel: {sent:?}"
    );
}

#[tokio::test]
async fn placeholders_it_cannot_fill_are_left_clearly_for_the_person() {
    let mut app = spawn_app().await;
    let resp = post_payload(&app, &submission(Some("manager"), Some("headcount"), "")).await;
    assert_eq!(resp.status(), 200);
    let dm = app.slack.wait_for(POST, 1).await[0].json();
    let text = dm["blocks"].to_string();
    assert!(
        text.contains("`[X hours]`") && text.contains("Left for you to fill in"),
        "{text}"
    );
    app.stop().await;
    assert_eq!(posted_anywhere(&app).len(), 1);
}

#[tokio::test]
async fn a_submission_without_a_choice_is_answered_beside_the_field_and_sends_nothing() {
    let mut app = spawn_app().await;
    let resp = post_payload(&app, &submission(None, Some("focus"), "")).await;
    assert_eq!(resp.status(), 200);
    let ack: Value = resp.json().await.expect("a JSON acknowledgement");
    assert_eq!(ack["response_action"], "errors", "{ack}");
    assert!(
        ack["errors"]["who"]
            .as_str()
            .is_some_and(|e| e.contains("Choose")),
        "{ack}"
    );
    app.stop().await;
    assert!(
        posted_anywhere(&app).is_empty(),
        "nothing is sent until it is fixed"
    );
}
