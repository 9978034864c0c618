//! `mops-bot serve` as a real process: started against the fake Slack with its logs read as
//! they come (at trace level they would soon fill the pipe and stall it), asked over HTTP
//! with signed requests, then stopped with SIGTERM.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use mops_bot::slack::verify::sign;

use super::{SECRET, TOKEN, bin, run};
use crate::fake_slack::FakeSlack;

/// A running `serve`.
pub(crate) struct Served {
    child: Child,
    logs: std::thread::JoinHandle<String>,
    pub client: reqwest::Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `127.0.0.1:PORT`, as `MOPS_LISTEN` names it.
    pub listen: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("a free port")
        .port()
}

/// Starts `serve` in `dir` with the signing secret, `slack` and `vars`, logging JSON at
/// trace level, and waits (up to 20 s) until `/healthz` answers.
pub(crate) async fn serve(
    dir: &tempfile::TempDir,
    slack: &FakeSlack,
    vars: &[(&str, &str)],
) -> Served {
    let listen = format!("127.0.0.1:{}", free_port());
    let mut cmd = bin(dir);
    cmd.arg("serve")
        .env("SLACK_SIGNING_SECRET", SECRET)
        .env("SLACK_API_URL", slack.api_url())
        .env("MOPS_LISTEN", &listen)
        .env("RUST_LOG", "trace")
        .env("MOPS_LOG_FORMAT", "json")
        .envs(vars.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null());
    let mut child = cmd.spawn().expect("serve starts");
    let mut stderr = child.stderr.take().expect("piped");
    let logs = std::thread::spawn(move || {
        let mut logs = String::new();
        let _ = stderr.read_to_string(&mut logs);
        logs
    });
    let served = Served {
        child,
        logs,
        client: reqwest::Client::new(),
        base: format!("http://{listen}"),
        listen,
    };
    let started = Instant::now();
    while served
        .client
        .get(format!("{}/healthz", served.base))
        .send()
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not come up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    served
}

/// A slash-command form for `/mops {text}` replying to `response_url`.
pub(crate) fn command(text: &str, response_url: &str) -> String {
    serde_urlencoded::to_string([
        ("team_id", "T0001"),
        ("channel_id", "C0001"),
        ("user_id", "U0001"),
        ("command", "/mops"),
        ("text", text),
        ("response_url", response_url),
    ])
    .expect("form encodes")
}

impl Served {
    /// POSTs `body` to `path`, signed now as Slack would.
    pub async fn signed(&self, path: &str, body: String, content_type: &str) -> reqwest::Response {
        let ts = jiff::Timestamp::now().as_second();
        self.client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts.to_string())
            .header("x-slack-signature", sign(SECRET, ts, body.as_bytes()))
            .body(body)
            .send()
            .await
            .expect("serve answers")
    }

    /// Stops it with SIGTERM and waits (up to 15 s): how it exited, and everything it logged.
    pub async fn stop(self) -> (ExitStatus, String) {
        let Served {
            mut child, logs, ..
        } = self;
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let exit = tokio::task::spawn_blocking(move || {
            let status = child.wait().expect("serve exits");
            (status, logs.join().expect("logs are text"))
        });
        tokio::time::timeout(Duration::from_secs(15), exit)
            .await
            .expect("stops promptly")
            .expect("joined")
    }
}

#[tokio::test]
async fn serve_answers_then_stops_on_sigterm_without_logging_secrets() {
    let slack = FakeSlack::start().await;
    let dir = tempfile::tempdir().unwrap();
    let served = serve(&dir, &slack, &[("SLACK_BOT_TOKEN", TOKEN)]).await;
    let response_url = format!("{}/response/cli/1", slack.base());
    let body = command("advice burnout", &response_url);
    let resp = served
        .signed("/slack/commands", body, "application/x-www-form-urlencoded")
        .await;
    assert_eq!(resp.status(), 200);
    let request_id = resp.headers()["x-request-id"]
        .to_str()
        .expect("a plain id")
        .to_owned();
    slack.wait_for("/response/cli/1", 1).await;

    let listen = served.listen.clone();
    let (out, stdout, _) = run(bin(&dir).arg("health").env("MOPS_LISTEN", &listen));
    assert!(
        out.status.success(),
        "health sees the running bot: {stdout}"
    );
    let (out, stdout, _) = run(bin(&dir)
        .args(["health", "--ready"])
        .env("MOPS_LISTEN", &listen));
    assert!(out.status.success(), "and it is ready: {stdout}");

    let (status, logs) = served.stop().await;
    assert!(status.success(), "clean exit on SIGTERM: {logs}");
    assert!(
        logs.contains("\"team\":\"T0001\""),
        "request spans carry the team: {logs}"
    );
    assert!(
        !logs.contains(SECRET) && !logs.contains(TOKEN),
        "no secret in the logs"
    );
    assert!(logs.contains("shutting down"), "{logs}");
    // One search for the request id finds the background reply too.
    let reply_line = logs
        .lines()
        .find(|l| l.contains("\"message\":\"replied\""))
        .unwrap_or_else(|| panic!("the reply is logged: {logs}"));
    assert!(
        reply_line.contains(&format!("\"request_id\":\"{request_id}\"")),
        "the reply's log line carries the request id {request_id}: {reply_line}"
    );
    let (out, stdout, _) = run(bin(&dir).arg("health").env("MOPS_LISTEN", &listen));
    assert_eq!(
        out.status.code(),
        Some(1),
        "health notices the bot is gone: {stdout}"
    );
}
