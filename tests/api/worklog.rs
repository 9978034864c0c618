//! The private work log end to end through `/slack/commands` and `/slack/interactions`:
//! entries in several formats, the week and summary, export by DM, undo, clear with its
//! button, corrections, the cap, retention through `run_due`, and that nobody but the
//! author ever reads an entry.

mod privacy;

use mops_bot::bot::nudges::scheduler::run_due;
use mops_bot::clock::Clock;
use mops_bot::slack::ids::{TeamId, UserId};
use mops_bot::store::worklog::{self, Owner};
use serde_json::{Value, json};

use crate::helpers::{CHANNEL, TEAM, TestApp, USER, spawn_app, spawn_app_with};

const FORM: &str = "application/x-www-form-urlencoded";

/// `/mops {text}` as `user`, waiting for the reply.
pub async fn reply_as(app: &TestApp, user: &str, text: &str) -> Value {
    let url = app.response_url();
    let body = app
        .command_body(text, &url)
        .replace(&format!("user_id={USER}"), &format!("user_id={user}"));
    let resp = app.post_signed("/slack/commands", &body, FORM).await;
    assert_eq!(resp.status(), 200);
    app.slack.wait_for(&app.path_of(&url), 1).await[0].json()
}

/// The reply's text and blocks, as one string.
pub fn shown(message: &Value) -> String {
    format!("{} {}", message["text"], message["blocks"])
}

/// Clicks `action_id`/`value` on an ephemeral message as `user`; returns the reply.
pub async fn click_as(app: &TestApp, user: &str, action_id: &str, value: &str) -> Value {
    let url = app.response_url();
    let payload = json!({
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM},
        "team": {"id": TEAM, "domain": "mops-example"},
        "api_app_id": "A0MOPSBOT",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "container": {"type": "message", "message_ts": "1795428000.000100",
                      "channel_id": CHANNEL, "is_ephemeral": true},
        "channel": {"id": CHANNEL, "name": "marketing-ops"},
        "response_url": url,
        "actions": [{"action_id": action_id, "block_id": "worklog_clear", "value": value,
                     "type": "button", "action_ts": "1795428100.123456"}]
    });
    let form = serde_urlencoded::to_string([("payload", payload.to_string())]).expect("form");
    let resp = app.post_signed("/slack/interactions", &form, FORM).await;
    assert_eq!(resp.status(), 200);
    app.slack.wait_for(&app.path_of(&url), 1).await[0].json()
}

pub async fn count(app: &TestApp, user: &str) -> i64 {
    let team = TeamId::parse(TEAM).expect("team id");
    let user = UserId::parse(user).expect("user id");
    let owner = Owner {
        team: &team,
        user: &user,
    };
    worklog::count(&app.state.db, owner).await.expect("count")
}

/// Logs the four entries most tests start from (6h45 in all, 4h30 for sales and IT).
pub async fn log_four(app: &TestApp, user: &str) {
    for line in [
        "log 3h salesforce admin for sales",
        "log 45m fixed the webinar sync",
        "log 1.5 hours attribution report for marketing",
        "log 1h30 lead routing for IT",
    ] {
        let reply = reply_as(app, user, line).await;
        assert_eq!(reply["response_type"], "ephemeral", "{reply}");
        assert!(shown(&reply).contains("Logged"), "{line}: {reply}");
    }
}

#[tokio::test]
async fn entries_in_several_formats_are_stored_and_summarised() {
    let app = spawn_app().await;
    log_four(&app, USER).await;
    assert_eq!(count(&app, USER).await, 4);

    let summary = reply_as(&app, USER, "log summary").await;
    let text = shown(&summary);
    assert_eq!(summary["response_type"], "ephemeral");
    assert!(text.contains("*6h45* over 4 entries"), "{text}");
    assert!(text.contains("*Outside your role:* 4h30 (67%)"), "{text}");
    assert!(text.contains("Platform admin: *3h* (44%)"), "{text}");
    assert!(text.contains("Fixes & support: *45m*"), "{text}");
    assert!(text.contains("Lead management: *1h30*"), "{text}");
    assert!(
        text.contains("sales: *3h*") && text.contains("_not said_: *45m*"),
        "{text}"
    );
    assert!(
        text.contains("Over the last 4 weeks I logged 6h45 of work across 4 entries"),
        "ready to paste: {text}"
    );

    // The week, in the person's Slack time zone (the fake says America/New_York): entries
    // at 10:00 UTC on Monday show as 05:00.
    let week = shown(&reply_as(&app, USER, "log").await);
    assert!(
        week.contains("Mon 05:00") && week.contains("salesforce admin (for sales)"),
        "{week}"
    );
    assert!(week.contains("*Total:* 6h45 over 4 entries"), "{week}");
}

