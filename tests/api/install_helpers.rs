//! Helpers for the "Add to Slack" tests: an app in OAuth mode, and a browser that walks
//! through the install flow keeping its cookie.

use std::collections::HashMap;

use mops_bot::config::OAuthSettings;
use mops_bot::crypto::EncryptionKey;
use mops_bot::slack::api::Token;
use mops_bot::slack::ids::TeamId;
use mops_bot::store::installations;
use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;

use crate::fake_slack::Scripted;
use crate::helpers::{TestApp, spawn_app_with};

pub const CLIENT_ID: &str = "4724469134.4644010092847";
pub const CLIENT_SECRET: &str = "3ee6a0bc5f9b1bd8b2d9e9bbd6bf1d8e";
pub const PUBLIC_URL: &str = "https://mops.example.com";
pub const KEY: &str = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

/// The app in OAuth mode: no `SLACK_BOT_TOKEN`, installs stored encrypted.
pub async fn spawn_oauth_app() -> TestApp {
    spawn_app_with(|config| {
        config.bot_token = None;
        config.oauth = Some(OAuthSettings {
            client_id: CLIENT_ID.to_owned(),
            client_secret: SecretString::from(CLIENT_SECRET),
            public_url: Url::parse(PUBLIC_URL).expect("valid"),
            encryption_key: EncryptionKey::from_base64(KEY).expect("valid key"),
            previous_key: None,
        });
    })
    .await
}

pub fn team(id: &str) -> TeamId {
    TeamId::parse(id).expect("valid team id")
}

/// What the install page handed the browser.
pub struct Started {
    pub cookie: String,
    pub set_cookie: String,
    pub authorize: Url,
    pub state: String,
}

impl Started {
    pub fn params(&self) -> HashMap<String, String> {
        self.authorize.query_pairs().into_owned().collect()
    }
}

/// Opens `/slack/install` and reads the "Add to Slack" link and the cookie off the page.
pub async fn start_install(app: &TestApp) -> Started {
    let resp = app
        .client
        .get(format!("{}/slack/install", app.address))
        .send()
        .await
        .expect("install page answers");
    assert_eq!(resp.status(), 200);
    let set_cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("the install page sets a cookie")
        .to_owned();
    let cookie = set_cookie
        .split(';')
        .next()
        .expect("a name=value pair")
        .to_owned();
    let html = resp.text().await.expect("html");
    let href = html
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page links to Slack")
        .replace("&amp;", "&");
    let authorize = Url::parse(&href).expect("the link is a URL");
    let state = authorize
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("the link carries a state");
    Started {
        cookie,
        set_cookie,
        authorize,
        state,
    }
}

/// Slack's redirect back to the bot, as the browser follows it.
pub async fn redirect(app: &TestApp, query: &str, cookie: Option<&str>) -> (u16, String, String) {
    let mut req = app
        .client
        .get(format!("{}/slack/oauth_redirect?{query}", app.address));
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    let resp = req.send().await.expect("redirect answers");
    let status = resp.status().as_u16();
    let set_cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, resp.text().await.expect("html"), set_cookie)
}

/// Runs the whole flow for `team`, with Slack granting `answer`; returns the page's status.
pub async fn install(app: &TestApp, answer: Scripted) -> (u16, String) {
    let started = start_install(app).await;
    app.slack.script("/api/oauth.v2.access", answer);
    let query = format!("code=1234.5678.abcdef&state={}", started.state);
    let (status, html, _) = redirect(app, &query, Some(&started.cookie)).await;
    (status, html)
}

/// Every installation key stored.
pub async fn stored(app: &TestApp) -> Vec<String> {
    installations::keys(&app.state.db)
        .await
        .expect("keys")
        .iter()
        .map(|k| k.to_string())
        .collect()
}

/// The token the bot would use for `team`, exposed for comparison.
pub async fn token_of(app: &TestApp, team_id: &str) -> Option<String> {
    app.state
        .token_for(&team(team_id))
        .await
        .map(|t: Token| t.expose().to_owned())
}

/// Every byte the app's database holds (its files on SQLite, every row on PostgreSQL).
pub fn database_bytes(app: &TestApp) -> Vec<u8> {
    crate::test_db::stored_bytes(app.db_dir.path())
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// An `event_callback` envelope from `team` (in `enterprise`, if any) carrying `event`.
pub fn event_from(team: &str, enterprise: Option<&str>, event_id: &str, event: Value) -> String {
    json!({
        "token": "XXYYZZ1234abcd", "team_id": team, "enterprise_id": enterprise,
        "api_app_id": "A0MOPSBOT", "event": event, "type": "event_callback",
        "event_id": event_id, "event_time": 1_795_428_000,
        "authorizations": [{ "enterprise_id": enterprise, "team_id": team,
            "user_id": format!("UBOT{team}"), "is_bot": true,
            "is_enterprise_install": enterprise.is_some() }]
    })
    .to_string()
}

/// An @-mention of the bot asking `text`, in channel `C0{team}`.
pub fn mention(team: &str, text: &str) -> Value {
    json!({ "type": "app_mention", "text": format!("<@UBOT{team}> {text}"), "user": "U0ASKER",
            "ts": "1795428000.000200", "team": team, "channel": format!("C0{team}"),
            "event_ts": "1795428000.000200" })
}

/// Posts a signed event to `/slack/events`; Slack expects a 200.
pub async fn post_event(app: &TestApp, body: &str) {
    let resp = app
        .post_signed("/slack/events", body, "application/json")
        .await;
    assert_eq!(resp.status(), 200, "{body}");
}

/// The `Authorization` header of every `chat.postMessage` so far, by channel.
pub fn posted_with(app: &TestApp) -> Vec<(String, String)> {
    app.slack
        .received("/api/chat.postMessage")
        .iter()
        .map(|r| {
            let channel = r.json()["channel"].as_str().unwrap_or_default().to_owned();
            (
                channel,
                r.header("authorization").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Waits (up to 10 s) until exactly `expected` installations are stored.
pub async fn until_stored(app: &TestApp, expected: &[&str]) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let now = stored(app).await;
        if now == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "stored {now:?}, expected {expected:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
