//! The nudge settings modal end to end: `/mops nudge settings` and the "Change schedule"
//! buttons open it with `views.open`; a signed `view_submission` with bad values is answered
//! with `response_action: errors` and saves nothing; good values are saved as `/mops nudge on`
//! saves them and confirmed privately in the channel. Over Socket Mode too.

use mops_bot::slack::ids::{ChannelId, TeamId};
use mops_bot::store::subscriptions;
use serde_json::{Value, json};

use crate::events::{envelope, home_opened, post_event};
use crate::fake_slack::FakeSlack;
use crate::fake_socket::FakeSocket;
use crate::helpers::{CHANNEL, TEAM, TestApp, USER, spawn_app};
use crate::nudges::{reply, shown};
use crate::socket_mode::spawn_socket_app;

const FORM: &str = "application/x-www-form-urlencoded";
const OPEN: &str = "/api/views.open";
const EPHEMERAL: &str = "/api/chat.postEphemeral";
const TRIGGER: &str = "13345224609.738474920.8088930838d88f008e0";

/// The values a person leaves in the modal's fields.
struct Fields<'a> {
    enabled: &'a str,
    weekday: Option<&'a str>,
    time: Option<&'a str>,
    zone: &'a str,
}

/// A `view_submission` payload as Slack sends it for the settings modal of `channel`.
fn submission(channel: &str, f: &Fields<'_>) -> Value {
    let option = |value: &str| json!({"text": {"type": "plain_text", "text": value, "emoji": true}, "value": value});
    json!({
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "mops-example"},
        "user": {"id": USER, "username": "stacey", "name": "stacey", "team_id": TEAM},
        "api_app_id": "A0MOPSBOT",
        "token": "9s8d9as89d8as9d8as989",
        "trigger_id": "13345224609.738474920.8088930838d88f008e1",
        "is_enterprise_install": false,
        "enterprise": null,
        "view": {
            "id": "V0MODAL01", "team_id": TEAM, "type": "modal",
            "callback_id": "nudge_settings", "private_metadata": channel,
            "hash": "1795428100.AbCdEf12", "root_view_id": "V0MODAL01",
            "title": {"type": "plain_text", "text": "Nudge settings"},
            "state": {"values": {
                "enabled": {"enabled": {"type": "radio_buttons", "selected_option": option(f.enabled)}},
                "weekday": {"weekday": {"type": "static_select",
                    "selected_option": f.weekday.map_or(Value::Null, option)}},
                "time": {"time": {"type": "timepicker", "selected_time": f.time}},
                "zone": {"zone": {"type": "plain_text_input", "value": f.zone}}
            }}
        },
        "response_urls": []
    })
}

async fn submit(app: &TestApp, payload: &Value) -> (u16, String) {
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
    let resp = app.post_signed("/slack/interactions", &body, FORM).await;
    (resp.status().as_u16(), resp.text().await.expect("body"))
}

/// The `views.open` calls so far, as JSON.
async fn opened(app: &TestApp, n: usize) -> Vec<Value> {
    let got = app.slack.wait_for(OPEN, n).await;
    got.iter().map(|r| r.json()).collect()
}

/// The initial values of the opened modal's fields: (on/off, weekday, time, zone).
fn initial(view: &Value) -> (String, String, String, String) {
    let element = |block: &str| {
        view["blocks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|b| b["block_id"] == block)
            .map(|b| b["element"].clone())
            .unwrap_or_else(|| panic!("no {block} field in {view}"))
    };
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (
        s(&element("enabled")["initial_option"]["value"]),
        s(&element("weekday")["initial_option"]["value"]),
        s(&element("time")["initial_time"]),
        s(&element("zone")["initial_value"]),
    )
}

async fn saved(app: &TestApp) -> Option<subscriptions::Subscription> {
    let team = TeamId::parse(TEAM).expect("team id");
    let channel = ChannelId::parse(CHANNEL).expect("channel id");
    subscriptions::get(&app.state.db, &team, &channel)
        .await
        .expect("readable")
}

const GOOD: Fields<'static> = Fields {
    enabled: "on",
    weekday: Some("thursday"),
    time: Some("08:30"),
    zone: "Europe/Berlin",
};

