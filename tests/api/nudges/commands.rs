//! `/mops nudge …` through signed slash commands: defaults, corrections, joining, status,
//! preview, pause, resume and off.

use serde_json::json;

use super::{nudge_id, posts, posts_to, reply, reply_in, run_at, shown, subscribe};
use crate::fake_slack::Scripted;
use crate::helpers::{CHANNEL, spawn_app};

#[tokio::test]
async fn on_uses_monday_nine_in_the_askers_time_zone_joins_and_says_when() {
    let app = spawn_app().await;
    let message = subscribe(&app, CHANNEL, "on").await;
    assert_eq!(message["response_type"], "in_channel", "the team sees it");
    let text = shown(&message);
    assert!(
        text.contains("every Monday at 09:00 (America/New_York) (your Slack time zone)"),
        "{text}"
    );
    // 10:00 UTC on Monday 23 November is 05:00 in New York: the first slot is today.
    assert!(
        text.contains("Monday 23 November 2026 at 09:00 EST"),
        "{text}"
    );
    let joins = app.slack.received("/api/conversations.join");
    assert_eq!(joins.len(), 1);
    assert_eq!(joins[0].args()["channel"], CHANNEL);
    let lookups = app.slack.received("/api/users.info");
    assert_eq!(lookups.len(), 1);
    assert_eq!(lookups[0].args()["user"], "U0001", "asks about the asker");

    // Running it again updates the schedule.
    let again = subscribe(&app, CHANNEL, "on thu 8:30am Europe/Berlin").await;
    let text = shown(&again);
    assert!(
        text.contains("updated") && text.contains("every Thursday at 08:30 (Europe/Berlin)"),
        "{text}"
    );
    assert!(
        text.contains("Thursday 26 November 2026 at 08:30 CET"),
        "{text}"
    );
    let status = shown(&reply(&app, "nudge status").await);
    assert!(
        status.contains("every Thursday at 08:30 (Europe/Berlin)"),
        "{status}"
    );
    assert!(status.contains("Sent so far:* 0"), "{status}");
}

#[tokio::test]
async fn without_a_slack_time_zone_the_default_is_utc() {
    let app = spawn_app().await;
    app.slack
        .script("/api/users.info", Scripted::slack_error("user_not_found"));
    let text = shown(&subscribe(&app, CHANNEL, "on tuesday").await);
    assert!(
        text.contains("every Tuesday at 09:00 (UTC) (I couldn't read your Slack time zone)"),
        "{text}"
    );
    assert!(
        text.contains("Tuesday 24 November 2026 at 09:00 UTC"),
        "{text}"
    );
}

#[tokio::test]
async fn bad_input_gets_a_friendly_correction_and_changes_nothing() {
    let app = spawn_app().await;
    for (input, expected) in [
        (
            "nudge on Moonday",
            "I couldn't read 'Moonday' as a weekday. Did you mean Monday?",
        ),
        ("nudge on monday 25:00", "I couldn't read '25:00' as a time"),
        (
            "nudge on monday 9am Mars/Olympus",
            "I don't know the time zone 'Mars/Olympus'. Use an IANA time zone name such as `America/New_York`",
        ),
        ("nudge pause forever", "'forever' as a number of weeks"),
        ("nudge sideways", "I don't know `nudge sideways`"),
    ] {
        let message = reply(&app, input).await;
        assert_eq!(message["response_type"], "ephemeral", "{input}");
        let text = message["text"].as_str().unwrap_or_default();
        assert!(text.contains(expected), "{input}: {text}");
    }
    assert!(app.slack.received("/api/conversations.join").is_empty());
    let status = shown(&reply(&app, "nudge status").await);
    assert!(status.contains("no weekly nudges yet"), "{status}");
}

