//! `/slack/interactions` end to end: every button's effect, feedback and its report, and
//! refusals of malformed or unsigned payloads.

mod bookkeeping;
mod feedback;
mod shortcut;

use mops_bot::slack::verify::sign;
use mops_bot::store;
use serde_json::{Value, json};

use crate::helpers::{CHANNEL, SIGNING_SECRET, TEAM, TestApp, USER, UnixNow, spawn_app};

const FORM: &str = "application/x-www-form-urlencoded";

/// Where the clicked button was.
pub(crate) enum On {
    /// A private (ephemeral) answer in the channel.
    Ephemeral,
    /// A message everyone sees (a shared answer, a nudge, a DM answer).
    Message,
    /// The App Home tab: no channel and no `response_url`.
    Home,
}

/// A `block_actions` payload as Slack sends it for one button click.
fn click(on: On, action_id: &str, value: &str, response_url: &str) -> Value {
    let action = json!({
        "action_id": action_id,
        "block_id": "answer",
        "text": {"type": "plain_text", "text": "Button", "emoji": true},
        "value": value,
        "type": "button",
        "action_ts": "1795428100.123456"
    });
    let mut payload = json!({
        "type": "block_actions",
        "user": {"id": USER, "username": "stacey", "name": "stacey", "team_id": TEAM},
        "api_app_id": "A0MOPSBOT",
        "token": "9s8d9as89d8as9d8as989",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": TEAM, "domain": "mops-example"},
        "enterprise": null,
        "is_enterprise_install": false,
        "actions": [action]
    });
    match on {
        On::Home => {
            payload["container"] = json!({"type": "view", "view_id": "V0HOME"});
            payload["view"] = json!({"id": "V0HOME", "type": "home", "team_id": TEAM});
        }
        On::Ephemeral | On::Message => {
            let ephemeral = matches!(on, On::Ephemeral);
            payload["container"] = json!({
                "type": "message",
                "message_ts": "1795428000.000100",
                "channel_id": CHANNEL,
                "is_ephemeral": ephemeral
            });
            payload["channel"] = json!({"id": CHANNEL, "name": "marketing-ops"});
            payload["response_url"] = json!(response_url);
            if !ephemeral {
                payload["message"] =
                    json!({"type": "message", "ts": "1795428000.000100", "text": "an answer"});
            }
        }
    }
    payload
}

fn form(payload: &Value) -> String {
    serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form encodes")
}

/// Clicks and returns the `response_url` path the answer should arrive on.
pub(crate) async fn press(app: &TestApp, on: On, action_id: &str, value: &str) -> String {
    let url = app.response_url();
    let payload = click(on, action_id, value, &url);
    let resp = app
        .post_signed("/slack/interactions", &form(&payload), FORM)
        .await;
    assert_eq!(resp.status(), 200, "{action_id}");
    assert_eq!(resp.text().await.expect("body"), "", "acknowledged empty");
    app.path_of(&url)
}

pub(crate) async fn answer_on(app: &TestApp, path: &str) -> Value {
    app.slack.wait_for(path, 1).await[0].json()
}

fn text_of(message: &Value) -> String {
    format!("{} {}", message["text"], message["blocks"])
}

#[tokio::test]
async fn share_posts_the_answer_in_channel_as_shared_by_the_clicker() {
    let app = spawn_app().await;
    let path = press(&app, On::Ephemeral, "share_answer", "burnout").await;
    let message = answer_on(&app, &path).await;
    assert_eq!(message["response_type"], "in_channel");
    assert_eq!(
        message["replace_original"], false,
        "the private answer stays"
    );
    let text = text_of(&message);
    assert!(
        text.contains(&format!("Shared by <@{USER}>")) && text.contains("What to say"),
        "{text}"
    );
    assert!(
        !text.contains("share_answer"),
        "no share button on a shared answer"
    );
}

#[tokio::test]
async fn related_replaces_a_private_answer_but_not_a_public_one() {
    let app = spawn_app().await;
    let path = press(&app, On::Ephemeral, "related_topic#2", "metrics").await;
    let message = answer_on(&app, &path).await;
    assert_eq!(message["response_type"], "ephemeral");
    assert_eq!(message["replace_original"], true);
    assert!(
        text_of(&message).contains("Measuring ops on its own terms"),
        "{message}"
    );

    let path = press(&app, On::Message, "related_topic", "team-size").await;
    let message = answer_on(&app, &path).await;
    assert_eq!(
        message["response_type"], "ephemeral",
        "only the clicker sees it"
    );
    assert_eq!(
        message["replace_original"], false,
        "a public message is left alone"
    );
}

#[tokio::test]
async fn more_and_nudge_more_answer_only_the_clicker() {
    let app = spawn_app().await;
    let path = press(&app, On::Ephemeral, "more_topic", "burnout").await;
    let more = answer_on(&app, &path).await;
    assert_eq!(more["response_type"], "ephemeral");
    assert_eq!(more["replace_original"], false);
    assert!(text_of(&more).contains("More on: Burnout"), "{more}");

    let path = press(&app, On::Message, "nudge_more", "strategic").await;
    let pack = answer_on(&app, &path).await;
    assert_eq!(pack["response_type"], "ephemeral");
    assert_eq!(
        pack["replace_original"], false,
        "the nudge stays in the channel"
    );
    let text = text_of(&pack);
    assert!(
        text.contains("What to say") && text.contains("share_answer"),
        "private, so shareable: {text}"
    );
    assert!(
        app.slack.received("/api/chat.postMessage").is_empty(),
        "nothing public"
    );
}