#[tokio::test]
async fn settings_open_a_modal_refuse_bad_values_and_save_good_ones() {
    let app = spawn_app().await;
    let (resp, path) = app.command("nudge settings").await;
    assert_eq!(resp.status(), 200);
    let open = &opened(&app, 1).await[0];
    assert_eq!(open["trigger_id"], TRIGGER);
    let view = &open["view"];
    assert_eq!(
        (
            &view["type"],
            &view["callback_id"],
            &view["private_metadata"]
        ),
        (&json!("modal"), &json!("nudge_settings"), &json!(CHANNEL))
    );
    assert_eq!(
        initial(view),
        (
            "on".into(),
            "monday".into(),
            "09:00".into(),
            "America/New_York".into()
        ),
        "a new schedule starts Monday 09:00 in the person's Slack zone"
    );

    let bad = Fields {
        enabled: "on",
        weekday: None,
        time: Some("08:30"),
        zone: "Mars/Olympus",
    };
    let (status, body) = submit(&app, &submission(CHANNEL, &bad)).await;
    assert_eq!(status, 200);
    let ack: Value = serde_json::from_str(&body).expect("errors as JSON");
    assert_eq!(ack["response_action"], "errors", "{ack}");
    let fields: Vec<&String> = ack["errors"].as_object().expect("errors").keys().collect();
    assert_eq!(fields, ["weekday", "zone"], "{ack}");
    assert!(
        ack["errors"]["zone"]
            .as_str()
            .unwrap()
            .contains("Mars/Olympus")
    );
    assert!(saved(&app).await.is_none(), "nothing saved from bad values");

    let (status, body) = submit(&app, &submission(CHANNEL, &GOOD)).await;
    assert_eq!(
        (status, body.as_str()),
        (200, ""),
        "an empty 200 closes the modal"
    );
    let confirm = app.slack.wait_for(EPHEMERAL, 1).await[0].json();
    assert_eq!(
        (&confirm["channel"], &confirm["user"]),
        (&json!(CHANNEL), &json!(USER))
    );
    assert!(
        shown(&confirm).contains("every Thursday at 08:30"),
        "{confirm}"
    );
    let sub = saved(&app).await.expect("saved");
    assert_eq!(
        (sub.weekday, sub.minute_of_day, sub.time_zone.as_str()),
        (4, 8 * 60 + 30, "Europe/Berlin")
    );
    // Nothing went to the command's response_url: the modal was the answer.
    assert!(app.slack.received(&path).is_empty());

    // `nudge status` offers "Change schedule", which opens the modal on the saved values.
    let status = reply(&app, "nudge status").await;
    let button = status["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["action_id"] == "nudge_settings")
        .unwrap_or_else(|| panic!("no Change schedule button: {status}"));
    assert_eq!(button["value"], CHANNEL);
    let click = json!({
        "type": "block_actions",
        "user": {"id": USER, "username": "stacey", "team_id": TEAM},
        "api_app_id": "A0MOPSBOT", "trigger_id": "13345224609.738474920.0000000000000000002",
        "team": {"id": TEAM, "domain": "mops-example"}, "is_enterprise_install": false,
        "container": {"type": "message", "message_ts": "1795428000.000100",
                      "channel_id": CHANNEL, "is_ephemeral": true},
        "channel": {"id": CHANNEL, "name": "marketing-ops"},
        "response_url": app.response_url(),
        "actions": [{"action_id": "nudge_settings", "block_id": "nudge_status",
                     "type": "button", "value": CHANNEL, "action_ts": "1795428100.1"}]
    });
    let (status, _) = submit(&app, &click).await;
    assert_eq!(status, 200);
    let reopened = &opened(&app, 2).await[1];
    assert_eq!(
        reopened["trigger_id"],
        "13345224609.738474920.0000000000000000002"
    );
    assert_eq!(
        initial(&reopened["view"]),
        (
            "on".into(),
            "thursday".into(),
            "08:30".into(),
            "Europe/Berlin".into()
        )
    );

    // Off saves as `/mops nudge off` does; the text grammar still works afterwards.
    let off = Fields {
        enabled: "off",
        ..GOOD
    };
    assert_eq!(
        submit(&app, &submission(CHANNEL, &off)).await,
        (200, String::new())
    );
    app.slack.wait_for(EPHEMERAL, 2).await;
    assert_ne!(
        saved(&app).await.expect("kept").status,
        subscriptions::Status::Active
    );
    let on = reply(&app, "nudge on friday 7am UTC").await;
    assert!(shown(&on).contains("every Friday at 07:00"), "{on}");
}

#[tokio::test]
async fn the_home_tab_lists_the_persons_channels_with_change_schedule() {
    let app = spawn_app().await;
    reply(&app, "nudge on thursday 8:30am Europe/Berlin").await;
    post_event(&app, &envelope("Ev0MODALHOME1", home_opened("home"))).await;
    let view = app.slack.wait_for("/api/views.publish", 1).await[0].json()["view"].clone();
    let row = view["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|b| b["accessory"]["action_id"] == "nudge_settings")
        .unwrap_or_else(|| panic!("no schedule row: {view}"));
    assert_eq!(row["accessory"]["value"], CHANNEL);
    let text = row["text"]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("<#{CHANNEL}>")) && text.contains("Thursday at 08:30"),
        "{text}"
    );
}

