//! A replica killed with SIGKILL in the middle of a fan-out: the real binary's `run-due`, run
//! as a process beside a serving replica on the same database.

use std::process::Stdio;
use std::time::Duration;

use serde_json::json;
use tokio::process::Command;

use crate::fake_slack::Scripted;
use crate::helpers::{BOT_TOKEN, TestApp, spawn_app};
use crate::nudges::{POST, posts_to, subscribe};
use crate::test_db::database_url;

const CHANNELS: [&str; 5] = ["C0K001", "C0K002", "C0K003", "C0K004", "C0K005"];

/// `mops-bot nudges run-due --now <now>` on the app's database, one delivery at a time.
fn run_due(app: &TestApp, now: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mops-bot"));
    cmd.args(["nudges", "run-due", "--now", now])
        .env_clear()
        .current_dir(app.db_dir.path())
        .env("DATABASE_URL", database_url(app.db_dir.path()))
        .env("SLACK_API_URL", app.slack.api_url())
        .env("SLACK_BOT_TOKEN", BOT_TOKEN)
        .env("MOPS_NUDGE_CONCURRENCY", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[tokio::test]
async fn a_replica_killed_mid_fan_out_loses_nothing_and_never_double_posts() {
    let app = spawn_app().await;
    for channel in CHANNELS {
        subscribe(&app, channel, "on").await;
    }
    let ok = || Scripted::ok(json!({"ok": true, "ts": "1700000000.000200"}));
    app.slack.script(POST, ok());
    app.slack.script(POST, ok());
    app.slack
        .script(POST, ok().delayed(Duration::from_secs(60)));
    let mut doomed = run_due(&app, "2026-11-23T14:00:00Z")
        .kill_on_drop(true)
        .spawn()
        .expect("run-due starts");
    // Two posts answered, the third in flight: SIGKILL now.
    let arrived = app.slack.wait_for(POST, 3).await;
    doomed.start_kill().expect("SIGKILL sent");
    let status = doomed.wait().await.expect("reaped");
    assert!(!status.success(), "killed: {status:?}");
    let in_flight = arrived[2].json()["channel"]
        .as_str()
        .expect("a channel")
        .to_owned();

    // Another replica's run once the dead claim's lease is over delivers the rest and does
    // not post the one in flight again.
    let rerun = run_due(&app, "2026-11-23T14:03:00Z")
        .output()
        .await
        .expect("run-due runs");
    let summary = String::from_utf8_lossy(&rerun.stdout).into_owned();
    assert!(rerun.status.success(), "{summary} {rerun:?}");
    assert!(summary.contains("2 sent"), "{summary}");
    assert!(summary.contains(&in_flight), "{summary}");
    for channel in CHANNELS {
        assert_eq!(
            posts_to(&app, channel).len(),
            1,
            "{channel}: exactly one post"
        );
    }
}
