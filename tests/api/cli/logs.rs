//! What the running binary writes to its logs, at the most verbose level: never what people
//! typed, never an OAuth code, a forged line through the OAuth `error` parameter, or one line
//! per request of an unsigned flood.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mops_bot::slack::verify::sign;
use serde_json::json;

use super::{SECRET, bin, free_port};
use crate::fake_slack::FakeSlack;

const TYPED: &str = "zanzibarcanary";
const DM_TYPED: &str = "quetzalcanary";
const CODE: &str = "4724469134.oauthcodecanary";
const FORGED: &str = "FORGED-LOG-LINE";

#[tokio::test]
async fn serve_logs_no_typed_text_no_oauth_code_no_forged_line_and_a_bounded_flood() {
    let slack = FakeSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = bin(&dir)
        .arg("serve")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_CLIENT_ID", "4724469134.4644010092847")
        .env("SLACK_CLIENT_SECRET", "3ee6a0bc5f9b1bd8b2d9e9bbd6bf1d8e")
        .env("MOPS_PUBLIC_URL", "https://mops.example.com")
        .env(
            "MOPS_ENCRYPTION_KEY",
            "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
        )
        .env("SLACK_API_URL", slack.api_url())
        .env("MOPS_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "trace")
        .env("MOPS_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("serve starts");
    // Read the logs as they come: at trace level they would soon fill the pipe and stall serve.
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut logs = String::new();
        let _ = stderr.read_to_string(&mut logs);
        logs
    });
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not come up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let signed = |path: &str, body: String, content_type: &'static str| {
        let ts = jiff::Timestamp::now().as_second();
        client
            .post(format!("{base}{path}"))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(SECRET, ts, body.as_bytes()))
            .body(body)
            .send()
    };

    let response_url = format!("{}/response/logs/1", slack.base());
    let command = serde_urlencoded::to_string([
        ("team_id", "T0001"),
        ("channel_id", "C0001"),
        ("user_id", "U0001"),
        ("command", "/mops"),
        ("text", &format!("advice burnout {TYPED}")),
        ("response_url", response_url.as_str()),
    ])
    .unwrap();
    let resp = signed(
        "/slack/commands",
        command,
        "application/x-www-form-urlencoded",
    )
    .await;
    assert_eq!(resp.unwrap().status(), 200);
    slack.wait_for("/response/logs/1", 1).await;

    let dm = json!({
        "type": "event_callback", "team_id": "T0001", "api_app_id": "A0MOPSBOT",
        "event_id": "Ev0LOGS0001", "event_time": 1_795_428_000,
        "event": {"type": "message", "channel_type": "im", "channel": "D0001", "user": "U0001",
                  "text": format!("burnout {DM_TYPED}"), "ts": "1795428000.000100"}
    });
    let resp = signed("/slack/events", dm.to_string(), "application/json").await;
    assert_eq!(resp.unwrap().status(), 200);

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

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let logs = tokio::task::spawn_blocking(move || {
        child.wait().expect("serve exits");
        reader.join().expect("logs are text")
    });
    let logs = tokio::time::timeout(Duration::from_secs(15), logs)
        .await
        .expect("stops promptly")
        .unwrap();
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
