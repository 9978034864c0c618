//! "Add to Slack" end to end: the install page, Slack's redirect, the code exchange, the
//! encrypted installation, and every way an install can fail without storing anything.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::SignedDuration;
use mops_bot::store::oauth_states;

use crate::fake_slack::Scripted;
use crate::helpers::spawn_app;
use crate::install_helpers::{
    CLIENT_ID, CLIENT_SECRET, contains, database_bytes, event_from, install, mention, post_event,
    posted_with, redirect, spawn_oauth_app, start_install, stored, team, token_of,
};

const NEW_TOKEN: &str = "xoxb-T0002-freshly-installed-secret";

#[tokio::test]
async fn the_full_install_flow_stores_an_encrypted_token_the_new_workspace_then_uses() {
    let app = spawn_oauth_app().await;
    let started = start_install(&app).await;

    let params = started.params();
    assert_eq!(started.authorize.host_str(), Some("slack.com"));
    assert_eq!(started.authorize.path(), "/oauth/v2/authorize");
    assert_eq!(params["client_id"], CLIENT_ID);
    assert_eq!(
        params["redirect_uri"],
        "https://mops.example.com/slack/oauth_redirect"
    );
    for scope in ["commands", "chat:write", "users:read", "app_mentions:read"] {
        assert!(params["scope"].split(',').any(|s| s == scope), "{scope}");
    }
    assert!(
        started.state.len() > 128,
        "a signed state with a 256-bit nonce"
    );
    for flag in [
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/slack",
        "Max-Age=600",
    ] {
        assert!(
            started.set_cookie.contains(flag),
            "{flag}: {}",
            started.set_cookie
        );
    }

    app.slack.script(
        "/api/oauth.v2.access",
        Scripted::grant("T0002", "Northwind <Marketing>", NEW_TOKEN),
    );
    let query = format!("code=1234.5678.abcdef&state={}", started.state);
    let (status, html, cleared) = redirect(&app, &query, Some(&started.cookie)).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Northwind &lt;Marketing&gt;"),
        "escaped name: {html}"
    );
    for step in ["/invite @mops-bot", "/mops help", "/mops nudge on"] {
        assert!(html.contains(step), "next step {step}: {html}");
    }
    assert!(
        cleared.contains("Max-Age=0"),
        "the cookie is cleared: {cleared}"
    );

    let exchange = &app.slack.received("/api/oauth.v2.access")[0];
    assert_eq!(exchange.method(), Some("oauth.v2.access"));
    let basic = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    assert_eq!(exchange.header("authorization"), Some(basic.as_str()));
    let form = exchange.form();
    assert_eq!(form["code"], "1234.5678.abcdef");
    assert_eq!(form["redirect_uri"], params["redirect_uri"]);

    assert_eq!(stored(&app).await, ["T0002"]);
    let bytes = database_bytes(&app);
    assert!(!bytes.is_empty());
    assert!(
        !contains(&bytes, NEW_TOKEN),
        "the token is not stored in clear text"
    );
    assert!(
        !contains(&bytes, "xoxb-"),
        "no bot token in clear text at all"
    );

    // A command from the new workspace is answered (through its response_url)...
    let url = app.response_url();
    let body = serde_urlencoded::to_string([
        ("team_id", "T0002"),
        ("channel_id", "C0T0002"),
        ("user_id", "U0ASKER"),
        ("command", "/mops"),
        ("text", "advice burnout"),
        ("response_url", url.as_str()),
    ])
    .expect("form");
    let resp = app
        .post_signed(
            "/slack/commands",
            &body,
            "application/x-www-form-urlencoded",
        )
        .await;
    assert_eq!(resp.status(), 200);
    let path = app.path_of(&url);
    assert!(app.slack.wait_for(&path, 1).await[0].json()["text"].is_string());

    // ...and a question by @-mention is answered through the Web API with its token.
    let asked = event_from(
        "T0002",
        None,
        "Ev0NEW0001",
        mention("T0002", "advice burnout"),
    );
    post_event(&app, &asked).await;
    app.slack.wait_for("/api/chat.postMessage", 1).await;
    let bearer = format!("Bearer {NEW_TOKEN}");
    assert_eq!(posted_with(&app), [("C0T0002".to_owned(), bearer)]);
}

