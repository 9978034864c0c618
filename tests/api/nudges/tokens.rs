//! Tokens during nudge runs and across processes: a token that cannot be had for now (an
//! unreadable key, a failed refresh) stops nothing and leaves the slot due, with the reason
//! in `nudge status`; two processes refreshing a rotating token spend it once.

use std::sync::Arc;
use std::time::Duration;

use jiff::SignedDuration;
use mops_bot::bot::nudges::scheduler::{Outcome, run_due};
use mops_bot::bot::state::AppState;
use mops_bot::clock::ManualClock;
use mops_bot::crypto::EncryptionKey;
use mops_bot::startup::build_state;
use serde_json::Value;

use super::{FORM, at, posts, run_at, shown};
use crate::fake_slack::{Gate, Scripted};
use crate::helpers::{TestApp, start_instant};
use crate::install_helpers::{install, posted_with, spawn_oauth_app, team, token_of};

const SLOT: &str = "2026-11-23T14:00:00Z";
pub(super) const CHANNEL: &str = "C0N001";
pub(super) const OAUTH: &str = "/api/oauth.v2.access";

/// `/mops {text}` from `CHANNEL` in workspace T0002, returning the reply.
pub(super) async fn northwind(app: &TestApp, text: &str) -> Value {
    let url = app.response_url();
    let body = app
        .command_body(text, &url)
        .replace("team_id=T0001", "team_id=T0002")
        .replace("channel_id=C0001", &format!("channel_id={CHANNEL}"));
    let resp = app.post_signed("/slack/commands", &body, FORM).await;
    assert_eq!(resp.status(), 200);
    app.slack.wait_for(&app.path_of(&url), 1).await[0].json()
}

/// Installs the bot in T0002 (with `grant`) and subscribes `CHANNEL` there.
pub(super) async fn installed_and_subscribed(grant: Scripted) -> TestApp {
    let app = spawn_oauth_app().await;
    install(&app, grant).await;
    let on = northwind(&app, "nudge on").await;
    assert!(
        on["text"]
            .as_str()
            .unwrap_or("")
            .contains("Weekly nudges are"),
        "{on}"
    );
    app
}

/// Another process on the app's database, with its own clock at `now` and `customize`d.
async fn second_process(
    app: &TestApp,
    now: &str,
    customize: impl FnOnce(&mut mops_bot::config::Config),
) -> AppState {
    let mut config = (*app.state.config).clone();
    customize(&mut config);
    build_state(config, Arc::new(ManualClock::new(at(now))))
        .await
        .expect("the second process starts")
}

#[tokio::test]
async fn an_unreadable_token_leaves_the_nudge_due_and_stops_nothing() {
    let app =
        installed_and_subscribed(Scripted::grant("T0002", "Northwind", "xoxb-northwind")).await;
    // A process started with another key cannot open the stored token.
    let wrong_key = second_process(&app, SLOT, |c| {
        let oauth = c.oauth.as_mut().expect("oauth mode");
        oauth.encryption_key =
            EncryptionKey::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
                .expect("key");
    })
    .await;
    app.clock.set(at(SLOT));
    let report = run_due(&wrong_key, at(SLOT)).await;
    assert!(
        matches!(&report.handled[0].outcome, Outcome::LeftDue { error } if error.contains("decrypt")),
        "{}",
        report.summary()
    );
    assert!(posts(&app).is_empty());
    let status = shown(&northwind(&app, "nudge status").await);
    assert!(
        !status.contains("Stopped")
            && status.contains("Last problem")
            && status.contains("decrypt"),
        "{status}"
    );
    let next_run = run_at(&app, "2026-11-23T14:01:00Z").await;
    assert_eq!(next_run.sent(), 1, "{}", next_run.summary());
    let status = shown(&northwind(&app, "nudge status").await);
    assert!(!status.contains("Last problem"), "{status}");
}

#[tokio::test]
async fn a_failed_token_refresh_leaves_the_nudge_due_and_a_later_run_delivers() {
    // The token expires at 13:30, before the 14:00 slot.
    let grant = Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first")
        .rotating("xoxe-1-first", 3 * 3600 + 1800);
    let app = installed_and_subscribed(grant).await;
    app.slack.script(OAUTH, Scripted::status(500));
    let report = run_at(&app, SLOT).await;
    assert!(
        matches!(&report.handled[0].outcome, Outcome::LeftDue { error } if error.contains("refresh")),
        "{}",
        report.summary()
    );
    assert!(posts(&app).is_empty());
    let status = shown(&northwind(&app, "nudge status").await);
    assert!(
        !status.contains("Stopped") && status.contains("could not refresh"),
        "{status}"
    );

    app.slack.script(OAUTH, second_pair());
    let next_run = run_at(&app, "2026-11-23T14:01:00Z").await;
    assert_eq!(next_run.sent(), 1, "{}", next_run.summary());
    assert_eq!(
        posted_with(&app),
        vec![(CHANNEL.to_owned(), "Bearer xoxe.xoxb-second".to_owned())]
    );
}

