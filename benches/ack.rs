//! The acknowledgement as Slack sees it: a signed `/mops` POST over loopback to the real
//! application, timed until the empty 200 arrives. Replies go to a local sink.

use std::sync::Arc;

use axum::Router;
use criterion::{Criterion, criterion_group, criterion_main};
use mops_bot::clock::SystemClock;
use mops_bot::config::Config;
use mops_bot::slack::verify::sign;
use mops_bot::startup::Application;

const SECRET: &str = "bench-signing-secret";

fn ack(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, sink) = runtime.block_on(async {
        let sink = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind sink");
        let sink_addr = sink.local_addr().expect("address");
        tokio::spawn(
            async move { axum::serve(sink, Router::new().fallback(|| async { "ok" })).await },
        );
        let vars = [
            ("SLACK_SIGNING_SECRET", SECRET.to_owned()),
            ("SLACK_API_URL", format!("http://{sink_addr}/api")),
            ("MOPS_LISTEN", "127.0.0.1:0".to_owned()),
            (
                "DATABASE_URL",
                format!("sqlite://{}", dir.path().join("bench.db").display()),
            ),
        ];
        let config =
            Config::from_lookup(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
                .expect("config");
        let app = Application::build_with(config, Arc::new(SystemClock))
            .await
            .expect("app");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        (base, sink_addr)
    });
    let client = reqwest::Client::new();
    let body = serde_urlencoded::to_string([
        ("team_id", "T0001"),
        ("channel_id", "C0001"),
        ("user_id", "U0001"),
        ("command", "/mops"),
        ("text", "everyone dumps work on me"),
        ("response_url", &format!("http://{sink}/response/1")),
    ])
    .expect("encodes");
    c.bench_function("http/slash_command_ack_over_loopback", |b| {
        b.to_async(&runtime).iter(|| async {
            let ts = jiff::Timestamp::now().as_second();
            let resp = client
                .post(format!("{base}/slack/commands"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-slack-request-timestamp", ts.to_string())
                .header("x-slack-signature", sign(SECRET, ts, body.as_bytes()))
                .body(body.clone())
                .send()
                .await
                .expect("acknowledged");
            assert_eq!(resp.status(), 200);
        })
    });
}

criterion_group!(benches, ack);
criterion_main!(benches);
