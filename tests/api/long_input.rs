//! Hostile-length input through the real endpoints: one enormous word in a command or a DM is
//! answered, and never holds up anyone else's request meanwhile.

use std::time::Duration;

use serde_json::json;

use crate::events::{JSON, envelope};
use crate::helpers::{TEAM, USER, spawn_app};

/// Far more than any answer needs even on a loaded machine, far less than the minutes such a
/// word once took to match.
const GENEROUS: Duration = Duration::from_secs(10);

/// `n` letters with no space: one word nobody could have meant.
fn one_word(n: usize) -> String {
    "abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(n)
        .collect()
}

#[tokio::test]
async fn commands_holding_a_3000_letter_word_are_answered_while_healthz_stays_up() {
    let app = spawn_app().await;
    let (first, first_reply) = app.command(&one_word(3_000)).await;
    let (second, second_reply) = app.command(&format!("advice {}", one_word(2_400))).await;
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );

    // Both replies are being worked out now; the bot must still answer everyone else.
    let health = tokio::time::timeout(
        GENEROUS,
        app.client.get(format!("{}/healthz", app.address)).send(),
    )
    .await
    .expect("healthz answers while the long commands are matched")
    .expect("healthz reachable");
    assert_eq!(health.status(), 200);

    for path in [first_reply, second_reply] {
        let reply = app.slack.wait_for(&path, 1).await[0].json();
        let text = reply["text"].as_str().unwrap_or_default();
        assert!(text.contains("not sure"), "a friendly answer: {reply}");
        assert!(text.len() < 2_000, "the word is not echoed whole");
    }
}

#[tokio::test]
async fn a_dm_of_40000_characters_is_answered() {
    let app = spawn_app().await;
    let mut text = String::from("I'm burnt out and my manager keeps adding work. ");
    text.push_str(&one_word(40_000 - text.len()));
    let event = json!({
        "type": "message",
        "text": text,
        "user": USER,
        "ts": "1795428000.000500",
        "team": TEAM,
        "channel": "D0DMUSER1",
        "event_ts": "1795428000.000500",
        "channel_type": "im"
    });
    let resp = app
        .post_signed("/slack/events", &envelope("Ev0LONG0001", event), JSON)
        .await;
    assert_eq!(resp.status(), 200);
    let posted = app.slack.wait_for("/api/chat.postMessage", 1).await[0].json();
    assert_eq!(posted["channel"], "D0DMUSER1");
    assert!(
        posted.to_string().contains("burnout"),
        "the question before the word is still read: {posted}"
    );
}
