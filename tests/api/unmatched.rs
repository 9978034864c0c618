//! `MOPS_RECORD_UNMATCHED`: questions answered "not sure" or with low confidence are kept for
//! content owners, without who asked or where, for 30 days (deleted by the periodic run), and
//! listed by `mops-bot report --unmatched`. Off by default.

use std::time::Duration;

use jiff::SignedDuration;
use mops_bot::bot::nudges::scheduler::run_due;
use mops_bot::clock::Clock;
use mops_bot::store::unmatched;

use crate::helpers::{CHANNEL, TEAM, TestApp, USER, spawn_app, spawn_app_with};

const LASAGNA: &str = "anyone have a good lasagna recipe for sunday?";

/// Asks each of `texts` with `/mops` and waits for every reply, then for the bookkeeping.
async fn ask(app: &TestApp, texts: &[&str]) {
    for text in texts {
        let (resp, path) = app.command(text).await;
        assert_eq!(resp.status(), 200);
        app.slack.wait_for(&path, 1).await;
    }
    assert!(
        app.state.bookkeeper.flush(Duration::from_secs(5)).await,
        "bookkeeping written"
    );
}

async fn kept(app: &TestApp) -> Vec<(String, i64)> {
    unmatched::list(&app.state.db, 100)
        .await
        .expect("readable")
        .into_iter()
        .map(|a| (a.question, a.times))
        .collect()
}

#[tokio::test]
async fn unsure_answers_are_kept_without_who_asked_and_listed_by_the_report() {
    let app = spawn_app_with(|c| c.record_unmatched = true).await;
    ask(&app, &[LASAGNA, "advice burnout", "help", "sales", LASAGNA]).await;
    assert_eq!(
        kept(&app).await,
        [(LASAGNA.to_owned(), 2), ("sales".to_owned(), 1)],
        "only the questions answered \"not sure\", most asked first; not answers, not help"
    );
    let text = app.report(&["--unmatched"]);
    let line = |q: &str| {
        text.lines()
            .find(|l| l.ends_with(q))
            .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>())
    };
    assert_eq!(line(LASAGNA), Some(vec!["2", "2026-11-23"]), "{text}");
    assert_eq!(line("sales"), Some(vec!["1", "2026-11-23"]), "{text}");
    assert!(!text.contains("burnout"), "{text}");
    for id in [USER, TEAM, CHANNEL] {
        assert!(!text.contains(id), "no ids in the report: {text}");
    }
    let rows: Vec<(i64, String, i64)> = sqlx::query_as("SELECT * FROM unmatched_questions")
        .fetch_all(app.state.db.pool())
        .await
        .expect("readable");
    assert!(
        rows.iter()
            .all(|(_, q, at)| [LASAGNA, "sales"].contains(&q.as_str()) && *at > 0),
        "each row is the question and when, nothing else: {rows:?}"
    );
}

#[tokio::test]
async fn a_low_confidence_answer_is_kept_too() {
    let app = spawn_app_with(|c| c.record_unmatched = true).await;
    // Two topics in one question: learning a skill or finding a mentor.
    let question = "should i learn sql or find a mentor";
    let why = app.state.guide.matcher.explain(question);
    assert_eq!(
        why.rule.name(),
        "close",
        "answered with low confidence: {why:?}"
    );
    ask(&app, &[&format!("advice {question}")]).await;
    assert_eq!(kept(&app).await, [(question.to_owned(), 1)]);
}

#[tokio::test]
async fn nothing_is_kept_unless_turned_on() {
    let app = spawn_app().await;
    assert!(!app.state.config.record_unmatched, "off by default");
    ask(&app, &[LASAGNA, "sales"]).await;
    assert_eq!(kept(&app).await, []);
    let text = app.report(&["--unmatched"]);
    assert!(
        text.contains("No questions") && text.contains("MOPS_RECORD_UNMATCHED"),
        "{text}"
    );
}

#[tokio::test]
async fn questions_older_than_30_days_are_deleted_by_the_periodic_run() {
    let app = spawn_app_with(|c| c.record_unmatched = true).await;
    let start = app.clock.now();
    ask(&app, &[LASAGNA]).await;
    app.clock.advance(SignedDuration::from_hours(24 * 20));
    ask(&app, &["sales"]).await;

    let day_29 = start + SignedDuration::from_hours(24 * 29);
    assert_eq!(run_due(&app.state, day_29).await.unmatched_deleted, 0);
    assert_eq!(kept(&app).await.len(), 2);

    let day_31 = start + SignedDuration::from_hours(24 * 31);
    let run = run_due(&app.state, day_31).await;
    assert_eq!(run.unmatched_deleted, 1, "only the question past 30 days");
    assert_eq!(kept(&app).await, [("sales".to_owned(), 1)]);
}
