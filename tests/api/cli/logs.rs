//! What the running binary writes to its logs, at the most verbose level: never what people
//! typed, never an OAuth code, a forged line through the OAuth `error` parameter, or one line
//! per request of an unsigned flood.

use serde_json::json;

use super::serve::{command, serve};
use crate::fake_slack::FakeSlack;

const TYPED: &str = "zanzibarcanary";
const DM_TYPED: &str = "quetzalcanary";
const CODE: &str = "4724469134.oauthcodecanary";
const FORGED: &str = "FORGED-LOG-LINE";

#[tokio::test]
async fn serve_logs_no_typed_text_no_oauth_code_no_forged_line_and_a_bounded_flood() {
    let slack = FakeSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    let served = serve(
        &dir,
        &slack,
        &[
            ("SLACK_CLIENT_ID", "4724469134.4644010092847"),
            ("SLACK_CLIENT_SECRET", "3ee6a0bc5f9b1bd8b2d9e9bbd6bf1d8e"),
            ("MOPS_PUBLIC_URL", "https://mops.example.com"),
            (
                "MOPS_ENCRYPTION_KEY",
                "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
            ),
        ],
    )
    .await;
    let (client, base) = (served.client.clone(), served.base.clone());

    let response_url = format!("{}/response/logs/1", slack.base());
    let body = command(&format!("advice burnout {TYPED}"), &response_url);
    let resp = served
        .signed("/slack/commands", body, "application/x-www-form-urlencoded")
        .await;
    assert_eq!(resp.status(), 200);
    slack.wait_for("/response/logs/1", 1).await;

    let dm = json!({
        "type": "event_callback", "team_id": "T0001", "api_app_id": "A0MOPSBOT",
        "event_id": "Ev0LOGS0001", "event_time": 1_795_428_000,
        "event": {"type": "message", "channel_type": "im", "channel": "D0001", "user": "U0001",
                  "text": format!("burnout {DM_TYPED}"), "ts": "1795428000.000100"}
    });
    let resp = served
        .signed("/slack/events", dm.to_string(), "application/json")
        .await;
    assert_eq!(resp.status(), 200);

    let forged = format!("access_denied%0A%7B%22level%22%3A%22ERROR%22%7D%20{FORGED}%1b%5B31m");
    for query in [
        format!("error={forged}"),
        format!("code={CODE}&state=not-issued"),
    ] {
        let page = client
            .get(format!("{base}/slack/oauth_redirect?{query}"))
            .send()
            .await
            .unwrap();
        assert!(page.status().is_success() || page.status().is_client_error());
    }

    for n in 0..300 {
        let resp = client
            .post(format!("{base}/slack/commands"))
            .body(format!("text=flood{n}"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
    }

    let (_, logs) = served.stop().await;
    for secret in [TYPED, DM_TYPED, CODE, "oauthcodecanary", FORGED] {
        assert!(!logs.contains(secret), "{secret} is in the logs");
    }
    assert!(
        logs.contains("access_denied"),
        "the sanitised error is logged"
    );
    let refusals = logs
        .lines()
        .filter(|l| l.contains("refused a request with a bad signature"))
        .count();
    assert!(
        (1..=10).contains(&refusals),
        "{refusals} lines for 300 refusals"
    );
}
