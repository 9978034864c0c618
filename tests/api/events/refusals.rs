//! Events the bot must not act on: its own posts, other bots, malformed or unsigned bodies.

use mops_bot::slack::verify::sign;
use mops_bot::store;
use serde_json::{Value, json};

use super::{BOT, JSON, direct_message, envelope, mention, post_event};
use crate::helpers::{CHANNEL, SIGNING_SECRET, TEAM, USER, UnixNow, spawn_app};

#[tokio::test]
async fn the_bots_own_posts_and_other_bots_are_never_answered() {
    let app = spawn_app().await;
    let mut from_bot = direct_message(
        "Burnout, scope creep and invisible work",
        "1795428000.000500",
    );
    from_bot["bot_id"] = json!("B0MOPSBOT");
    from_bot["user"] = json!(BOT);
    let mut edited = direct_message("burnout", "1795428000.000600");
    edited["subtype"] = json!("message_changed");
    let mut own_user = direct_message("burnout", "1795428000.000700");
    own_user["user"] = json!(BOT);
    let mut other_bot_mention = mention(&format!("<@{BOT}> burnout"), "1795428000.000800");
    other_bot_mention["bot_id"] = json!("B0OTHER");
    let channel_message = json!({
        "type": "message", "text": "burnout", "user": USER, "ts": "1795428000.000900",
        "channel": CHANNEL, "event_ts": "1795428000.000900", "channel_type": "channel"
    });
    for (n, event) in [
        from_bot,
        edited,
        own_user,
        other_bot_mention,
        channel_message,
    ]
    .into_iter()
    .enumerate()
    {
        let resp = post_event(&app, &envelope(&format!("Ev0IGNORE{n}"), event)).await;
        assert_eq!(resp.status(), 200, "event {n}");
    }
    assert!(app.settled("/api/").await.is_empty());
    assert_eq!(
        store::events::count(&app.state.db).await.unwrap(),
        0,
        "nothing recorded"
    );
}
#[tokio::test]
async fn malformed_unknown_and_unsigned_events_have_no_side_effects() {
    let app = spawn_app().await;
    let good = envelope(
        "Ev0BAD00001",
        direct_message("burnout", "1795428000.001400"),
    );
    let mut no_id: Value = serde_json::from_str(&good).unwrap();
    no_id.as_object_mut().unwrap().remove("event_id");
    let mut no_event: Value = serde_json::from_str(&good).unwrap();
    no_event.as_object_mut().unwrap().remove("event");
    let mut bad_user: Value = serde_json::from_str(&good).unwrap();
    bad_user["event"]["user"] = json!("<@everyone>");
    let resp = post_event(&app, "event_id=Ev1&type=event_callback").await;
    assert_eq!(resp.status(), 400, "not JSON");
    // Signed JSON of a shape the bot cannot use is acknowledged, so Slack does not retry it.
    for (case, body) in [
        ("no type", json!({"event_id": "Ev1"}).to_string()),
        ("no event_id", no_id.to_string()),
        ("no event", no_event.to_string()),
        ("bad user id", bad_user.to_string()),
        (
            "no challenge",
            json!({"type": "url_verification"}).to_string(),
        ),
    ] {
        let resp = post_event(&app, &body).await;
        assert_eq!(resp.status(), 200, "{case}");
    }
    for (case, body) in [
        ("unknown envelope", json!({"type": "app_rate_limited", "team_id": TEAM, "minute_rate_limited": 1_795_428_000}).to_string()),
        ("unknown event", envelope("Ev0BAD00002", json!({"type": "reaction_added", "user": USER, "reaction": "thumbsup"}))),
        ("uninstalled", envelope("Ev0BAD00003", json!({"type": "app_uninstalled"}))),
        ("tokens revoked", envelope("Ev0BAD00004", json!({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [BOT]}}))),
    ] {
        assert_eq!(post_event(&app, &body).await.status(), 200, "{case}");
    }
    let now = app.clock.now_unix();
    let stale = app
        .post_with_headers(
            "/slack/events",
            &good,
            JSON,
            &(now - 600).to_string(),
            &sign(SIGNING_SECRET, now - 600, good.as_bytes()),
        )
        .await;
    assert_eq!(stale.status(), 401);
    let tampered = good.replace("burnout", "metrics");
    let resp = app
        .post_with_headers(
            "/slack/events",
            &tampered,
            JSON,
            &now.to_string(),
            &sign(SIGNING_SECRET, now, good.as_bytes()),
        )
        .await;
    assert_eq!(resp.status(), 401);
    let huge = envelope(
        "Ev0BAD00005",
        direct_message(&"burnout ".repeat(140_000), "1795428000.001500"),
    );
    assert_eq!(post_event(&app, &huge).await.status(), 413);

    assert!(app.settled("/api/").await.is_empty(), "nothing was sent");
    assert_eq!(
        store::events::count(&app.state.db).await.unwrap(),
        2,
        "only the two lifecycle events were recorded"
    );
}
