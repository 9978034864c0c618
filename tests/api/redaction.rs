//! What people typed, and the capability URLs and triggers Slack hands out, never show in the
//! `Debug` of the payloads the bot reads (any log line or error that prints one), while the
//! bot itself still gets the text.

use mops_bot::slack::command::SlashCommand;
use mops_bot::slack::envelope::{self, Event};
use mops_bot::slack::interaction::{self, Interaction};
use mops_bot::worklog::parse::{LogCommand, parse};

use crate::events::{direct_message, envelope};
use crate::helpers::{TestApp, spawn_app};
use crate::replay::fixture;

const SAID: &str = "my manager Priya keeps piling weekend work on me";

fn assert_hidden(shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret:?} shows in {shown}");
    }
}

#[tokio::test]
async fn a_commands_text_response_url_and_trigger_stay_out_of_its_debug() {
    let app: TestApp = spawn_app().await;
    let url = app.response_url();
    let body = app.command_body(SAID, &url);
    let command = SlashCommand::from_form(body.as_bytes()).expect("a valid command");
    assert_eq!(command.text.as_str(), SAID, "the bot still reads it");
    let shown = format!("{command:?}");
    assert_hidden(&shown, &["Priya", "weekend", &url, "8088930838d88f008e0"]);
    assert!(shown.contains("characters typed"), "{shown}");
}

#[test]
fn a_messages_text_stays_out_of_the_events_debug() {
    let raw = envelope("Ev0REDACT1", direct_message(SAID, "1795428000.000100"));
    let callback = envelope::parse(&serde_json::from_str(&raw).expect("json")).expect("reads");
    match &callback.event {
        Event::Message { text, .. } => assert_eq!(text.as_str(), SAID),
        other => panic!("{other:?}"),
    }
    assert_hidden(&format!("{callback:?}"), &["Priya", "weekend"]);
}

#[test]
fn a_clicks_response_url_and_trigger_stay_out_of_its_debug() {
    let url = "https://hooks.slack.com/actions/T0001/5555/secret-hook-path";
    let raw =
        fixture("interactions/block_actions_ephemeral_share.json").replace("RESPONSE_URL", url);
    let read = interaction::parse(&serde_json::from_str(&raw).expect("json")).expect("reads");
    let Interaction::BlockActions { origin, .. } = &read else {
        panic!("{read:?}")
    };
    assert_eq!(
        origin.response_url.as_ref().map(url::Url::as_str),
        Some(url)
    );
    assert_hidden(
        &format!("{read:?}"),
        &["secret-hook-path", "8088930838d88f008e0"],
    );
}

#[test]
fn a_work_log_line_stays_out_of_its_debug() {
    let Ok(LogCommand::Add(entry)) = parse("2h calmed Priya down after the weekend launch") else {
        panic!("a valid line")
    };
    assert!(entry.what.contains("Priya"), "the bot still reads it");
    assert_hidden(&format!("{entry:?}"), &["Priya", "weekend", "launch"]);
}
