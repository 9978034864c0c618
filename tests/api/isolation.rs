//! One bot, many workspaces: each request acts with its own workspace's token, org-wide
//! installs serve their workspaces, rotated tokens are refreshed, and an uninstall or a
//! revoked token removes access.

use jiff::SignedDuration;
use mops_bot::bot::installs::{self, Removed};
use mops_bot::slack::ids::UserId;
use serde_json::json;

use crate::fake_slack::Scripted;
use crate::install_helpers::{
    contains, database_bytes, install, spawn_oauth_app, stored, team, token_of,
};

fn org_grant(enterprise: &str, token: &str) -> Scripted {
    Scripted::ok(json!({
        "ok": true, "access_token": token, "token_type": "bot", "scope": "commands",
        "bot_user_id": "UBOTORG", "app_id": "A0MOPSBOT", "team": null,
        "enterprise": { "id": enterprise, "name": "Globex Holdings" },
        "is_enterprise_install": true, "authed_user": { "id": "U0ADMIN" }
    }))
}

#[tokio::test]
async fn each_workspace_gets_only_its_own_token() {
    let app = spawn_oauth_app().await;
    install(
        &app,
        Scripted::grant("T0002", "Northwind", "xoxb-northwind"),
    )
    .await;
    install(&app, Scripted::grant("T0003", "Initech", "xoxb-initech")).await;
    install(&app, org_grant("E0001", "xoxb-globex-org")).await;
    assert_eq!(stored(&app).await, ["E0001", "T0002", "T0003"]);

    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxb-northwind")
    );
    assert_eq!(
        token_of(&app, "T0003").await.as_deref(),
        Some("xoxb-initech")
    );
    assert_eq!(
        token_of(&app, "T0009").await,
        None,
        "not installed: no token at all"
    );

    let via_org = |t: &'static str, e: &'static str| {
        let state = app.state.clone();
        async move {
            state
                .token_for_request(&team(t), Some(&team(e)))
                .await
                .map(|t| t.expose().to_owned())
        }
    };
    assert_eq!(
        via_org("T0004", "E0001").await.as_deref(),
        Some("xoxb-globex-org")
    );
    assert_eq!(
        via_org("T0002", "E0001").await.as_deref(),
        Some("xoxb-northwind"),
        "a workspace's own install comes before its enterprise's"
    );
    assert_eq!(via_org("T0005", "E0009").await, None, "another enterprise");
    assert_eq!(
        via_org("T0006", "T0002").await,
        None,
        "a workspace install is never used as an org-wide one"
    );
    // Work that only knows the team (a scheduled nudge) finds the org install once seen.
    assert_eq!(
        token_of(&app, "T0004").await.as_deref(),
        Some("xoxb-globex-org")
    );
    assert_eq!(token_of(&app, "T0005").await, None);

    // A sealed token copied into another workspace's row does not open there.
    sqlx::query(
        "UPDATE installations SET bot_token_sealed = \
         (SELECT bot_token_sealed FROM installations WHERE install_key = 'T0002') \
         WHERE install_key = 'T0003'",
    )
    .execute(app.state.db.pool())
    .await
    .expect("update");
    assert_eq!(token_of(&app, "T0003").await, None);
    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxb-northwind")
    );
}

#[tokio::test]
async fn an_uninstall_or_a_revoked_bot_token_removes_only_that_workspace() {
    let app = spawn_oauth_app().await;
    install(
        &app,
        Scripted::grant("T0002", "Northwind", "xoxb-northwind"),
    )
    .await;
    install(&app, Scripted::grant("T0003", "Initech", "xoxb-initech")).await;

    let removed = installs::on_app_uninstalled(&app.state, &team("T0002"), None)
        .await
        .expect("removed");
    assert_eq!(
        removed,
        Removed {
            installation: Some(team("T0002")),
            teams: vec![team("T0002")]
        }
    );
    assert_eq!(
        token_of(&app, "T0002").await,
        None,
        "uninstall removes access"
    );
    assert_eq!(
        token_of(&app, "T0003").await.as_deref(),
        Some("xoxb-initech")
    );
    let again = installs::on_app_uninstalled(&app.state, &team("T0002"), None).await;
    assert_eq!(
        again.expect("fine").installation,
        None,
        "a repeated event is harmless"
    );

    // tokens_revoked naming only user tokens leaves the bot installed.
    let users_only = json!({
        "type": "event_callback", "team_id": "T0003", "event_id": "Ev1",
        "event": { "type": "tokens_revoked", "tokens": { "oauth": ["U0042"], "bot": [] } }
    });
    let outcome = installs::on_lifecycle_event(&app.state, &users_only).await;
    assert_eq!(outcome.expect("handled").expect("ok").installation, None);
    assert!(token_of(&app, "T0003").await.is_some());

    let bot_revoked = json!({
        "type": "event_callback", "team_id": "T0003", "event_id": "Ev2",
        "event": { "type": "tokens_revoked", "tokens": { "bot": ["UBOTT0003"] } }
    });
    let outcome = installs::on_lifecycle_event(&app.state, &bot_revoked).await;
    assert_eq!(
        outcome.expect("handled").expect("ok").installation,
        Some(team("T0003"))
    );
    assert_eq!(token_of(&app, "T0003").await, None);
    assert!(stored(&app).await.is_empty());

    let other = json!({ "team_id": "T0003", "event": { "type": "app_mention" } });
    assert!(
        installs::on_lifecycle_event(&app.state, &other)
            .await
            .is_none()
    );
}

