//! Changing a channel's day, time or time zone never brings its next nudge less than six
//! days after the last one, even when the new slot falls in another week.

use super::{at, posts, run_at, shown, subscribe};
use crate::helpers::{CHANNEL, spawn_app};

/// `/mops nudge {args}` at `instant`, returning what the confirmation shows.
async fn change_at(app: &crate::helpers::TestApp, instant: &str, args: &str) -> String {
    app.clock.set(at(instant));
    shown(&subscribe(app, CHANNEL, args).await)
}

#[tokio::test]
async fn a_new_day_or_time_zone_never_brings_two_nudges_less_than_six_days_apart() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on sun 9:00am UTC").await;
    let sunday = run_at(&app, "2026-11-29T09:00:00Z").await;
    assert_eq!(sunday.sent(), 1, "{}", sunday.summary());

    // Monday 08:00 in Kiritimati (UTC+14) is 9 hours after Sunday's nudge, in the next ISO week.
    let moved = change_at(
        &app,
        "2026-11-29T10:00:00Z",
        "on mon 8:00am Pacific/Kiritimati",
    )
    .await;
    assert!(moved.contains("Monday 7 December 2026 at 08:00"), "{moved}");
    let nine_hours_later = run_at(&app, "2026-11-29T18:00:00Z").await;
    assert!(
        nine_hours_later.handled.is_empty(),
        "{}",
        nine_hours_later.summary()
    );

    // Back to UTC, Monday 09:00: a day after Sunday's nudge.
    let moved = change_at(&app, "2026-11-29T19:00:00Z", "on mon 9:00am UTC").await;
    assert!(moved.contains("Monday 7 December 2026 at 09:00"), "{moved}");
    let next_day = run_at(&app, "2026-11-30T09:00:00Z").await;
    assert!(next_day.handled.is_empty(), "{}", next_day.summary());
    assert_eq!(posts(&app).len(), 1);

    let a_week_later = run_at(&app, "2026-12-07T09:00:00Z").await;
    assert_eq!(a_week_later.sent(), 1, "{}", a_week_later.summary());
    assert_eq!(posts(&app).len(), 2);
}
