//! Real Slack payloads the bot once refused: a person's DM with a file attached, and an
//! org-level (Enterprise Grid) event without a `team_id`.

use crate::events::{envelope, post_event};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_persons_dm_with_a_file_is_answered_and_an_org_level_event_is_acknowledged() {
    let app = spawn_app().await;
    let mut dm = crate::events::direct_message("burnout", "1795428000.000200");
    dm["subtype"] = serde_json::json!("file_share");
    dm["files"] = serde_json::json!([{"id": "F0001", "name": "notes.txt", "mode": "hosted"}]);
    let resp = post_event(&app, &envelope("Ev0FILE0001", dm)).await;
    assert_eq!(resp.status(), 200);
    app.slack.wait_for("/api/chat.postMessage", 1).await;

    let org_level = serde_json::json!({
        "token": "XXYYZZ", "enterprise_id": "E0ORG0001", "api_app_id": "A0MOPSBOT",
        "type": "event_callback", "event_id": "Ev0ORG00001", "event_time": 1_795_428_000,
        "event": {"type": "app_uninstalled"}, "is_ext_shared_channel": false,
        "authorizations": [{"enterprise_id": "E0ORG0001", "team_id": null, "user_id": "UBOTMOPS",
                            "is_bot": true, "is_enterprise_install": true}]
    });
    let resp = post_event(&app, &org_level.to_string()).await;
    assert_eq!(resp.status(), 200, "no team_id, still read");
}
