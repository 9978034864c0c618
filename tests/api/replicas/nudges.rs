//! The nudge scheduler running in every replica at once: each channel gets one post a week,
//! and the rotation carries on as with one process.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use mops_bot::slack::ids::{ChannelId, TeamId, UserId};
use mops_bot::store::subscriptions::{self, NewSubscription};

use crate::helpers::{TEAM, TestApp, USER, spawn_replicas};
use crate::nudges::{POST, at, nudge_id, posts, posts_to, subscribe};
use mops_bot::bot::nudges::scheduler::run_due;

const SLOT: &str = "2026-11-23T14:00:00Z";
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
    week(&r, SLOT, CHANNELS.len()).await;
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

#[tokio::test]
async fn a_workspace_rate_holds_across_replicas() {
    // 5 messages a second to a workspace: one every 200 ms, whichever replica sends.
    let r = spawn_replicas(2, |c| c.nudges.workspace_rate = 5.0).await;
    for channel in &CHANNELS[..6] {
        subscribe(&r[0], channel, "on").await;
    }
    for app in &r {
        app.clock.set(at(SLOT));
    }
    let started = Instant::now();
    let first = tokio::spawn({
        let state = r[0].state.clone();
        async move { run_due(&state, at(SLOT)).await }
    });
    // While the first replica works through its backlog, a channel of the same workspace
    // that falls due earlier is delivered by the other replica: it waits its turn too.
    r[0].slack.wait_for(POST, 1).await;
    let late = ChannelId::parse("C0R100").expect("id");
    let new = NewSubscription {
        team: &TeamId::parse(TEAM).expect("id"),
        channel: &late,
        weekday: 1,
        minute_of_day: 8 * 60 + 59,
        time_zone: "America/New_York",
        next_slot: at("2026-11-23T13:59:00Z"),
        created_by: &UserId::parse(USER).expect("id"),
    };
    subscriptions::upsert(&r[1].state.db, &new, at(SLOT))
        .await
        .expect("subscribed");
    let second = run_due(&r[1].state, at(SLOT)).await;
    let first = first.await.expect("first run");
    assert_eq!(
        first.sent() + second.sent(),
        7,
        "{}\n{}",
        first.summary(),
        second.summary()
    );
    // Every message waits for a sending instant of its own, reserved in the database at least
    // 200 ms after the previous one, so the k-th post cannot arrive before k-1 intervals have
    // passed (a post may arrive later than its instant, never earlier).
    let mut arrivals: Vec<Duration> = r[0]
        .slack
        .received(POST)
        .iter()
        .map(|p| p.at - started)
        .collect();
    arrivals.sort();
    let early: Vec<(usize, Duration)> = arrivals
        .iter()
        .copied()
        .enumerate()
        .filter(|(k, at)| *at + Duration::from_millis(5) < Duration::from_millis(200) * *k as u32)
        .collect();
    assert!(
        early.is_empty(),
        "posts to one workspace faster than its rate allows: {early:?} of {arrivals:?}"
    );
}
