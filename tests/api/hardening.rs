//! Small guarantees at the edge, each through the real endpoints: Slack's `ssl_check` is only
//! acknowledged, echoed text cannot mention or link, a pause button outside its nudge changes
//! nothing, the install pages cannot be framed, replies never follow redirects, a blank
//! signing secret stops start-up, and a slow database never delays an events acknowledgement.

mod payloads;
mod slow_db;

use std::time::Duration;

use mops_bot::startup::Application;
use serde_json::json;

use crate::fake_slack::{FakeSlack, Scripted};
use crate::helpers::{CHANNEL, TEAM, USER, spawn_app, test_config};
use crate::install_helpers::spawn_oauth_app;
use crate::nudges::{reply, shown, subscribe};

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn ssl_check_is_acknowledged_and_nothing_else_in_it_is_acted_on() {
    let app = spawn_app().await;
    let bare = app
        .post_signed(
            "/slack/commands",
            "ssl_check=1&token=Gj7ZBNQkqc3Sv1ylmTuNmRYz",
            FORM,
        )
        .await;
    assert_eq!(bare.status(), 200);
    assert_eq!(bare.text().await.unwrap(), "");

    let check_url = app.response_url();
    let with_command = format!(
        "ssl_check=1&{}",
        app.command_body("advice burnout", &check_url)
    );
    let resp = app
        .post_signed("/slack/commands", &with_command, FORM)
        .await;
    assert_eq!(resp.status(), 200);

    // Only exactly `1` is a check; anything else is a command like any other.
    let other_url = app.response_url();
    let not_a_check = format!(
        "ssl_check=yes&{}",
        app.command_body("advice burnout", &other_url)
    );
    let resp = app.post_signed("/slack/commands", &not_a_check, FORM).await;
    assert_eq!(resp.status(), 200);
    app.slack.wait_for(&app.path_of(&other_url), 1).await;
    assert!(
        app.settled(&app.path_of(&check_url)).await.is_empty(),
        "the ssl_check request was not answered as a command"
    );
}

#[tokio::test]
async fn corrections_escape_what_people_typed() {
    let app = spawn_app().await;
    let message = reply(&app, "nudge off <!channel> & <@U0OTHER|boss>").await;
    let text = format!("{} {}", message["text"], shown(&message));
    assert!(
        text.contains("&lt;!channel&gt; &amp; &lt;@U0OTHER|boss&gt;"),
        "{text}"
    );
    assert!(
        !text.contains("<!channel>") && !text.contains("<@U0OTHER"),
        "{text}"
    );
}

/// A `block_actions` click on `nudge_pause` for `CHANNEL` with no channel or container: a
/// crafted payload, since Slack always says where a message button was.
fn pause_click_without_a_channel(response_url: &str) -> String {
    let payload = json!({
        "type": "block_actions",
        "user": {"id": USER, "username": "stacey", "team_id": TEAM},
        "api_app_id": "A0MOPSBOT",
        "team": {"id": TEAM, "domain": "mops-example"},
        "response_url": response_url,
        "actions": [{"action_id": "nudge_pause", "block_id": "nudge", "value": CHANNEL,
                     "type": "button", "action_ts": "1795428100.123456"}]
    });
    serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form encodes")
}

#[tokio::test]
async fn a_pause_click_without_a_channel_is_refused() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    let url = app.response_url();
    let resp = app
        .post_signed(
            "/slack/interactions",
            &pause_click_without_a_channel(&url),
            FORM,
        )
        .await;
    assert_eq!(resp.status(), 200);
    let refusal = app.slack.wait_for(&app.path_of(&url), 1).await[0].json();
    assert!(shown(&refusal).contains("Nothing changed"), "{refusal}");
    let status = reply(&app, "nudge status").await;
    assert!(!shown(&status).contains("Paused"), "{status}");
}

#[tokio::test]
async fn install_pages_cannot_be_framed_or_load_anything() {
    let app = spawn_oauth_app().await;
    let page = app
        .client
        .get(format!("{}/slack/install", app.address))
        .send()
        .await
        .unwrap();
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    let problem = app
        .client
        .get(format!(
            "{}/slack/oauth_redirect?error=access_denied",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert!(
        problem.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn a_reply_is_never_sent_on_to_where_a_redirect_points() {
    let app = spawn_app().await;
    let url = app.response_url();
    let elsewhere = format!("{}/elsewhere/collect", app.slack.base());
    app.slack.set_default(
        &app.path_of(&url),
        Scripted {
            status: 307,
            headers: vec![("location", elsewhere)],
            body: json!({}),
            delay: Duration::ZERO,
            keeps: None,
            gate: None,
        },
    );
    assert_eq!(app.command_to("advice burnout", &url).await.status(), 200);
    app.slack.wait_for(&app.path_of(&url), 1).await;
    assert!(
        app.settled("/elsewhere").await.is_empty(),
        "the answer went only to the response_url"
    );
}

#[tokio::test]
async fn a_blank_signing_secret_stops_start_up() {
    let slack = FakeSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(&slack, &dir);
    config.signing_secret = Some("   ".into());
    let error = Application::build(config)
        .await
        .expect_err("a blank secret is refused")
        .to_string();
    assert!(error.contains("SLACK_SIGNING_SECRET"), "{error}");
}
