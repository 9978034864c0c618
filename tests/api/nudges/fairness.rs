//! One workspace never holds back the others' nudges: not with many channels whose posts Slack
//! answers slowly (`MOPS_NUDGE_WORKSPACE_CONCURRENCY`), nor while its token is being
//! refreshed (token look-ups wait only for their own workspace).

use mops_bot::bot::nudges::scheduler::run_due;
use serde_json::json;

use super::tokens::{OAUTH, second_pair};
use super::{POST, at, subscribe_elsewhere};
use crate::fake_slack::{Gate, Scripted};
use crate::helpers::spawn_app_with;
use crate::install_helpers::{install, posted_with, spawn_oauth_app};

const SLOT: &str = "2026-11-23T14:00:00Z";

#[tokio::test]
async fn a_workspace_with_many_slow_channels_cannot_crowd_out_the_others() {
    let app = spawn_app_with(|c| {
        c.nudges.concurrency = 4;
        c.nudges.workspace_concurrency = 2;
        c.nudges.workspace_rate = 1000.0;
    })
    .await;
    // Slack holds every answer to the crowded workspace's ten channels, each until its gate opens.
    let gates: Vec<Gate> = (0..10).map(|_| Gate::new()).collect();
    for (i, gate) in gates.iter().enumerate() {
        let channel = format!("C0BUSY{i:02}");
        subscribe_elsewhere(&app, "T0BUSY", None, &channel).await;
        let answer =
            json!({ "ok": true, "channel": channel, "ts": format!("1795442400.0000{i:02}") });
        app.slack
            .script_for_channel(POST, &channel, Scripted::ok(answer).held(gate));
    }
    let others = ["T0002", "T0003", "T0004", "T0005"];
    for team in others {
        subscribe_elsewhere(&app, team, None, &format!("C0{team}")).await;
    }

    app.clock.set(at(SLOT));
    let state = app.state.clone();
    let run = tokio::spawn(async move { run_due(&state, at(SLOT)).await });
    let channels = |n| {
        let app = &app;
        async move {
            let posted: Vec<String> = app
                .slack
                .wait_for(POST, n)
                .await
                .iter()
                .map(|r| r.json()["channel"].as_str().unwrap_or_default().to_owned())
                .collect();
            posted
        }
    };
    // Its first post goes alone; the other workspaces are not held up by its silence.
    let posted = channels(5).await;
    let crowded: Vec<&String> = posted.iter().filter(|c| c.starts_with("C0BUSY")).collect();
    assert_eq!(crowded.len(), 1, "one post until Slack answers: {posted:?}");
    for team in others {
        assert!(posted.contains(&format!("C0{team}")), "{team}: {posted:?}");
    }

    // Once that answer is in, two of its posts are in flight at most.
    let first: usize = crowded[0]["C0BUSY".len()..].parse().expect("index");
    gates[first].open();
    let posted = channels(7).await;
    let crowded = posted.iter().filter(|c| c.starts_with("C0BUSY")).count();
    assert_eq!(crowded, 3, "the first, then two in flight: {posted:?}");

    for gate in &gates {
        gate.open();
    }
    let report = run.await.expect("the run ends");
    assert_eq!(report.sent(), 14, "{}", report.summary());
}

#[tokio::test]
async fn a_workspace_waiting_on_its_token_refresh_holds_back_no_other_workspace() {
    let app = spawn_oauth_app().await;
    // Northwind's rotating token expires at 13:30, so the run refreshes it first; Initech's
    // token does not expire.
    let rotating = Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first")
        .rotating("xoxe-1-first", 3 * 3600 + 1800);
    install(&app, rotating).await;
    install(&app, Scripted::grant("T0003", "Initech", "xoxb-initech")).await;
    subscribe_elsewhere(&app, "T0002", None, "C0T0002").await;
    subscribe_elsewhere(&app, "T0003", None, "C0T0003").await;
    let refresh = Gate::new();
    app.slack.script(OAUTH, second_pair().held(&refresh));

    app.clock.set(at(SLOT));
    let state = app.state.clone();
    let run = tokio::spawn(async move { run_due(&state, at(SLOT)).await });
    app.slack.wait_for(OAUTH, 3).await;
    let first = app.slack.wait_for(POST, 1).await;
    assert_eq!(
        first[0].json()["channel"],
        "C0T0003",
        "Initech is nudged while Northwind's refresh is pending"
    );
    refresh.open();
    let report = run.await.expect("the run ends");
    assert_eq!(report.sent(), 2, "{}", report.summary());
    assert_eq!(
        posted_with(&app),
        [
            ("C0T0003".to_owned(), "Bearer xoxb-initech".to_owned()),
            ("C0T0002".to_owned(), "Bearer xoxe.xoxb-second".to_owned())
        ]
    );
}
