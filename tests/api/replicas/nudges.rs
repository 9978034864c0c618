//! The nudge scheduler running in every replica at once: each channel gets one post a week,
//! and the rotation carries on as with one process.

use std::collections::HashSet;
use std::time::Duration;

use crate::helpers::{TestApp, spawn_replicas};
use crate::nudges::{POST, at, nudge_id, posts, posts_to, subscribe};
use mops_bot::nudges::scheduler::run_due;

const CHANNELS: [&str; 9] = [
    "C0R000", "C0R001", "C0R002", "C0R003", "C0R004", "C0R005", "C0R006", "C0R007", "C0R008",
];

/// Moves every replica's clock to `instant`, waits for their loops to post `total` messages in
/// all, then has every replica run once more at once: none of them may post again.
async fn week(r: &[TestApp], instant: &str, total: usize) {
    for app in r {
        app.clock.set(at(instant));
    }
    r[0].slack.wait_for(POST, total).await;
    let again =
        futures_util::future::join_all(r.iter().map(|app| run_due(&app.state, at(instant))));
    for report in again.await {
        assert_eq!(report.sent(), 0, "{}", report.summary());
    }
    assert_eq!(posts(&r[0]).len(), total);
}

#[tokio::test]
async fn schedulers_in_every_replica_post_each_channel_once_a_week_in_rotation() {
    let mut r = spawn_replicas(3, |c| {
        c.nudges.interval = Some(Duration::from_millis(40));
        c.nudges.workspace_rate = 200.0;
    })
    .await;
    for (i, channel) in CHANNELS.iter().enumerate() {
        subscribe(&r[i % r.len()], channel, "on").await;
    }
    week(&r, "2026-11-23T14:00:00Z", CHANNELS.len()).await;
    week(&r, "2026-11-30T14:00:00Z", 2 * CHANNELS.len()).await;
    week(&r, "2026-12-07T14:00:00Z", 3 * CHANNELS.len()).await;
    for app in &mut r {
        app.stop().await;
    }
    for channel in CHANNELS {
        let sent = posts_to(&r[0], channel);
        assert_eq!(sent.len(), 3, "{channel}: one a week");
        let distinct: HashSet<String> = sent.iter().map(nudge_id).collect();
        assert_eq!(distinct.len(), 3, "{channel}: no repeats within a cycle");
    }
}
