//! Token rotation: a rotating token is refreshed shortly before it expires, once however
//! many requests need it, and the new pair is stored encrypted.

use jiff::SignedDuration;
use mops_bot::bot::uninstall::{self, Installer};
use mops_bot::slack::ids::UserId;

use crate::fake_slack::Scripted;
use crate::install_helpers::{contains, database_bytes, install, spawn_oauth_app, team, token_of};

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
    let northwind = team("T0002");
    let from = Installer {
        team: &northwind,
        enterprise: None,
        org_wide: false,
    };
    let removed = uninstall::on_tokens_revoked(&app.state, &from, &[bot]).await;
    assert_eq!(removed.expect("ok").installation, Some(team("T0002")));
}
