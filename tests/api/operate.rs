//! What operators see: Prometheus metrics moving with real traffic, readiness, and request ids.

use std::time::{Duration, Instant};

use crate::fake_slack::{FakeSlack, Scripted};
use crate::fake_socket::FakeSocket;
use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::nudges::{POST, run_at, subscribe};
use crate::socket_mode::{OPEN, spawn_socket_app};

/// The value of one series (`name` with exactly `labels`) in a Prometheus text page, or 0.
pub(crate) fn value(page: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    let mut wanted: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    wanted.sort();
    page.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let (series, number) = line.rsplit_once(' ')?;
            let (metric, mut found) = match series.split_once('{') {
                Some((metric, rest)) => (
                    metric,
                    rest.trim_end_matches('}')
                        .split(',')
                        .map(str::to_owned)
                        .collect::<Vec<_>>(),
                ),
                None => (series, Vec::new()),
            };
            found.sort();
            (metric == name && found == wanted).then(|| number.parse::<f64>().ok())?
        })
        .sum()
}

pub(crate) async fn scrape(app: &TestApp) -> String {
    let resp = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .expect("metrics answer");
    assert_eq!(resp.status(), 200);
    let kind = resp.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    resp.text().await.expect("text")
}

/// Scrapes until `name{labels}` reaches `at_least` (background work counts after it ends).
pub(crate) async fn until_metric(
    app: &TestApp,
    name: &str,
    labels: &[(&str, &str)],
    at_least: f64,
) -> String {
    let started = Instant::now();
    loop {
        let page = scrape(app).await;
        if value(&page, name, labels) >= at_least {
            return page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}{labels:?} stayed below {at_least}:\n{page}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn metrics_move_with_real_traffic() {
    let app = spawn_app().await;
    let before = scrape(&app).await;
    let count = |page: &str, name: &str, labels: &[(&str, &str)]| {
        value(page, name, labels) - value(&before, name, labels)
    };
    let commands = [("route", "/slack/commands"), ("status", "200")];

    let (_, burnout) = app.command("advice burnout").await;
    app.slack.wait_for(&burnout, 1).await;
    let (_, unsure) = app.command("advice zqxv plorp").await;
    app.slack.wait_for(&unsure, 1).await;
    // A reply Slack refuses for good.
    let url = app.response_url();
    app.slack.script(&app.path_of(&url), Scripted::status(404));
    app.command_to("topics", &url).await;
    let denied = [("route", "/slack/commands"), ("status", "401")];
    let forged = app
        .post_with_headers(
            "/slack/commands",
            "text=x",
            "application/x-www-form-urlencoded",
            "1",
            "v0=00",
        )
        .await;
    assert_eq!(forged.status(), 401);

    // A weekly nudge that Slack rate-limits once, then accepts.
    subscribe(&app, "C0001", "on").await;
    app.slack.script(POST, Scripted::rate_limited(0));
    let report = run_at(&app, "2026-11-23T14:00:00Z").await;
    assert_eq!(report.sent(), 1, "{}", report.summary());

    let failed = [("outcome", "failed")];
    let page = until_metric(
        &app,
        "mops_replies_total",
        &failed,
        value(&before, "mops_replies_total", &failed) + 1.0,
    )
    .await;
    assert!(
        count(&page, "mops_requests_total", &commands) >= 4.0,
        "{page}"
    );
    assert_eq!(count(&page, "mops_requests_total", &denied), 1.0, "{page}");
    let timed = [("route", "/slack/commands")];
    assert!(
        count(&page, "mops_ack_duration_seconds_count", &timed) >= 5.0,
        "{page}"
    );
    let fast = [("route", "/slack/commands"), ("le", "3")];
    assert!(
        count(&page, "mops_ack_duration_seconds_bucket", &fast) >= 5.0,
        "acked within 3 s: {page}"
    );
    assert!(
        count(&page, "mops_replies_total", &[("outcome", "delivered")]) >= 3.0,
        "{page}"
    );
    assert_eq!(
        count(&page, "mops_answers_total", &[("topic", "burnout")]),
        1.0,
        "{page}"
    );
    assert_eq!(
        count(&page, "mops_answers_total", &[("topic", "none")]),
        1.0,
        "{page}"
    );
    assert_eq!(
        count(&page, "mops_nudges_total", &[("outcome", "sent")]),
        1.0,
        "{page}"
    );
    let limited = [("method", "chat.postMessage"), ("outcome", "rate_limited")];
    assert_eq!(
        count(&page, "mops_slack_api_calls_total", &limited),
        1.0,
        "{page}"
    );
    let posted = [("method", "chat.postMessage"), ("outcome", "ok")];
    assert_eq!(
        count(&page, "mops_slack_api_calls_total", &posted),
        1.0,
        "{page}"
    );
    let refused = [("method", "response_url"), ("outcome", "http_error")];
    assert_eq!(
        count(&page, "mops_slack_api_calls_total", &refused),
        1.0,
        "{page}"
    );
    assert!(page.contains("# TYPE mops_work_in_flight gauge"), "{page}");
    assert!(
        page.contains("# TYPE mops_ack_duration_seconds histogram"),
        "{page}"
    );
    // Raw paths never become labels: an unknown URL counts as `unmatched`.
    let missing = app
        .client
        .get(format!("{}/no/such/{}", app.address, "x".repeat(40)))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let page = scrape(&app).await;
    assert!(!page.contains("/no/such"), "{page}");
    assert!(
        count(
            &page,
            "mops_requests_total",
            &[("route", "unmatched"), ("status", "404")]
        ) >= 1.0
    );
}

#[tokio::test]
async fn metrics_can_be_turned_off() {
    let app = spawn_app_with(|c| c.metrics = false).await;
    let resp = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
}

#[tokio::test]
async fn socket_mode_connection_shows_in_metrics_and_readiness() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(FakeSlack::start().await, &socket).await;
    socket.until("a connection", |s| s.connections() == 1).await;
    until_metric(&app, "mops_socket_mode_connected", &[], 1.0).await;
    let ready = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn readiness_fails_with_a_reason_while_the_database_is_unavailable() {
    let app = spawn_app().await;
    let readyz = || app.client.get(format!("{}/readyz", app.address)).send();
    let resp = readyz().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "ready\n");
    app.state.db.close().await;
    let resp = readyz().await.unwrap();
    assert_eq!(resp.status(), 503);
    let reason = resp.text().await.unwrap();
    assert!(
        reason.starts_with("not ready: ") && reason.contains("database"),
        "{reason}"
    );
    assert_eq!(reason.lines().count(), 1, "one line: {reason}");
    let live = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        live.status(),
        200,
        "liveness does not depend on the database"
    );
}