/// Slack's answer to a refresh of Northwind's token: the second pair.
pub(super) fn second_pair() -> Scripted {
    Scripted::grant("T0002", "Northwind", "xoxe.xoxb-second").rotating("xoxe-1-second", 43_200)
}

fn rotating_install() -> Scripted {
    Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first").rotating("xoxe-1-first", 43_200)
}

#[tokio::test]
async fn two_processes_refreshing_at_once_spend_the_refresh_token_once() {
    let app = spawn_oauth_app().await;
    install(&app, rotating_install()).await;
    let later = start_instant()
        .checked_add(SignedDuration::from_mins(11 * 60 + 50))
        .expect("in range");
    app.clock.set(later);
    let other = second_process(&app, &later.to_string(), |_| {}).await;
    app.slack
        .script(OAUTH, second_pair().delayed(Duration::from_millis(200)));
    let northwind = team("T0002");
    let (a, b) = tokio::join!(token_of(&app, "T0002"), other.token_for(&northwind));
    assert_eq!(a.as_deref(), Some("xoxe.xoxb-second"));
    assert_eq!(
        b.map(|t| t.expose().to_owned()).as_deref(),
        Some("xoxe.xoxb-second")
    );
    let calls = app.slack.received(OAUTH);
    assert_eq!(
        calls.len(),
        2,
        "the install, then one refresh for both processes"
    );
    assert_eq!(calls[1].form()["refresh_token"], "xoxe-1-first");

    // The stored pair is the new one: the next refresh spends the second refresh token.
    app.clock.advance(SignedDuration::from_mins(11 * 60 + 50));
    app.slack.script(
        OAUTH,
        Scripted::grant("T0002", "Northwind", "xoxe.xoxb-third").rotating("xoxe-1-third", 43_200),
    );
    assert_eq!(
        token_of(&app, "T0002").await.as_deref(),
        Some("xoxe.xoxb-third")
    );
    assert_eq!(
        app.slack.received(OAUTH)[2].form()["refresh_token"],
        "xoxe-1-second"
    );
}

#[tokio::test]
async fn a_refresh_refused_as_already_used_takes_the_pair_another_process_stored() {
    let app = spawn_oauth_app().await;
    install(&app, rotating_install()).await;
    let first = start_instant()
        .checked_add(SignedDuration::from_mins(11 * 60 + 50))
        .expect("in range");
    app.clock.set(first);
    // This process's refresh is slow to come back...
    let slack_answers = Gate::new();
    app.slack.script(OAUTH, second_pair().held(&slack_answers));
    let slow = {
        let state = app.state.clone();
        tokio::spawn(async move { state.token_for(&team("T0002")).await })
    };
    app.slack.wait_for(OAUTH, 2).await;
    // ...so long that another process, two minutes on, finds its lease lapsed and tries the
    // same refresh token, which Slack has already taken.
    let two_minutes_on = first
        .checked_add(SignedDuration::from_mins(2))
        .expect("in range");
    let other = second_process(&app, &two_minutes_on.to_string(), |_| {}).await;
    app.slack
        .script(OAUTH, Scripted::slack_error("invalid_refresh_token"));
    let theirs = {
        let northwind = team("T0002");
        let theirs = tokio::spawn(async move { other.token_for(&northwind).await });
        app.slack.wait_for(OAUTH, 3).await;
        // Refused: only now does the first refresh's answer come back.
        slack_answers.open();
        theirs.await.expect("joined")
    };
    assert_eq!(
        theirs.map(|t| t.expose().to_owned()).as_deref(),
        Some("xoxe.xoxb-second"),
        "re-read the pair the first process stored"
    );
    let ours = slow.await.expect("joined");
    assert_eq!(
        ours.map(|t| t.expose().to_owned()).as_deref(),
        Some("xoxe.xoxb-second")
    );
    assert_eq!(app.slack.received(OAUTH).len(), 3);
}
