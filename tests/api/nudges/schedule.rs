//! When nudges are posted: at the slot and not before, once per week, in local time across
//! daylight saving, late within the grace period only, and in rotation without repeats.

use std::collections::HashSet;
use std::time::Duration;

use mops_bot::bot::nudges::scheduler::Outcome;

use super::{nudge_id, posts, run_at, subscribe};
use crate::helpers::{CHANNEL, spawn_app, spawn_app_with};

#[tokio::test]
async fn one_post_at_the_slot_none_before_none_again_and_a_different_one_next_week() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;

    let before = run_at(&app, "2026-11-23T13:59:59Z").await;
    assert!(
        before.handled.is_empty() && posts(&app).is_empty(),
        "nothing before the slot"
    );

    let at_slot = run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(at_slot.sent(), 1, "{}", at_slot.summary());
    let first = posts(&app);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["channel"], CHANNEL);
    let text = first[0]["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("Weekly nudge: ") && text.contains("/mops advice "),
        "{text}"
    );
    let blocks = serde_json::to_string(&first[0]["blocks"]).unwrap();
    for button in [
        "nudge_more",
        "nudge_pause",
        "\"feedback_buttons\"",
        "\"context_actions\"",
    ] {
        assert!(blocks.contains(button), "{button} in {blocks}");
    }
    assert!(
        blocks.contains(&format!("\"value\":\"{CHANNEL}\"")),
        "pause names the channel"
    );

    let again = run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(again.sent(), 0);
    let later_that_day = run_at(&app, "2026-11-23T18:00:00Z").await;
    assert_eq!(later_that_day.sent(), 0);
    assert_eq!(posts(&app).len(), 1, "one post for the week");

    run_at(&app, "2026-11-30T14:00:00Z").await;
    let both = posts(&app);
    assert_eq!(both.len(), 2);
    assert_ne!(
        nudge_id(&both[0]),
        nudge_id(&both[1]),
        "a different nudge next week"
    );
}

#[tokio::test]
async fn daylight_saving_keeps_the_local_time_and_no_backlog_is_posted() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on monday 9am America/New_York").await;
    // Winter: 09:00 EST is 14:00 UTC.
    run_at(&app, "2026-11-23T13:59:00Z").await;
    assert!(posts(&app).is_empty());
    run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 1);

    // Down all winter; summer time began on 14 March 2027: 09:00 EDT is 13:00 UTC.
    let skipped = run_at(&app, "2027-03-15T12:59:00Z").await;
    assert_eq!(
        skipped
            .handled
            .iter()
            .map(|h| &h.outcome)
            .collect::<Vec<_>>(),
        vec![&Outcome::Missed],
        "the missed weeks are skipped, not posted"
    );
    assert_eq!(posts(&app).len(), 1);
    run_at(&app, "2027-03-15T13:00:00Z").await;
    assert_eq!(posts(&app).len(), 2, "posted at 09:00 EDT");
    run_at(&app, "2027-03-15T14:00:00Z").await;
    assert_eq!(posts(&app).len(), 2, "not again at the winter instant");
}

#[tokio::test]
async fn a_missed_slot_is_delivered_within_the_grace_period_and_skipped_after_it() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on monday 09:00 UTC").await;
    // Subscribed at 10:00 on 23 November, so the first slot is 30 November 09:00 UTC; the
    // default grace is six hours.
    run_at(&app, "2026-11-30T14:59:00Z").await;
    assert_eq!(posts(&app).len(), 1, "5h59 late is still delivered");
    let late = run_at(&app, "2026-12-07T15:01:00Z").await;
    assert_eq!(late.handled[0].outcome, Outcome::Missed);
    assert_eq!(posts(&app).len(), 1, "6h01 late is skipped");
    run_at(&app, "2026-12-14T09:00:00Z").await;
    assert_eq!(posts(&app).len(), 2, "the next week arrives as usual");

    let strict = spawn_app_with(|c| c.nudges.grace = Duration::from_secs(60)).await;
    subscribe(&strict, CHANNEL, "on monday 09:00 UTC").await;
    let report = run_at(&strict, "2026-11-30T09:02:00Z").await;
    assert_eq!(
        report.handled[0].outcome,
        Outcome::Missed,
        "MOPS_NUDGE_GRACE applies"
    );
    assert!(posts(&strict).is_empty());
}

#[tokio::test]
async fn a_channel_gets_every_channel_nudge_once_before_any_repeats_and_never_a_personal_one() {
    let app = spawn_app().await;
    let nudges = app.state.guide.library.nudges();
    let personal: HashSet<&str> = nudges
        .iter()
        .filter(|n| !n.suits_channel())
        .map(|n| n.id.as_str())
        .collect();
    assert!(
        !personal.is_empty(),
        "the library keeps some nudges out of channels"
    );
    let library = nudges.len() - personal.len();
    assert!(library >= 40, "most of a year of channel nudges");
    subscribe(&app, CHANNEL, "on monday 09:00 UTC").await;
    // Subscribed at 10:00 on Monday 23 November: the first slot is the next Monday.
    let first = super::at("2026-11-30T09:00:00Z");
    for week in 0..=library as i64 {
        let instant = first
            .checked_add(jiff::SignedDuration::from_hours(24 * 7 * week))
            .unwrap();
        let report = run_at(&app, &instant.to_string()).await;
        assert_eq!(report.sent(), 1, "week {week}: {}", report.summary());
    }
    let ids: Vec<String> = posts(&app).iter().map(nudge_id).collect();
    let distinct: HashSet<&String> = ids[..library].iter().collect();
    assert_eq!(distinct.len(), library, "no repeats within a cycle");
    assert!(
        ids.iter().all(|id| !personal.contains(id.as_str())),
        "no personal nudge reaches a channel: {ids:?}"
    );
    assert_eq!(
        ids[library], ids[0],
        "the next cycle starts over in the same order"
    );
}
