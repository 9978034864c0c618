//! `mops-bot ask --explain`: why a question got its answer, from the real binary.

use serde_json::Value;

use super::{bin, run};

#[test]
fn explain_shows_the_words_that_counted_the_scores_the_margin_and_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(bin(&dir).args([
        "ask",
        "--explain",
        "i'm",
        "burnt",
        "out",
        "and",
        "my",
        "workload",
        "keeps",
        "growing",
    ]));
    assert!(out.status.success());
    assert!(
        stdout.starts_with("Decision: answer with burnout"),
        "{stdout}"
    );
    assert!(stdout.contains("Rule: clear"), "{stdout}");
    let margin: f32 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Margin between the two best: "))
        .and_then(|m| m.parse().ok())
        .unwrap_or_else(|| panic!("the margin is shown: {stdout}"));
    assert!((0.5..=1.0).contains(&margin), "a clear lead: {stdout}");
    let burnout = stdout
        .lines()
        .find(|l| l.starts_with("1. burnout: score "))
        .unwrap_or_else(|| panic!("burnout ranked first: {stdout}"));
    assert!(burnout.contains("keywords") && burnout.contains("example similarity"));
    assert!(
        stdout.contains("counted: ") && stdout.contains("workload"),
        "the words that counted: {stdout}"
    );
    assert!(
        stdout.contains("\u{201c}burnt out\u{201d}"),
        "the whole phrase that counted: {stdout}"
    );
    assert!(
        stdout.contains("\n2. "),
        "the runner-up is listed: {stdout}"
    );
}

#[test]
fn explain_json_is_the_same_explanation_with_every_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(bin(&dir).args([
        "ask",
        "--explain",
        "--json",
        "my",
        "boss",
        "wants",
        "numbers",
        "to",
        "show",
        "what",
        "ops",
        "is",
        "worth",
    ]));
    assert!(out.status.success());
    let e: Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
    assert_eq!(e["outcome"]["verdict"], "match", "{e}");
    assert_eq!(e["outcome"]["topic"], "metrics", "{e}");
    let candidates = e["candidates"].as_array().expect("candidates");
    assert!(candidates.len() >= 2, "{e}");
    let score = |i: usize| candidates[i]["score"].as_f64().unwrap_or(-1.0);
    assert!(score(0) >= score(1), "best first: {e}");
    let margin = e["margin"].as_f64().expect("margin");
    assert!((margin - (score(0) - score(1))).abs() < 1e-4, "{e}");
    assert!(
        candidates[0]["counted"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "{e}"
    );
    assert!(e["rule"].is_string() && e["reason"].is_string(), "{e}");
}

#[test]
fn explain_says_why_an_off_topic_message_is_declined() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stdout, _) = run(bin(&dir).args(["ask", "--explain", "lasagna", "recipe"]));
    assert!(out.status.success());
    assert!(
        stdout.starts_with("Decision: not sure: decline and point to /mops topics"),
        "{stdout}"
    );
    assert!(stdout.contains("Rule: no-evidence"), "{stdout}");

    let (out, stdout, _) = run(bin(&dir).args(["ask", "--explain", "topics"]));
    assert!(out.status.success());
    assert!(stdout.contains("is a command, not a question"), "{stdout}");
}
