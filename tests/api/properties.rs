//! Property tests (issue 9): random and adversarial bodies, each correctly signed, through
//! every Slack endpoint of the real application, and random text through the matcher. Never
//! a panic (on any of the app's threads, background replies included), never a 5xx, never a
//! stall: each request has a deadline, and afterwards all accepted work drains.
//!
//! The app runs on its own runtime whose threads carry one name, so a panic hook can tell the
//! app's panics from anything else in the process. Case counts keep the whole file well under
//! 30 s in a debug build; `PROPTEST_CASES` raises them for a longer hunt.

mod damage;
mod strategies;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mops_bot::slack::ids::UserId;
use mops_bot::slack::verify::sign;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tokio::runtime::Runtime;

use crate::helpers::{SIGNING_SECRET, TestApp, UnixNow, spawn_app};
use damage::damage;
use strategies::{command_body, event_body, interaction_body, text};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
/// An acknowledgement slower than this is a stall (Slack gives up after 3 s).
const ACK_DEADLINE: Duration = Duration::from_secs(5);
/// One match slower than this is a stall; typical ones take microseconds (see the benches).
const MATCH_DEADLINE: Duration = Duration::from_millis(500);
/// The largest body any route accepts (events and interactions); beyond it, `413`.
const LARGEST_LIMIT: usize = 1 << 20;
const APP_THREADS: &str = "mops-proptest-app";

static APP_PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics on the app's runtime threads, then lets the usual hook report them.
fn count_app_panics() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(APP_THREADS) {
                APP_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
    });
}

fn app_runtime() -> Runtime {
    count_app_panics();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(APP_THREADS)
        .enable_all()
        .build()
        .expect("runtime")
}

fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Signs `body` as Slack would and POSTs it; the status, or why there was none.
async fn send(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> Result<u16, String> {
    let ts = app.clock.now_unix();
    let signature = sign(SIGNING_SECRET, ts, &body);
    let request = app
        .client
        .post(format!("{}{path}", app.address))
        .header("content-type", content_type)
        .header("x-slack-request-timestamp", ts.to_string())
        .header("x-slack-signature", signature)
        .body(body)
        .send();
    match tokio::time::timeout(ACK_DEADLINE, request).await {
        Err(_) => Err(format!("no answer within {ACK_DEADLINE:?}")),
        Ok(Err(error)) => Err(format!("request failed: {error}")),
        Ok(Ok(response)) => Ok(response.status().as_u16()),
    }
}

/// Runs `bodies`, each damaged or not, through `path`: every one answered in time with a
/// 2xx or 4xx.
fn drive(
    rt: &Runtime,
    app: &TestApp,
    path: &str,
    content_type: &str,
    config: Config,
    bodies: impl Strategy<Value = Vec<u8>>,
) {
    let mut runner = TestRunner::new(config);
    let result = runner.run(&(bodies, damage()), |(body, damage)| {
        let body = damage.apply(body);
        let len = body.len();
        let start = Instant::now();
        let outcome = rt.block_on(send(app, path, content_type, body));
        match outcome {
            Ok(status) if (200..500).contains(&status) => Ok(()),
            Ok(status) => Err(TestCaseError::fail(format!(
                "{path} answered {status} to a {len}-byte body ({damage:?})"
            ))),
            // The server may answer 413 and close before a huge body is all sent.
            Err(_) if len > LARGEST_LIMIT && start.elapsed() < ACK_DEADLINE => Ok(()),
            Err(why) => Err(TestCaseError::fail(format!(
                "{path}, {len}-byte body ({damage:?}): {why}"
            ))),
        }
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let health = rt.block_on(async {
        let request = app.client.get(format!("{}/healthz", app.address)).send();
        tokio::time::timeout(ACK_DEADLINE, request).await
    });
    assert!(
        matches!(&health, Ok(Ok(r)) if r.status() == 200),
        "/healthz after {path}: {health:?}"
    );
}

/// Waits for every reply the app accepted to finish: nothing it took on is stuck.
fn drained(rt: &Runtime, app: &TestApp) {
    rt.block_on(app.until_idle());
}

#[test]
fn signed_random_and_hostile_bodies_never_get_a_5xx_a_panic_or_a_stall() {
    let rt = app_runtime();
    let app = rt.block_on(spawn_app());
    let own = app.response_url();
    let before = APP_PANICS.load(Ordering::SeqCst);

    drive(
        &rt,
        &app,
        "/slack/commands",
        FORM,
        cases(160),
        command_body(own.clone()),
    );
    drive(&rt, &app, "/slack/events", JSON, cases(160), event_body());
    drive(
        &rt,
        &app,
        "/slack/interactions",
        FORM,
        cases(160),
        interaction_body(own.clone()),
    );
    drained(&rt, &app);

    assert_eq!(
        APP_PANICS.load(Ordering::SeqCst),
        before,
        "the app panicked (see the panic message above)"
    );
    rt.block_on(async move {
        // After all that, the bot still answers a question, and answers it once.
        let (ack, path) = app.command("advice burnout").await;
        assert_eq!(ack.status(), 200);
        app.slack.wait_for(&path, 1).await;
        assert_eq!(app.settled(&path).await.len(), 1);
        let mut app = app;
        app.stop().await;
    });
}

#[test]
fn random_text_is_matched_and_answered_in_bounded_time() {
    let rt = app_runtime();
    let app = rt.block_on(spawn_app());
    let guide = &app.state.guide;
    let asker = UserId::parse("U0001").expect("a user id");
    let mut runner = TestRunner::new(cases(256));
    let result = runner.run(&text(), |typed| {
        let start = Instant::now();
        let ranked = guide.matcher.rank(&typed);
        let verdict = guide.matcher.classify(&typed);
        let request = mops_bot::guidance::grammar::parse(&typed);
        let reply = mops_bot::slack::render::message(&guide.answer(&request, &asker));
        let took = start.elapsed();
        prop_assert!(took < MATCH_DEADLINE, "{} bytes took {took:?}", typed.len());
        prop_assert_eq!(ranked.len(), guide.library.packs().len());
        prop_assert!(
            ranked
                .iter()
                .all(|r| r.score.is_finite() && (0.0..=1.0).contains(&r.coverage))
        );
        if let mops_bot::guidance::matcher::Outcome::Match { topic, .. } = verdict {
            prop_assert!(guide.library.pack(&topic).is_some());
        }
        prop_assert!(!reply.text.is_empty());
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    rt.block_on(async move {
        let mut app = app;
        app.stop().await;
    });
}
