//! Personal weekly nudges (`/mops nudge me …`): delivered once to the person's DM at their
//! local time, following pause (command and button) and off; personal-only nudges reach
//! personal subscriptions and never a channel; every reply about them is private.

use std::collections::HashSet;

use mops_bot::bot::nudges::scheduler::Outcome;
use mops_bot::guidance::nudge::Audience;
use serde_json::{Value, json};

use super::{FORM, nudge_id, posts_to, reply, run_at, shown};
use crate::helpers::{CHANNEL, TEAM, TestApp, USER, spawn_app};

/// Clicks "Pause nudges" on a personal nudge in the DM (`D…`) as `user`; returns the reply.
async fn pause_click(app: &TestApp, user: &str, post: &Value) -> Value {
    let value = post["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|b| b["elements"].as_array().cloned().unwrap_or_default())
        .find(|e| e["action_id"] == "nudge_pause")
        .map(|e| e["value"].clone())
        .expect("the nudge has a pause button");
    let url = app.response_url();
    let payload = json!({
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM},
        "team": {"id": TEAM, "domain": "mops-example"},
        "container": {"type": "message", "message_ts": "1795428000.000100",
                      "channel_id": "D0DM0001", "is_ephemeral": false},
        "channel": {"id": "D0DM0001", "name": "directmessage"},
        "message": {"type": "message", "ts": "1795428000.000100", "text": post["text"]},
        "response_url": url,
        "actions": [{"action_id": "nudge_pause", "block_id": "nudge", "value": value,
                     "type": "button", "action_ts": "1795428100.123456"}]
    });
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
    assert_eq!(
        app.post_signed("/slack/interactions", &body, FORM)
            .await
            .status(),
        200
    );
    app.slack.wait_for(&app.path_of(&url), 1).await[0].json()
}

#[tokio::test]
async fn a_personal_nudge_arrives_once_in_the_dm_at_local_time() {
    let app = spawn_app().await;
    let on = reply(&app, "nudge me on friday 9am").await;
    assert_eq!(
        on["response_type"], "ephemeral",
        "only the person sees it: {on}"
    );
    let text = shown(&on);
    assert!(
        text.contains("Friday at 09:00 (America/New_York)")
            && text.contains("your Slack time zone"),
        "{text}"
    );
    // 09:00 in New York on Friday 27 November is 14:00 UTC.
    assert_eq!(run_at(&app, "2026-11-27T13:59:00Z").await.sent(), 0);
    let report = run_at(&app, "2026-11-27T14:00:00Z").await;
    assert_eq!(report.sent(), 1, "{}", report.summary());
    let dm = posts_to(&app, USER);
    assert_eq!(dm.len(), 1, "sent to the person's DM");
    assert!(
        posts_to(&app, CHANNEL).is_empty(),
        "never to the channel it was typed in"
    );
    assert!(
        dm[0].to_string().contains("/mops nudge me off"),
        "{}",
        dm[0]
    );
    assert_eq!(run_at(&app, "2026-11-27T14:05:00Z").await.sent(), 0);
    assert_eq!(posts_to(&app, USER).len(), 1, "exactly once");

    let status = reply(&app, "nudge me status").await;
    assert_eq!(status["response_type"], "ephemeral");
    assert!(shown(&status).contains("*Sent so far:* 1"), "{status}");
    let channel = shown(&reply(&app, "nudge status").await);
    assert!(
        channel.contains("no weekly nudges"),
        "the channel has none: {channel}"
    );
}

#[tokio::test]
async fn personal_nudges_follow_pause_the_pause_button_and_off() {
    let app = spawn_app().await;
    reply(&app, "nudge me on friday 9am").await;
    let paused = reply(&app, "nudge me pause").await;
    assert_eq!(paused["response_type"], "ephemeral", "{paused}");
    let report = run_at(&app, "2026-11-27T14:00:00Z").await;
    assert_eq!(
        report.count(|o| *o == Outcome::Paused),
        1,
        "{}",
        report.summary()
    );
    assert!(posts_to(&app, USER).is_empty());
    assert_eq!(run_at(&app, "2026-12-04T14:00:00Z").await.sent(), 1);

    // The button on the DM pauses the person's own nudges; nobody else's click does.
    let post = posts_to(&app, USER).remove(0);
    let refused = shown(&pause_click(&app, "U0OTHER", &post).await);
    assert!(!refused.contains("paused for"), "{refused}");
    let clicked = shown(&pause_click(&app, USER, &post).await);
    assert!(clicked.contains("paused for 1 week"), "{clicked}");
    let report = run_at(&app, "2026-12-11T14:00:00Z").await;
    assert_eq!(
        report.count(|o| *o == Outcome::Paused),
        1,
        "{}",
        report.summary()
    );

    let off = reply(&app, "nudge me off").await;
    assert_eq!(off["response_type"], "ephemeral");
    assert!(shown(&off).contains("off"), "{off}");
    let report = run_at(&app, "2026-12-18T14:00:00Z").await;
    assert!(report.handled.is_empty(), "{}", report.summary());
    assert_eq!(posts_to(&app, USER).len(), 1, "nothing after off");
}

#[tokio::test]
async fn personal_only_nudges_reach_people_and_never_channels() {
    let app = spawn_app().await;
    let personal: HashSet<String> = app
        .state
        .guide
        .library
        .nudges()
        .iter()
        .filter(|n| n.audience == Audience::Personal)
        .map(|n| n.id.clone())
        .collect();
    assert!(!personal.is_empty(), "the library has personal nudges");
    let total = app.state.guide.library.nudges().len();
    reply(&app, "nudge me on friday 14:00 UTC").await;
    reply(&app, "nudge on friday 14:00 UTC").await;
    let mut friday: jiff::Timestamp = "2026-11-27T14:00:00Z".parse().expect("instant");
    for _ in 0..total {
        run_at(&app, &friday.to_string()).await;
        friday = friday
            .checked_add(jiff::SignedDuration::from_hours(24 * 7))
            .expect("next week");
    }
    let to_person: Vec<String> = posts_to(&app, USER).iter().map(nudge_id).collect();
    let to_channel: Vec<String> = posts_to(&app, CHANNEL).iter().map(nudge_id).collect();
    assert_eq!(to_person.len(), total);
    assert_eq!(
        to_person.iter().collect::<HashSet<_>>().len(),
        total,
        "one cycle of the whole library, no repeats"
    );
    assert!(to_person.iter().any(|id| personal.contains(id)));
    assert!(
        to_channel.iter().all(|id| !personal.contains(id)),
        "a channel never gets a personal nudge"
    );
}