#[tokio::test]
async fn uninstalling_an_org_wide_install_names_every_workspace_it_served() {
    let app = spawn_oauth_app().await;
    install(&app, org_grant("E0001", "xoxb-globex-org")).await;
    for t in ["T0004", "T0005"] {
        assert!(
            app.state
                .token_for_request(&team(t), Some(&team("E0001")))
                .await
                .is_some()
        );
    }
    let envelope = json!({
        "type": "event_callback", "team_id": "T0004", "enterprise_id": "E0001",
        "event": { "type": "app_uninstalled" }
    });
    let removed = installs::on_lifecycle_event(&app.state, &envelope)
        .await
        .expect("handled")
        .expect("ok");
    assert_eq!(removed.installation, Some(team("E0001")));
    assert_eq!(removed.teams, [team("T0004"), team("T0005")]);
    assert_eq!(token_of(&app, "T0005").await, None);
}

#[tokio::test]
async fn rotating_tokens_are_refreshed_before_they_expire() {
    let app = spawn_oauth_app().await;
    let grant = Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first")
        .rotating("xoxe-1-first-refresh", 43_200);
    install(&app, grant).await;
    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxe.xoxb-first")
    );
    assert_eq!(
        app.slack.received("/api/oauth.v2.access").len(),
        1,
        "no refresh yet"
    );

    app.clock.advance(SignedDuration::from_mins(11 * 60 + 50));
    app.slack.script(
        "/api/oauth.v2.access",
        Scripted::grant("T0002", "Northwind", "xoxe.xoxb-second")
            .rotating("xoxe-1-second-refresh", 43_200)
            .delayed(std::time::Duration::from_millis(100)),
    );
    let (a, b) = tokio::join!(token_of(&app, "T0002"), token_of(&app, "T0002"));
    assert_eq!(a.as_deref(), Some("xoxe.xoxb-second"));
    assert_eq!(b.as_deref(), Some("xoxe.xoxb-second"));
    let calls = app.slack.received("/api/oauth.v2.access");
    assert_eq!(calls.len(), 2, "concurrent requests refresh once");
    let form = calls[1].form();
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(form["refresh_token"], "xoxe-1-first-refresh");

    app.clock.advance(SignedDuration::from_mins(11 * 60 + 50));
    app.slack.script(
        "/api/oauth.v2.access",
        Scripted::grant("T0002", "Northwind", "xoxe.xoxb-third").rotating("xoxe-1-third", 43_200),
    );
    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxe.xoxb-third")
    );
    let calls = app.slack.received("/api/oauth.v2.access");
    assert_eq!(
        calls[2].form()["refresh_token"],
        "xoxe-1-second-refresh",
        "the new pair was stored"
    );

    let bytes = database_bytes(&app);
    assert!(
        !contains(&bytes, "xoxe"),
        "neither token is stored in clear text"
    );
}

#[tokio::test]
async fn a_failed_refresh_keeps_a_still_valid_token_and_drops_an_expired_one() {
    let app = spawn_oauth_app().await;
    let grant =
        Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first").rotating("xoxe-1-r", 43_200);
    install(&app, grant).await;
    app.slack.set_default(
        "/api/oauth.v2.access",
        Scripted::slack_error("invalid_refresh_token"),
    );

    app.clock.advance(SignedDuration::from_mins(11 * 60 + 50));
    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxe.xoxb-first"),
        "ten minutes left: still usable"
    );
    app.clock.advance(SignedDuration::from_mins(15));
    assert_eq!(
        token_of(&app, "T0002").await,
        None,
        "expired and not renewed"
    );
    let bot = UserId::parse("UBOTT0002").expect("valid");
    let removed = installs::on_tokens_revoked(&app.state, &team("T0002"), None, &[bot]).await;
    assert_eq!(removed.expect("ok").installation, Some(team("T0002")));
}
