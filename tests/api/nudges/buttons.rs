//! The buttons on a delivered nudge, clicked through the signed `/slack/interactions`
//! endpoint: "Pause nudges" pauses the channel exactly as `/mops nudge pause` does.

use serde_json::{Value, json};

use super::{FORM, posts, run_at, shown, subscribe};
use crate::helpers::{CHANNEL, TEAM, TestApp, USER, spawn_app};

/// Clicks the button `action_id` of a delivered `post`; returns the response_url path.
async fn click(app: &TestApp, post: &Value, action_id: &str) -> String {
    let action = post["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|b| {
            let element = b["elements"]
                .as_array()?
                .iter()
                .find(|e| e["action_id"] == action_id)?;
            Some(json!({
                "action_id": action_id,
                "block_id": b["block_id"],
                "text": element["text"],
                "value": element["value"],
                "type": "button",
                "action_ts": "1795428100.123456"
            }))
        })
        .expect("the post has the button");
    let url = app.response_url();
    let payload = json!({
        "type": "block_actions",
        "user": {"id": USER, "username": "stacey", "team_id": TEAM},
        "api_app_id": "A0MOPSBOT",
        "team": {"id": TEAM, "domain": "mops-example"},
        "is_enterprise_install": false,
        "container": {"type": "message", "message_ts": "1795428000.000100", "channel_id": CHANNEL, "is_ephemeral": false},
        "channel": {"id": CHANNEL, "name": "marketing-ops"},
        "message": {"type": "message", "ts": "1795428000.000100", "text": post["text"]},
        "response_url": url,
        "actions": [action]
    });
    let body = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
    let resp = app.post_signed("/slack/interactions", &body, FORM).await;
    assert_eq!(resp.status(), 200);
    app.path_of(&url)
}

#[tokio::test]
async fn pause_on_a_delivered_nudge_skips_next_week() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    run_at(&app, "2026-11-23T14:00:00Z").await;
    let delivered = posts(&app);
    assert_eq!(delivered.len(), 1);

    let path = click(&app, &delivered[0], "nudge_pause").await;
    let reply = app.slack.wait_for(&path, 1).await[0].json();
    assert_eq!(reply["response_type"], "ephemeral");
    assert!(
        shown(&reply).contains("come back *Monday 7 December 2026 at 09:00 EST*"),
        "{reply}"
    );
    run_at(&app, "2026-11-30T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 1, "the paused week gets nothing");
    run_at(&app, "2026-12-07T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 2);
}