#[tokio::test]
async fn a_private_channel_is_not_pretended_to_be_subscribed() {
    let app = spawn_app().await;
    let private = "G0PRIVATE1";
    app.slack.script(
        "/api/conversations.join",
        Scripted::slack_error("method_not_supported_for_channel_type"),
    );
    app.slack.script(
        "/api/conversations.info",
        Scripted::ok(json!({"ok": true, "channel": {"id": private, "is_member": false}})),
    );
    let refusal = reply_in(&app, private, "nudge on").await;
    let text = refusal["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("/invite @mops-bot") && text.contains("Nothing is scheduled"),
        "{text}"
    );
    let status = shown(&reply_in(&app, private, "nudge status").await);
    assert!(status.contains("no weekly nudges yet"), "{status}");

    // Once invited, the same command works.
    app.slack.script(
        "/api/conversations.join",
        Scripted::slack_error("method_not_supported_for_channel_type"),
    );
    app.slack.script(
        "/api/conversations.info",
        Scripted::ok(json!({"ok": true, "channel": {"id": private, "is_member": true}})),
    );
    subscribe(&app, private, "on").await;
    run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(posts_to(&app, private).len(), 1);
}

#[tokio::test]
async fn preview_shows_privately_the_nudge_that_comes_next() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    let preview = reply(&app, "nudge preview").await;
    assert_eq!(preview["response_type"], "ephemeral");
    assert!(
        shown(&preview).contains(
            "only you can see this. This channel gets it *Monday 23 November 2026 at 09:00 EST*"
        ),
        "{preview}"
    );
    let previewed = nudge_id(&preview);
    run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(nudge_id(&posts(&app)[0]), previewed);
    let next = nudge_id(&reply(&app, "nudge preview").await);
    assert_ne!(next, previewed, "the preview moves on with the rotation");
}

#[tokio::test]
async fn pause_skips_weeks_resume_undoes_it_and_off_stops() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    let paused = reply(&app, "nudge pause").await;
    let text = shown(&paused);
    assert!(
        text.contains(
            "paused for 1 week (by <@U0001>), starting with Monday 23 November 2026 at 09:00 EST"
        ) && text.contains("come back *Monday 30 November 2026 at 09:00 EST*"),
        "{text}"
    );
    assert!(
        shown(&reply(&app, "nudge status").await).contains("*Paused* until Monday 30 November")
    );
    let report = run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(
        report.summary().matches("1 paused").count(),
        1,
        "{}",
        report.summary()
    );
    assert!(posts(&app).is_empty(), "a paused channel gets nothing");
    run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 1, "back after the pause");

    reply(&app, "nudge pause 2 weeks").await;
    let resumed = shown(&reply(&app, "nudge resume").await);
    assert!(
        resumed.contains("Monday 7 December 2026 at 09:00 EST"),
        "{resumed}"
    );
    run_at(&app, "2026-12-07T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 2, "resume undid the pause");

    let off = reply(&app, "nudge off").await;
    assert_eq!(off["response_type"], "in_channel");
    assert!(shown(&reply(&app, "nudge status").await).contains("*Off*"));
    run_at(&app, "2026-12-14T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 2, "off means off");
    let status = shown(&reply(&app, "nudge pause").await);
    assert!(status.contains("no weekly nudges running"), "{status}");

    // On again: picks up the rotation without repeating.
    subscribe(&app, CHANNEL, "on").await;
    run_at(&app, "2026-12-21T14:00:00Z").await;
    let ids: Vec<String> = posts(&app).iter().map(nudge_id).collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[2] != ids[0] && ids[2] != ids[1], "{ids:?}");
    assert!(shown(&reply(&app, "nudge status").await).contains("Sent so far:* 3"));
}

#[tokio::test]
async fn the_pause_function_for_the_button_works_like_the_command() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    let team = mops_bot::slack::ids::TeamId::parse("T0001").unwrap();
    let channel = mops_bot::slack::ids::ChannelId::parse(CHANNEL).unwrap();
    let user = mops_bot::slack::ids::UserId::parse("U0001").unwrap();
    let answer =
        mops_bot::bot::nudges::commands::pause(&app.state, &team, &channel, &user, 1).await;
    let message = mops_bot::slack::render::message(&answer);
    assert!(
        message.text.contains("paused for 1 week"),
        "{}",
        message.text
    );
    run_at(&app, "2026-11-23T14:00:00Z").await;
    assert!(posts(&app).is_empty());
}
