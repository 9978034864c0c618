//! `/slack/commands` end to end: signature, parsing, acknowledgement and the reply.

use std::time::Duration;

use mops_bot::slack::verify::sign;
use serde_json::{Value, json};

use crate::fake_slack::{FakeSlack, Scripted};
use crate::helpers::{SIGNING_SECRET, UnixNow, spawn_app, spawn_app_with};

mod declines;

const FORM: &str = "application/x-www-form-urlencoded";

fn block_text(message: &Value) -> String {
    serde_json::to_string(&message["blocks"]).unwrap_or_default()
}

#[tokio::test]
async fn advice_is_acknowledged_empty_and_answered_privately_through_response_url() {
    let app = spawn_app().await;
    let (resp, path) = app.command("advice burnout").await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.text().await.unwrap(),
        "",
        "the acknowledgement is empty"
    );

    let got = app.slack.wait_for(&path, 1).await;
    let message = got[0].json();
    assert_eq!(message["response_type"], "ephemeral");
    assert!(
        message["text"].as_str().unwrap().contains("Burnout"),
        "{message}"
    );
    let blocks = block_text(&message);
    assert!(
        blocks.contains("Burnout, scope creep"),
        "header names the topic: {blocks}"
    );
    assert!(blocks.contains("What to say"), "{blocks}");
    assert!(blocks.contains("Based on:"), "cites its source: {blocks}");
    assert_eq!(got[0].header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn help_topics_and_unmatched_text_get_friendly_answers() {
    let app = spawn_app().await;
    let (_, help) = app.command("").await;
    let (_, topics) = app.command("TOPICS").await;
    let (_, weather) = app.command("what's the weather in paris").await;
    let help = app.slack.wait_for(&help, 1).await[0].json();
    assert!(
        block_text(&help).contains("/mops advice burnout"),
        "help shows examples"
    );
    let topics = app.slack.wait_for(&topics, 1).await[0].json();
    assert!(block_text(&topics).contains("career-change"));
    let unsure = app.slack.wait_for(&weather, 1).await[0].json();
    let text = block_text(&unsure);
    assert!(
        text.contains("not sure") && text.contains("/mops topics"),
        "{text}"
    );
    assert_eq!(
        text.matches("/mops advice ").count(),
        0,
        "nothing in it points at a topic, so none is offered: {text}"
    );
}

#[tokio::test]
async fn share_posts_in_channel_with_who_shared_it() {
    let app = spawn_app().await;
    let (resp, path) = app.command("share scope creep").await;
    assert_eq!(resp.status(), 200);
    let message = app.slack.wait_for(&path, 1).await[0].json();
    assert_eq!(message["response_type"], "in_channel");
    assert!(
        block_text(&message).contains("Shared by <@U0001>"),
        "{message}"
    );
}

#[tokio::test]
async fn every_bad_signature_is_refused_with_401_and_nothing_is_sent() {
    let app = spawn_app().await;
    let url = app.response_url();
    let body = app.command_body("advice burnout", &url);
    let now = app.clock.now_unix();
    let good = sign(SIGNING_SECRET, now, body.as_bytes());
    let cases = [
        (
            "wrong secret",
            now.to_string(),
            sign("another-secret", now, body.as_bytes()),
        ),
        (
            "stale",
            (now - 301).to_string(),
            sign(SIGNING_SECRET, now - 301, body.as_bytes()),
        ),
        (
            "future",
            (now + 301).to_string(),
            sign(SIGNING_SECRET, now + 301, body.as_bytes()),
        ),
        ("malformed", now.to_string(), "v0=nothex".to_owned()),
        ("wrong version", now.to_string(), good.replace("v0=", "v1=")),
        (
            "timestamp not a number",
            "yesterday".to_owned(),
            good.clone(),
        ),
    ];
    for (case, ts, sig) in cases {
        let resp = app
            .post_with_headers("/slack/commands", &body, FORM, &ts, &sig)
            .await;
        assert_eq!(resp.status(), 401, "{case}");
        let text = resp.text().await.unwrap();
        assert!(
            !text.contains("stale") && !text.contains(SIGNING_SECRET),
            "reveals nothing: {text}"
        );
    }
    let tampered = body.replace("burnout", "careers");
    let resp = app
        .post_with_headers("/slack/commands", &tampered, FORM, &now.to_string(), &good)
        .await;
    assert_eq!(resp.status(), 401, "tampered body");
    let unsigned = app
        .client
        .post(format!("{}/slack/commands", app.address))
        .header("content-type", FORM)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401, "missing headers");
    assert!(
        app.settled("/response/").await.is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn oversized_and_malformed_bodies_get_4xx_not_5xx() {
    let app = spawn_app().await;
    let huge = format!("text={}", "a".repeat(70 * 1024));
    assert_eq!(
        app.post_signed("/slack/commands", &huge, FORM)
            .await
            .status(),
        413
    );

    let url = app.response_url();
    let full = app.command_body("burnout", &url);
    for field in ["response_url", "team_id", "user_id", "channel_id"] {
        let body: Vec<&str> = full
            .split('&')
            .filter(|kv| !kv.starts_with(&format!("{field}=")))
            .collect();
        let resp = app
            .post_signed("/slack/commands", &body.join("&"), FORM)
            .await;
        assert_eq!(resp.status(), 400, "without {field}");
        assert!(
            resp.text().await.unwrap().contains(field),
            "the 400 names {field}"
        );
    }
    for junk in ["{\"json\": true}", "%%%", "team_id=T1&team_id=T2", ""] {
        assert_eq!(
            app.post_signed("/slack/commands", junk, FORM)
                .await
                .status(),
            400,
            "{junk}"
        );
    }
    assert!(app.settled("/response/").await.is_empty());
}

/// Slack may have shown a reply it answered with a 5xx or too late: it is never sent again.
#[tokio::test]
async fn an_ambiguous_answer_from_response_url_is_not_sent_twice() {
    let mut app = spawn_app_with(|c| c.retry.timeout = Duration::from_millis(300)).await;
    let server_error = app.response_url();
    let too_late = app.response_url();
    app.slack
        .script(&app.path_of(&server_error), Scripted::status(500));
    app.slack.script(
        &app.path_of(&too_late),
        Scripted::ok(json!({})).delayed(Duration::from_millis(1500)),
    );
    for url in [&server_error, &too_late] {
        assert_eq!(app.command_to("advice strategic", url).await.status(), 200);
    }
    for url in [&server_error, &too_late] {
        app.slack.wait_for(&app.path_of(url), 1).await;
    }
    // Stopping waits for the replies' tasks, so anything they were going to send is sent.
    app.stop().await;
    for url in [&server_error, &too_late] {
        assert_eq!(
            app.slack.received(&app.path_of(url)).len(),
            1,
            "{url}: one attempt, no second copy"
        );
    }
}

/// A 429 proves Slack did not take the reply, so it is sent again.
#[tokio::test]
async fn a_429_on_response_url_waits_for_retry_after() {
    let app = spawn_app().await;
    let url = app.response_url();
    let path = app.path_of(&url);
    app.slack.script(&path, Scripted::rate_limited(1));
    let sent = std::time::Instant::now();
    assert_eq!(app.command_to("career change", &url).await.status(), 200);
    app.slack.wait_for(&path, 2).await;
    assert!(
        sent.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        sent.elapsed()
    );
}

#[tokio::test]
async fn a_response_url_on_a_foreign_host_is_never_contacted() {
    let app = spawn_app().await;
    let elsewhere = FakeSlack::start().await;
    let url = format!("{}/response/steal", elsewhere.base());
    assert_eq!(app.command_to("advice burnout", &url).await.status(), 200);
    app.until_idle().await;
    assert!(
        elsewhere.received("/").is_empty(),
        "no request left the bot"
    );
}

#[tokio::test]
async fn shutdown_lets_a_reply_in_flight_arrive() {
    let mut app = spawn_app().await;
    let url = app.response_url();
    let path = app.path_of(&url);
    // The first attempt fails slowly, so the reply is still in flight when shutdown starts.
    app.slack.script(
        &path,
        Scripted::rate_limited(0).delayed(Duration::from_millis(500)),
    );
    assert_eq!(app.command_to("advice burnout", &url).await.status(), 200);
    app.slack.wait_for(&path, 1).await;
    app.stop().await;
    let got = app.slack.received(&path);
    assert_eq!(
        got.len(),
        2,
        "the retry completed before the process finished stopping"
    );
    assert!(
        app.client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .is_err(),
        "no longer accepting"
    );
}

#[tokio::test]
async fn healthz_answers() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}