#[tokio::test]
async fn bad_reused_expired_or_foreign_states_store_nothing() {
    let app = spawn_oauth_app().await;
    app.slack.set_default(
        "/api/oauth.v2.access",
        Scripted::grant("T0002", "Northwind", NEW_TOKEN),
    );

    let a = start_install(&app).await;
    let b = start_install(&app).await;
    assert_ne!(a.state, b.state);
    assert_ne!(a.cookie, b.cookie);
    let with = |state: &str| format!("code=c0de&state={state}");
    let cases = [
        ("no state", "code=c0de".to_owned(), Some(a.cookie.clone())),
        (
            "unknown state",
            with(&"ab".repeat(32)),
            Some(a.cookie.clone()),
        ),
        ("no cookie", with(&a.state), None),
        (
            "another browser's cookie",
            with(&b.state),
            Some(a.cookie.clone()),
        ),
        ("no query at all", String::new(), Some(a.cookie.clone())),
        (
            "a mangled query",
            "state=%ZZ&&==".to_owned(),
            Some(a.cookie.clone()),
        ),
    ];
    for (case, query, cookie) in cases {
        let (status, html, _) = redirect(&app, &query, cookie.as_deref()).await;
        assert_eq!(status, 400, "{case}: {html}");
        assert!(html.contains("Start the install again"), "{case}: {html}");
    }
    // Refusals write nothing, so nobody can spend another browser's state.
    assert_eq!(oauth_states::count(&app.state.db).await.expect("count"), 0);
    let late = start_install(&app).await;
    app.clock.advance(SignedDuration::from_mins(11));
    let (status, html, _) = redirect(&app, &with(&late.state), Some(&late.cookie)).await;
    assert_eq!(status, 400);
    assert!(html.contains("expired"), "{html}");

    assert!(
        app.slack.received("/api/oauth.v2.access").is_empty(),
        "no exchange was tried"
    );
    assert!(stored(&app).await.is_empty());

    let good = start_install(&app).await;
    let (status, _, _) = redirect(&app, &with(&good.state), Some(&good.cookie)).await;
    assert_eq!(status, 200);
    let (status, html, _) = redirect(&app, &with(&good.state), Some(&good.cookie)).await;
    assert_eq!(status, 400, "replaying a successful redirect: {html}");
    assert_eq!(app.slack.received("/api/oauth.v2.access").len(), 1);
}

#[tokio::test]
async fn a_denied_install_or_a_refused_exchange_stores_nothing() {
    let app = spawn_oauth_app().await;
    let denied = start_install(&app).await;
    let query = format!("error=access_denied&state={}", denied.state);
    let (status, html, _) = redirect(&app, &query, Some(&denied.cookie)).await;
    assert_eq!(status, 200, "cancelling is not an error: {html}");
    assert!(
        html.contains("Install cancelled") && html.contains("access_denied"),
        "{html}"
    );
    let again = format!("code=c0de&state={}", denied.state);
    assert_eq!(
        redirect(&app, &again, Some(&denied.cookie)).await.0,
        400,
        "spent"
    );
    assert!(app.slack.received("/api/oauth.v2.access").is_empty());

    for (answer, status, says) in [
        (Scripted::slack_error("invalid_code"), 400, "invalid_code"),
        (Scripted::status(503), 502, "could not be reached"),
        (
            Scripted::slack_error("bad_client_secret"),
            502,
            "misconfigured",
        ),
        (
            Scripted::ok(serde_json::json!({"ok": true})),
            400,
            "access_token",
        ),
    ] {
        let (got, html) = install(&app, answer).await;
        assert_eq!(got, status, "{html}");
        assert!(html.contains(says), "{says}: {html}");
    }
    assert!(stored(&app).await.is_empty());
    assert_eq!(
        app.settled("/api/oauth.v2.access").await.len(),
        4,
        "one exchange per attempt, none for the denied install"
    );
}

#[tokio::test]
async fn reinstalling_replaces_the_token() {
    let app = spawn_oauth_app().await;
    install(&app, Scripted::grant("T0002", "Northwind", "xoxb-first")).await;
    install(&app, Scripted::grant("T0002", "Northwind", "xoxb-second")).await;
    assert_eq!(stored(&app).await, ["T0002"]);
    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxb-second")
    );
}

#[tokio::test]
async fn installs_are_not_offered_in_single_workspace_mode() {
    let app = spawn_app().await;
    for path in ["/slack/install", "/slack/oauth_redirect?code=x&state=y"] {
        let resp = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("answers");
        assert_eq!(resp.status(), 404, "{path}");
        assert!(resp.text().await.expect("html").contains("SLACK_CLIENT_ID"));
    }
    assert!(
        app.state.token_for(&team("T0001")).await.is_some(),
        "SLACK_BOT_TOKEN still serves the one workspace"
    );
}

#[tokio::test]
async fn page_loads_write_nothing_and_lock_nobody_out_and_a_state_works_once() {
    let app = spawn_oauth_app().await;
    for _ in 0..300 {
        let resp = app
            .client
            .get(format!("{}/slack/install", app.address))
            .send()
            .await
            .expect("answers");
        assert_eq!(resp.status(), 200);
    }
    assert_eq!(
        oauth_states::count(&app.state.db).await.expect("count"),
        0,
        "no row per page view"
    );
    let good = start_install(&app).await;
    let other = start_install(&app).await;
    app.slack.set_default(
        "/api/oauth.v2.access",
        Scripted::grant("T0002", "Northwind", NEW_TOKEN),
    );
    let with = |state: &str| format!("code=c0de&state={state}");
    let (status, html, _) = redirect(&app, &with(&good.state), Some(&other.cookie)).await;
    assert_eq!(status, 400, "another browser's cookie: {html}");
    let (status, html, _) = redirect(&app, &with(&good.state), Some(&good.cookie)).await;
    assert_eq!(status, 200, "its own browser, after the refusal: {html}");
    let (status, html, _) = redirect(&app, &with(&good.state), Some(&good.cookie)).await;
    assert_eq!(status, 400, "a replay: {html}");
    assert_eq!(oauth_states::count(&app.state.db).await.expect("count"), 1);
    assert_eq!(app.slack.received("/api/oauth.v2.access").len(), 1);
}
