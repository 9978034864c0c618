//! Spawns the real application on port 0 against a fake Slack, with a hand-moved clock and a
//! fresh database (SQLite, or a schema on PostgreSQL: see `test_db`), and signs requests the way Slack does.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use mops_bot::bot::state::AppState;
use mops_bot::clock::ManualClock;
use mops_bot::config::Config;
use mops_bot::slack::verify::sign;
use mops_bot::startup::Application;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::fake_slack::FakeSlack;
use crate::test_db::database_url;

pub const SIGNING_SECRET: &str = "test-signing-secret-8f742231b10e";
pub const BOT_TOKEN: &str = "xoxb-test-bot-token";
pub const TEAM: &str = "T0001";
pub const CHANNEL: &str = "C0001";
pub const USER: &str = "U0001";

/// 2026-11-23 (a Monday) at 10:00 UTC.
pub fn start_instant() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().expect("valid instant")
}

pub struct TestApp {
    pub address: String,
    pub slack: FakeSlack,
    pub clock: ManualClock,
    pub state: AppState,
    pub client: reqwest::Client,
    pub db_dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    responses: AtomicU32,
}

/// The settings every test app starts from; `customize` may change any of them.
pub fn test_config(slack: &FakeSlack, db_dir: &tempfile::TempDir) -> Config {
    let vars = [
        ("SLACK_SIGNING_SECRET", SIGNING_SECRET.to_owned()),
        ("SLACK_BOT_TOKEN", BOT_TOKEN.to_owned()),
        ("SLACK_API_URL", slack.api_url()),
        ("MOPS_LISTEN", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", database_url(db_dir.path())),
    ];
    let mut config =
        Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
            .expect("test config is valid");
    config.retry.base_delay = Duration::from_millis(20);
    config.shutdown_grace = Duration::from_secs(5);
    // Tests drive the nudge scheduler with `run_due`; a test that wants the loop turns it on.
    config.nudges.interval = None;
    config
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(customize: impl FnOnce(&mut Config)) -> TestApp {
    let slack = FakeSlack::start().await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(&slack, &db_dir);
    customize(&mut config);
    spawn_app_on(slack, db_dir, config).await
}

/// Starts an app on an existing fake Slack and database folder (to test restarts).
pub async fn spawn_app_on(slack: FakeSlack, db_dir: tempfile::TempDir, config: Config) -> TestApp {
    let clock = ManualClock::new(start_instant());
    let app = Application::build_with(config, Arc::new(clock.clone()))
        .await
        .expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = rx.await;
    }));
    TestApp {
        address,
        slack,
        clock,
        state,
        client: reqwest::Client::new(),
        db_dir,
        shutdown: Some(tx),
        server: Some(server),
        responses: AtomicU32::new(0),
    }
}

/// `n` apps on one database and one fake Slack, as replicas behind a load balancer would be.
/// Each makes its own `response_url`s (numbered apart), so replies never mix.
pub async fn spawn_replicas(n: u32, customize: impl Fn(&mut Config)) -> Vec<TestApp> {
    let slack = FakeSlack::start().await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(&slack, &db_dir);
    customize(&mut config);
    let mut replicas = vec![spawn_app_on(slack.clone(), db_dir, config.clone()).await];
    for i in 1..n {
        let own_dir = tempfile::tempdir().expect("temp dir");
        let app = spawn_app_on(slack.clone(), own_dir, config.clone()).await;
        app.responses.store(i * 1_000, Ordering::SeqCst);
        replicas.push(app);
    }
    replicas
}

