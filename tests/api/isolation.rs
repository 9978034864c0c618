//! One bot, many workspaces: each request acts with its own workspace's token, org-wide
//! installs serve their workspaces, rotated tokens are refreshed, and an uninstall or a
//! revoked token removes access.

mod grid;

use mops_bot::bot::uninstall::{self, Installer, Removed};
use mops_bot::slack::ids::UserId;
use serde_json::json;

use crate::fake_slack::Scripted;
use crate::install_helpers::{
    event_from, install, mention, post_event, posted_with, spawn_oauth_app, stored, team, token_of,
    until_stored,
};

pub(crate) fn org_grant(enterprise: &str, token: &str) -> Scripted {
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

    // Questions from each workspace are answered with that workspace's token only.
    for (i, (t, e)) in [
        ("T0002", None),
        ("T0003", None),
        ("T0004", Some("E0001")),
        ("T0009", None),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("Ev0ISO000{i}");
        post_event(&app, &event_from(t, e, &id, mention(t, "advice burnout"))).await;
    }
    app.slack.wait_for("/api/chat.postMessage", 3).await;
    app.settled("/api/chat.postMessage").await;
    let mut posted = posted_with(&app);
    posted.sort();
    let expected: Vec<(String, String)> = [
        ("C0T0002", "xoxb-northwind"),
        ("C0T0003", "xoxb-initech"),
        ("C0T0004", "xoxb-globex-org"),
    ]
    .iter()
    .map(|(c, t)| (c.to_string(), format!("Bearer {t}")))
    .collect();
    assert_eq!(
        posted, expected,
        "nothing for the workspace without an install"
    );

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

    let uninstalled = json!({ "type": "app_uninstalled" });
    post_event(&app, &event_from("T0002", None, "Ev0UNINST01", uninstalled)).await;
    until_stored(&app, &["T0003"]).await;
    assert_eq!(
        token_of(&app, "T0002").await,
        None,
        "uninstall removes access"
    );
    assert_eq!(
        token_of(&app, "T0003").await.as_deref(),
        Some("xoxb-initech")
    );
    post_event(
        &app,
        &event_from("T0002", None, "Ev0ASK0001", mention("T0002", "help")),
    )
    .await;
    post_event(
        &app,
        &event_from("T0003", None, "Ev0ASK0002", mention("T0003", "help")),
    )
    .await;
    app.slack.wait_for("/api/chat.postMessage", 1).await;
    let posted = app.settled("/api/chat.postMessage").await;
    assert_eq!(posted.len(), 1, "only the installed workspace is answered");
    assert_eq!(
        posted[0].header("authorization"),
        Some("Bearer xoxb-initech")
    );

    // A revocation naming only user tokens leaves the bot installed...
    let users_only =
        json!({ "type": "tokens_revoked", "tokens": { "oauth": ["U0042"], "bot": [] } });
    post_event(&app, &event_from("T0003", None, "Ev0REVOKE1", users_only)).await;
    app.until_idle().await;
    assert_eq!(stored(&app).await, ["T0003"]);
    // ...while one naming the bot removes it.
    let bot = json!({ "type": "tokens_revoked", "tokens": { "bot": ["UBOTT0003"] } });
    post_event(&app, &event_from("T0003", None, "Ev0REVOKE2", bot)).await;
    until_stored(&app, &[]).await;
    assert_eq!(token_of(&app, "T0003").await, None);
}

#[tokio::test]
async fn the_removal_functions_say_what_they_removed() {
    let app = spawn_oauth_app().await;
    install(
        &app,
        Scripted::grant("T0002", "Northwind", "xoxb-northwind"),
    )
    .await;
    let bots = [UserId::parse("UBOTT0002").expect("valid")];
    let northwind = team("T0002");
    let from = Installer {
        team: &northwind,
        enterprise: None,
        org_wide: false,
    };
    let none = uninstall::on_tokens_revoked(&app.state, &from, &[]).await;
    assert_eq!(none.expect("ok"), Removed::default(), "no bot token named");
    let removed = uninstall::on_tokens_revoked(&app.state, &from, &bots).await;
    assert_eq!(
        removed.expect("ok"),
        Removed {
            installation: Some(team("T0002")),
            teams: vec![team("T0002")]
        }
    );
    let again = uninstall::on_app_uninstalled(&app.state, &from).await;
    assert_eq!(
        again.expect("ok"),
        Removed {
            installation: None,
            teams: vec![team("T0002")]
        },
        "a repeated event is harmless and still names the team"
    );
}

#[tokio::test]
async fn uninstalling_an_org_wide_install_names_every_workspace_it_served() {
    let app = spawn_oauth_app().await;
    install(&app, org_grant("E0001", "xoxb-globex-org")).await;
    for t in ["T0004", "T0005"] {
        let token = app
            .state
            .token_for_request(&team(t), Some(&team("E0001")))
            .await;
        assert!(token.is_some(), "{t}");
    }
    let (workspace, org) = (team("T0004"), team("E0001"));
    let from = Installer {
        team: &workspace,
        enterprise: Some(&org),
        org_wide: true,
    };
    let removed = uninstall::on_app_uninstalled(&app.state, &from)
        .await
        .expect("ok");
    assert_eq!(removed.installation, Some(team("E0001")));
    assert_eq!(removed.teams, [team("T0004"), team("T0005")]);
    assert_eq!(token_of(&app, "T0005").await, None);
    assert!(stored(&app).await.is_empty());
}