#[tokio::test]
async fn a_home_tab_topic_arrives_by_dm_and_the_home_tab_remembers_it() {
    let app = spawn_app().await;
    press(&app, On::Home, "home_topic", "leadership").await;
    let dm = app.slack.wait_for("/api/chat.postMessage", 1).await[0].json();
    assert_eq!(dm["channel"], USER, "posting to the user id opens the DM");
    let text = text_of(&dm);
    assert!(
        text.contains("Growing into leadership") && !text.contains("share_answer"),
        "{text}"
    );
    let home = app.slack.wait_for("/api/views.publish", 1).await[0].json();
    assert!(
        home["view"]["blocks"]
            .to_string()
            .contains("/mops advice leadership"),
        "{home}"
    );
    assert!(app.slack.received("/response/").is_empty());
}

#[tokio::test]
async fn pause_nudges_is_confirmed_only_to_the_clicker() {
    let app = spawn_app().await;
    let path = press(&app, On::Message, "nudge_pause", CHANNEL).await;
    let reply = answer_on(&app, &path).await;
    assert_eq!(reply["response_type"], "ephemeral");
    assert_eq!(reply["replace_original"], false, "the nudge stays");
    assert!(text_of(&reply).to_lowercase().contains("nudge"), "{reply}");

    let other = press(&app, On::Message, "nudge_pause", "C0OTHER").await;
    let refusal = answer_on(&app, &other).await;
    assert!(
        text_of(&refusal).contains("Nothing changed"),
        "a pause for another channel is refused: {refusal}"
    );
    assert!(app.slack.received("/api/chat.postMessage").is_empty());
}

#[tokio::test]
async fn a_button_for_a_topic_no_longer_in_the_library_gets_an_apology() {
    let app = spawn_app().await;
    let path = press(&app, On::Ephemeral, "related_topic", "retired-topic").await;
    let reply = answer_on(&app, &path).await;
    assert!(
        text_of(&reply).contains("no longer in my library"),
        "{reply}"
    );
}

#[tokio::test]
async fn without_a_response_url_the_clicker_is_answered_through_the_web_api() {
    let app = spawn_app().await;
    for (action, value) in [
        ("feedback_helpful", "topic:burnout"),
        ("share_answer", "metrics"),
    ] {
        let mut payload = click(On::Message, action, value, "unused");
        payload.as_object_mut().unwrap().remove("response_url");
        let resp = app
            .post_signed("/slack/interactions", &form(&payload), FORM)
            .await;
        assert_eq!(resp.status(), 200);
    }
    let thanks = app.slack.wait_for("/api/chat.postEphemeral", 1).await[0].json();
    assert_eq!(
        (thanks["channel"].as_str(), thanks["user"].as_str()),
        (Some(CHANNEL), Some(USER))
    );
    assert!(text_of(&thanks).contains("Thanks"), "{thanks}");
    let shared = app.slack.wait_for("/api/chat.postMessage", 1).await[0].json();
    assert_eq!(shared["channel"], CHANNEL, "a share is posted for everyone");
    assert!(text_of(&shared).contains("Shared by"), "{shared}");
}

#[tokio::test]
async fn unknown_malformed_and_unsigned_payloads_have_no_side_effects() {
    let app = spawn_app().await;
    let url = app.response_url();
    let unknown = click(On::Ephemeral, "launch_rockets", "now", &url);
    let bad_value = click(On::Ephemeral, "feedback_helpful", "burnout", &url);
    let shortcut =
        json!({"type": "shortcut", "callback_id": "x", "team": {"id": TEAM}, "user": {"id": USER}});
    for (case, payload) in [
        ("unknown action", &unknown),
        ("bad value", &bad_value),
        ("shortcut", &shortcut),
    ] {
        let resp = app
            .post_signed("/slack/interactions", &form(payload), FORM)
            .await;
        assert_eq!(resp.status(), 200, "{case}");
    }
    let mut no_user = click(On::Ephemeral, "more_topic", "burnout", &url);
    no_user.as_object_mut().unwrap().remove("user");
    let mut no_actions = click(On::Ephemeral, "more_topic", "burnout", &url);
    no_actions["actions"] = json!([]);
    let mut bad_url = click(On::Ephemeral, "more_topic", "burnout", &url);
    bad_url["response_url"] = json!("not a url");
    for (case, body) in [
        ("no payload", "token=x&type=block_actions".to_owned()),
        ("payload not JSON", "payload=%7Bnot+json".to_owned()),
        ("JSON body", unknown.to_string()),
        ("no user", form(&no_user)),
        ("no actions", form(&no_actions)),
        ("bad response_url", form(&bad_url)),
        ("no type", form(&json!({"actions": []}))),
    ] {
        let resp = app.post_signed("/slack/interactions", &body, FORM).await;
        assert_eq!(resp.status(), 400, "{case}");
    }
    let good = form(&click(On::Ephemeral, "more_topic", "burnout", &url));
    let now = app.clock.now_unix();
    for (case, ts, sig) in [
        ("wrong secret", now, sign("nope", now, good.as_bytes())),
        (
            "stale",
            now - 301,
            sign(SIGNING_SECRET, now - 301, good.as_bytes()),
        ),
    ] {
        let resp = app
            .post_with_headers("/slack/interactions", &good, FORM, &ts.to_string(), &sig)
            .await;
        assert_eq!(resp.status(), 401, "{case}");
    }
    assert!(app.settled("/").await.is_empty(), "nothing was sent");
    assert!(
        store::feedback::tallies(&app.state.db)
            .await
            .unwrap()
            .is_empty(),
        "nothing stored"
    );
}