#[tokio::test]
async fn readiness_waits_for_a_socket_mode_connection() {
    // Slack will not hand out a connection URL: the bot keeps trying and is not ready.
    let slack = FakeSlack::start().await;
    for _ in 0..500 {
        slack.script(OPEN, Scripted::slack_error("invalid_auth"));
    }
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app(slack, &socket).await;
    app.slack.wait_for(OPEN, 2).await;
    let resp = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 503);
    let reason = resp.text().await.unwrap();
    assert_eq!(
        reason,
        "not ready: no Socket Mode connection to Slack is open\n"
    );
    assert_eq!(socket.connections(), 0);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    let (resp, _) = app.command("advice burnout").await;
    seen.push(resp);
    seen.push(
        app.post_with_headers("/slack/commands", "x", "text/plain", "1", "v0=1")
            .await,
    );
    for path in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/nowhere",
        "/slack/events",
    ] {
        seen.push(
            app.client
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .unwrap(),
        );
    }
    let mut ids = std::collections::HashSet::new();
    for resp in &seen {
        let id = resp
            .headers()
            .get("x-request-id")
            .unwrap_or_else(|| panic!("{} has no id", resp.url()));
        assert!(
            ids.insert(id.to_str().unwrap().to_owned()),
            "ids are unique"
        );
    }
    let statuses: Vec<u16> = seen.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses, [200, 401, 200, 200, 200, 404, 405]);

    // A caller's own id is kept; one that could forge log lines is replaced.
    let get = |id: &'static str| {
        app.client
            .get(format!("{}/healthz", app.address))
            .header("x-request-id", id)
            .send()
    };
    let kept = get("lb-7f3a.2:9").await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.2:9");
    let hostile = "a\" fake=\"log";
    let replaced = get(hostile).await.unwrap();
    let id = replaced.headers()["x-request-id"].to_str().unwrap();
    assert!(!id.is_empty() && id != hostile, "{id}");
}