#[tokio::test]
async fn a_modal_that_slack_will_not_open_leaves_a_note_and_the_text_grammar() {
    let app = spawn_app().await;
    app.slack.script(
        OPEN,
        crate::fake_slack::Scripted::slack_error("expired_trigger_id"),
    );
    let (_, path) = app.command("nudge settings").await;
    let note = app.slack.wait_for(&path, 1).await[0].json();
    assert!(
        shown(&note).contains("/mops nudge on thursday 8:30am Europe/Berlin"),
        "{note}"
    );
}

#[tokio::test]
async fn over_socket_mode_errors_ride_on_the_ack_and_good_values_are_saved() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let bad = Fields { time: None, ..GOOD };
    socket.envelope(0, "env-view-bad", "interactive", submission(CHANNEL, &bad));
    let (_, ack) = socket.ack_of(0, "env-view-bad").await;
    assert_eq!(ack["payload"]["response_action"], "errors", "{ack}");
    assert!(ack["payload"]["errors"]["time"].is_string(), "{ack}");

    socket.envelope(
        0,
        "env-view-good",
        "interactive",
        submission(CHANNEL, &GOOD),
    );
    let (_, ack) = socket.ack_of(0, "env-view-good").await;
    assert_eq!(
        ack,
        json!({"envelope_id": "env-view-good"}),
        "a plain ack closes it"
    );
    app.slack.wait_for(EPHEMERAL, 1).await;
    let sub = saved(&app).await.expect("saved");
    assert_eq!(sub.time_zone, "Europe/Berlin");
    // The bad submission was refused in its ack, before any work was started.
    assert_eq!(app.slack.received(EPHEMERAL).len(), 1);
}

#[tokio::test]
async fn a_crafted_settings_form_cannot_set_up_another_persons_own_nudges() {
    let app = spawn_app().await;
    // The form's target is someone else's user id: their personal, DM-only subscription.
    let (status, body) = submit(&app, &submission("U0OTHER", &GOOD)).await;
    assert_eq!((status, body.as_str()), (200, ""));
    let told = app.slack.wait_for(EPHEMERAL, 1).await[0].json();
    assert!(shown(&told).contains("Nothing changed"), "{told}");
    let team = TeamId::parse(TEAM).expect("team id");
    let other = ChannelId::parse("U0OTHER").expect("user id as a target");
    let stored = subscriptions::get(&app.state.db, &team, &other).await;
    assert_eq!(
        stored.expect("readable"),
        None,
        "nothing was set up for them"
    );
}