impl TestApp {
    /// `mops-bot report {args}` against the app's database: its output, once it succeeded.
    pub fn report(&self, args: &[&str]) -> String {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_mops-bot"))
            .arg("report")
            .args(args)
            .env("DATABASE_URL", database_url(self.db_dir.path()))
            .current_dir(self.db_dir.path())
            .output()
            .expect("mops-bot runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// A fresh `response_url` on the fake Slack.
    pub fn response_url(&self) -> String {
        let n = self.responses.fetch_add(1, Ordering::SeqCst);
        format!("{}/response/T0001/{n}/hook", self.slack.base())
    }

    /// The path part of a `response_url` made by `response_url()`, as the fake Slack records it.
    pub fn path_of(&self, url: &str) -> String {
        url.trim_start_matches(&self.slack.base()).to_owned()
    }

    /// A realistic slash-command body for `/mops {text}`, replying to `response_url`.
    pub fn command_body(&self, text: &str, response_url: &str) -> String {
        serde_urlencoded::to_string([
            ("token", "gIkuvaNzQIHg97ATvDxqgjtO"),
            ("team_id", TEAM),
            ("team_domain", "mops-example"),
            ("channel_id", CHANNEL),
            ("channel_name", "marketing-ops"),
            ("user_id", USER),
            ("user_name", "stacey"),
            ("command", "/mops"),
            ("text", text),
            ("api_app_id", "A0MOPSBOT"),
            ("is_enterprise_install", "false"),
            ("response_url", response_url),
            ("trigger_id", "13345224609.738474920.8088930838d88f008e0"),
        ])
        .expect("form encodes")
    }

    /// POSTs `body` to `path`, signed with the app's secret at the app's current time.
    pub async fn post_signed(
        &self,
        path: &str,
        body: &str,
        content_type: &str,
    ) -> reqwest::Response {
        let ts = self.clock.now_unix();
        self.post_with_headers(
            path,
            body,
            content_type,
            &ts.to_string(),
            &sign(SIGNING_SECRET, ts, body.as_bytes()),
        )
        .await
    }

    pub async fn post_with_headers(
        &self,
        path: &str,
        body: &str,
        content_type: &str,
        ts: &str,
        signature: &str,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("content-type", content_type)
            .header("x-slack-request-timestamp", ts)
            .header("x-slack-signature", signature)
            .body(body.to_owned())
            .send()
            .await
            .expect("request reaches the app")
    }

    /// Sends a signed `/mops {text}`; returns the response and the `response_url` path used.
    pub async fn command(&self, text: &str) -> (reqwest::Response, String) {
        let url = self.response_url();
        let resp = self.command_to(text, &url).await;
        (resp, self.path_of(&url))
    }

    /// Sends a signed `/mops {text}` whose reply goes to `response_url`.
    pub async fn command_to(&self, text: &str, response_url: &str) -> reqwest::Response {
        let body = self.command_body(text, response_url);
        self.post_signed(
            "/slack/commands",
            &body,
            "application/x-www-form-urlencoded",
        )
        .await
    }

    /// Waits until nothing the app accepted is still being handled in the background (the
    /// signal a negative check or a clock move waits on); gives up after
    /// [`PATIENCE`](crate::fake_slack::PATIENCE).
    pub async fn until_idle(&self) {
        let deadline = tokio::time::Instant::now() + crate::fake_slack::PATIENCE;
        while self.state.work.in_flight() > 0 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} pieces of work still in flight",
                self.state.work.in_flight()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// What the fake Slack received under `prefix` once the app has finished everything it
    /// accepted: a negative check ("nothing more was sent") waits on that, not on a sleep.
    pub async fn settled(&self, prefix: &str) -> Vec<crate::fake_slack::Recorded> {
        self.until_idle().await;
        self.slack.received(prefix)
    }

    /// Waits (up to 10 s) for the app to stop without being asked, returning how it ended.
    pub async fn ended_by_itself(&mut self) -> anyhow::Result<()> {
        let server = self.server.take().expect("still running");
        tokio::time::timeout(Duration::from_secs(10), server)
            .await
            .expect("the app stopped within 10 s")
            .expect("server task")
    }

    /// Stops the server gracefully and waits for it to finish.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stops cleanly");
        }
    }
}

/// Lets tests read the manual clock as unix seconds.
pub trait UnixNow {
    fn now_unix(&self) -> i64;
}

impl UnixNow for ManualClock {
    fn now_unix(&self) -> i64 {
        use mops_bot::clock::Clock;
        self.now().as_second()
    }
}