#[tokio::test]
async fn lines_it_cannot_read_are_corrected_and_nothing_is_stored() {
    let app = spawn_app().await;
    for (line, expected) in [
        ("log salesforce admin", "Start with how long"),
        ("log 3x salesforce admin", "I couldn't read '3x' as a time"),
        ("log 2h", "Add what you worked on"),
        ("log 30h migration", "more than a day"),
    ] {
        let text = shown(&reply_as(&app, USER, line).await);
        assert!(text.contains(expected), "{line}: {text}");
    }
    assert_eq!(count(&app, USER).await, 0);
}

#[tokio::test]
async fn what_people_typed_is_escaped_in_every_reply() {
    let app = spawn_app().await;
    let text = shown(&reply_as(&app, USER, "log 1h <!channel> cleanup & more for <@U0BOSS>").await);
    assert!(
        !text.contains("<!channel>") && text.contains("&lt;!channel&gt;"),
        "{text}"
    );
    let week = shown(&reply_as(&app, USER, "log").await);
    assert!(
        !week.contains("<!channel>") && !week.contains("<@U0BOSS>"),
        "{week}"
    );
    let summary = shown(&reply_as(&app, USER, "log summary").await);
    assert!(!summary.contains("<@U0BOSS>"), "{summary}");
}

#[tokio::test]
async fn undo_removes_only_the_last_entry() {
    let app = spawn_app().await;
    log_four(&app, USER).await;
    let text = shown(&reply_as(&app, USER, "log undo").await);
    assert!(
        text.contains("Removed your last entry: *1h30* lead routing (for it)"),
        "{text}"
    );
    assert_eq!(count(&app, USER).await, 3);
}

#[tokio::test]
async fn export_sends_the_csv_by_dm_and_clear_deletes_everything_after_the_button() {
    let app = spawn_app().await;
    log_four(&app, USER).await;
    reply_as(&app, USER, "log 10m =SUM(A1) <b> for sales").await;
    let reply = shown(&reply_as(&app, USER, "log export").await);
    assert!(
        reply.contains("Sent your work log (5 entries) to our DM"),
        "{reply}"
    );
    let dms = app.slack.received("/api/chat.postMessage");
    assert_eq!(dms.len(), 1, "one DM holds a small export");
    let dm = dms[0].json();
    assert_eq!(dm["channel"], USER, "sent to the person's DM");
    let csv = dm["blocks"].to_string();
    assert!(
        csv.contains("logged_at_utc,minutes,hours,what,kind,asked_by"),
        "{csv}"
    );
    assert!(
        csv.contains("2026-11-23 10:00,180,3.00,salesforce admin,Platform admin,sales"),
        "{csv}"
    );
    assert!(
        csv.contains("'=SUM(A1) &lt;b&gt;"),
        "formulas defused, text escaped: {csv}"
    );

    let confirm = reply_as(&app, USER, "log clear").await;
    assert!(
        shown(&confirm).contains("Delete all 5 entries"),
        "{confirm}"
    );
    assert_eq!(count(&app, USER).await, 5, "nothing goes before the click");
    let button = &confirm["blocks"][1]["elements"][0];
    assert_eq!(button["action_id"], "worklog_clear");
    let value = button["value"].as_str().unwrap().to_owned();
    let done = click_as(&app, USER, "worklog_clear", &value).await;
    assert!(shown(&done).contains("Deleted all 5 entries"), "{done}");
    assert_eq!(count(&app, USER).await, 0);
    let empty = shown(&reply_as(&app, USER, "log export").await);
    assert!(empty.contains("nothing to export"), "{empty}");
}

#[tokio::test]
async fn a_full_log_says_so_and_keeps_what_it_has() {
    let app = spawn_app_with(|c| c.worklog.max_entries = 2).await;
    reply_as(&app, USER, "log 1h a").await;
    reply_as(&app, USER, "log 1h b").await;
    let text = shown(&reply_as(&app, USER, "log 1h c").await);
    assert!(
        text.contains("Your work log is full: it holds 2 entries"),
        "{text}"
    );
    assert_eq!(count(&app, USER).await, 2);
}

#[tokio::test]
async fn retention_deletes_old_entries_on_the_periodic_run() {
    let app =
        spawn_app_with(|c| c.worklog.retention = std::time::Duration::from_secs(30 * 86_400)).await;
    reply_as(&app, USER, "log 2h old work").await;
    app.clock.advance(jiff::SignedDuration::from_hours(24 * 20));
    reply_as(&app, USER, "log 1h newer work").await;
    let day_29 = app
        .clock
        .now()
        .checked_add(jiff::SignedDuration::from_hours(24 * 9))
        .unwrap();
    assert_eq!(run_due(&app.state, day_29).await.log_entries_deleted, 0);
    assert_eq!(count(&app, USER).await, 2);
    let day_31 = app
        .clock
        .now()
        .checked_add(jiff::SignedDuration::from_hours(24 * 11))
        .unwrap();
    let report = run_due(&app.state, day_31).await;
    assert_eq!(report.log_entries_deleted, 1, "only the entry past 30 days");
    assert_eq!(count(&app, USER).await, 1);
}
