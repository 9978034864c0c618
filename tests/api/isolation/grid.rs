//! Enterprise Grid: an org-wide install serving several workspaces, one of which also has an
//! install of its own. Uninstalls and revocations arrive as recorded org-level and
//! workspace-level payloads through `POST /slack/events`, and each removes exactly the access
//! it speaks for: the right installation, the right workspaces' nudges, nothing else.

use std::time::Duration;

use mops_bot::slack::ids::ChannelId;
use mops_bot::store::subscriptions::{self, Status};

use super::org_grant;
use crate::fake_slack::Scripted;
use crate::helpers::TestApp;
use crate::install_helpers::{
    install, post_event, posted_with, spawn_oauth_app, stored, team, token_of, until_stored,
};
use crate::nudges::{run_at, subscribe_elsewhere};
use crate::replay::fixture;

const ORG: &str = "E0GRID1";
/// A workspace of the org with an install of its own.
const OWN: (&str, &str) = ("T0GRIDA", "C0GRIDA1");
/// Workspaces served by the org-wide install.
const SERVED_B: (&str, &str) = ("T0GRIDB", "C0GRIDB1");
const SERVED_C: (&str, &str) = ("T0GRIDC", "C0GRIDC1");
/// The workspaces' Monday 09:00 (New York, the fake Slack's time zone for people).
const SLOT: &str = "2026-11-23T14:00:00Z";

/// The org-wide install, the workspace's own install, and a nudge in each workspace.
async fn org_with_three_workspaces() -> TestApp {
    let app = spawn_oauth_app().await;
    install(&app, org_grant(ORG, "xoxb-globex-org")).await;
    install(
        &app,
        Scripted::grant(OWN.0, "Globex Sales", "xoxb-globex-sales"),
    )
    .await;
    for (workspace, channel) in [OWN, SERVED_B, SERVED_C] {
        subscribe_elsewhere(&app, workspace, Some(ORG), channel).await;
    }
    assert_eq!(stored(&app).await, [ORG, OWN.0]);
    app
}

/// The subscription's status and the reason it stopped, if it did.
async fn status_of(app: &TestApp, (team_id, channel): (&str, &str)) -> (Status, Option<String>) {
    let channel = ChannelId::parse(channel).expect("valid");
    let sub = subscriptions::get(&app.state.db, &team(team_id), &channel)
        .await
        .expect("read")
        .expect("subscribed");
    (sub.status, sub.inactive_reason)
}

/// Waits (up to 10 s) until the workspace's nudge has stopped, and says why.
async fn until_stopped(app: &TestApp, workspace: (&str, &str)) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let (Status::Inactive, reason) = status_of(app, workspace).await {
            return reason.unwrap_or_default();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{workspace:?} never stopped"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Runs the scheduler at the slot and returns (channel, token) of every post.
async fn nudged(app: &TestApp) -> Vec<(String, String)> {
    let report = run_at(app, SLOT).await;
    assert!(report.handled.len() <= 3, "{}", report.summary());
    let mut posted = posted_with(app);
    posted.sort();
    posted
}

fn bearer(channel: &str, token: &str) -> (String, String) {
    (channel.to_owned(), format!("Bearer {token}"))
}

#[tokio::test]
async fn an_org_level_uninstall_removes_the_org_install_only_and_stops_the_workspaces_it_served() {
    let app = org_with_three_workspaces().await;
    // Slack names the workspace the event was seen in (one with its own install): the event
    // still speaks for the org-wide install (`is_enterprise_install`), not that workspace's.
    post_event(
        &app,
        &fixture("events/grid_app_uninstalled_from_a_workspace.json"),
    )
    .await;
    until_stored(&app, &[OWN.0]).await;
    assert_eq!(until_stopped(&app, SERVED_B).await, "app_uninstalled");
    assert_eq!(until_stopped(&app, SERVED_C).await, "app_uninstalled");
    assert_eq!(status_of(&app, OWN).await, (Status::Active, None));
    assert_eq!(token_of(&app, SERVED_B.0).await, None);
    assert_eq!(
        nudged(&app).await,
        [bearer(OWN.1, "xoxb-globex-sales")],
        "only the workspace with its own install is nudged"
    );
}

#[tokio::test]
async fn a_workspaces_own_uninstall_never_touches_the_org_wide_install() {
    let app = org_with_three_workspaces().await;
    // Slack sends both when a workspace removes its own install: the second finds no
    // workspace install left, and must not take the org's instead.
    post_event(&app, &fixture("events/grid_workspace_tokens_revoked.json")).await;
    until_stored(&app, &[ORG]).await;
    assert_eq!(until_stopped(&app, OWN).await, "token_revoked");
    post_event(&app, &fixture("events/grid_workspace_app_uninstalled.json")).await;
    app.until_idle().await;
    assert_eq!(stored(&app).await, [ORG], "the org-wide install stays");
    for served in [SERVED_B, SERVED_C] {
        assert_eq!(status_of(&app, served).await, (Status::Active, None));
    }
    assert_eq!(
        nudged(&app).await,
        [
            bearer(SERVED_B.1, "xoxb-globex-org"),
            bearer(SERVED_C.1, "xoxb-globex-org")
        ]
    );
}

#[tokio::test]
async fn team_access_revoked_stops_those_workspaces_and_a_revoked_org_token_stops_the_rest() {
    let app = org_with_three_workspaces().await;
    post_event(&app, &fixture("events/grid_team_access_revoked.json")).await;
    assert_eq!(until_stopped(&app, SERVED_B).await, "team_access_revoked");
    assert_eq!(stored(&app).await, [ORG, OWN.0], "the org install stays");
    assert_eq!(token_of(&app, SERVED_B.0).await, None, "B lost access");
    assert_eq!(
        token_of(&app, SERVED_C.0).await.as_deref(),
        Some("xoxb-globex-org")
    );
    assert_eq!(status_of(&app, SERVED_C).await, (Status::Active, None));
    assert_eq!(
        nudged(&app).await,
        [
            bearer(OWN.1, "xoxb-globex-sales"),
            bearer(SERVED_C.1, "xoxb-globex-org")
        ]
    );

    // The org's bot token is revoked: the org install goes; the own install stays.
    post_event(&app, &fixture("events/grid_tokens_revoked.json")).await;
    until_stored(&app, &[OWN.0]).await;
    assert_eq!(until_stopped(&app, SERVED_C).await, "token_revoked");
    assert_eq!(status_of(&app, OWN).await, (Status::Active, None));
}
