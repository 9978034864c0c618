//! Uninstalling the app stops the workspace's nudges, in single-workspace mode too.

use std::time::Duration;

use serde_json::json;

use super::{posts, reply, run_at, shown, subscribe};
use crate::events::{JSON, envelope};
use crate::helpers::{CHANNEL, spawn_app};

#[tokio::test]
async fn app_uninstalled_stops_nudges_and_status_says_why() {
    let app = spawn_app().await;
    subscribe(&app, CHANNEL, "on").await;
    let event = envelope("Ev0UNINSTAL1", json!({ "type": "app_uninstalled" }));
    let resp = app.post_signed("/slack/events", &event, JSON).await;
    assert_eq!(resp.status(), 200);

    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let status = shown(&reply(&app, "nudge status").await);
        if status.contains("*Stopped*") {
            assert!(
                status.contains("Reinstall the app") && status.contains("app_uninstalled"),
                "{status}"
            );
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never stopped: {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let report = run_at(&app, "2026-11-23T14:00:00Z").await;
    assert!(report.handled.is_empty(), "{report:?}");
    assert!(posts(&app).is_empty(), "no nudge after an uninstall");
}
