//! `mops-bot eval` end to end: the real binary on the labelled query files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn eval(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .arg("eval")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // The built-in library, whatever a developer's .env says.
        .env("MOPS_RESPONSES_DIR", "")
        .output()
        .expect("the binary runs")
}

fn report(file: &str) -> Value {
    let out = eval(&[file, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("--json prints JSON")
}

fn figure(report: &Value, key: &str) -> f64 {
    report[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} in {report}"))
}

#[track_caller]
fn assert_at_least(report: &Value, file: &str, accuracy: f64, rejection: f64) {
    let (got_accuracy, got_rejection) = (figure(report, "accuracy"), figure(report, "rejection"));
    let misses = serde_json::to_string_pretty(&report["misses"]).unwrap_or_default();
    assert!(
        got_accuracy >= accuracy,
        "{file}: top-1 accuracy {got_accuracy:.3} < {accuracy}; misses: {misses}"
    );
    assert!(
        got_rejection >= rejection,
        "{file}: out-of-scope rejection {got_rejection:.3} < {rejection}; misses: {misses}"
    );
}

#[test]
fn the_labelled_queries_are_matched_with_at_least_90_percent_accuracy_and_rejection() {
    let report = report("tests/eval/queries.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(150) && report["out_of_scope"].as_u64() >= Some(30),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "queries.tsv", 0.90, 0.90);
}

#[test]
fn the_held_out_queries_written_before_tuning_reach_80_percent() {
    let report = report("tests/eval/holdout.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(60) && report["out_of_scope"].as_u64() >= Some(15),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "holdout.tsv", 0.80, 0.80);
}

#[test]
fn the_slack_style_tuning_queries_reach_90_percent() {
    let report = report("tests/eval/tuning-slack.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(140) && report["out_of_scope"].as_u64() >= Some(40),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "tuning-slack.tsv", 0.90, 0.95);
}

/// The gate that matters: Slack-style questions written before any tuning for them, never
/// tuned on (see the file's header).
#[test]
fn the_slack_style_held_out_queries_never_tuned_on_reach_90_percent() {
    let report = report("tests/eval/holdout-slack.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(168) && report["out_of_scope"].as_u64() >= Some(45),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "holdout-slack.tsv", 0.90, 0.95);
}

#[test]
fn the_second_slack_style_tuning_queries_reach_95_percent() {
    let report = report("tests/eval/tuning-slack-2.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(200) && report["out_of_scope"].as_u64() >= Some(50),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "tuning-slack-2.tsv", 0.95, 0.85);
}

/// The third Slack-style tuning file: fresh questions written from the articles, as a dev set
/// for the model that ranks topics (see the README).
#[test]
fn the_third_slack_style_tuning_queries_reach_80_percent() {
    let report = report("tests/eval/tuning-slack-3.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(150) && report["out_of_scope"].as_u64() >= Some(40),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "tuning-slack-3.tsv", 0.80, 0.80);
}

/// The second Slack-style held-out file, committed before any tuning for it and never tuned on.
/// Its gate is below the 90 % target because it has not reached it yet (see the README); a
/// failure prints the figures only, so that nobody tunes on its questions.
#[test]
fn the_second_slack_style_held_out_queries_never_tuned_on_reach_80_percent() {
    let report = report("tests/eval/holdout-slack-2.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(160) && report["out_of_scope"].as_u64() >= Some(40),
        "the whole file was read: {report}"
    );
    let (accuracy, rejection) = (figure(&report, "accuracy"), figure(&report, "rejection"));
    assert!(
        accuracy >= 0.80 && rejection >= 0.90,
        "holdout-slack-2.tsv: top-1 accuracy {accuracy:.3} (gate 0.80), out-of-scope rejection {rejection:.3} (gate 0.90)"
    );
}

#[test]
fn the_text_report_prints_the_figures_and_each_miss() {
    let out = eval(&["tests/eval/holdout.tsv"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let percent = |label: &str| -> f64 {
        let line = text
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label:?} line in {text}"));
        let value = line[label.len()..]
            .trim_start()
            .split('%')
            .next()
            .unwrap_or("");
        value
            .parse()
            .unwrap_or_else(|_| panic!("a percentage in {line:?}"))
    };
    let json = report("tests/eval/holdout.tsv");
    let accuracy = percent("top-1 accuracy:");
    assert!(
        (accuracy - figure(&json, "accuracy") * 100.0).abs() < 0.06,
        "{text}"
    );
    let rejection = percent("out-of-scope rejection:");
    assert!(
        (rejection - figure(&json, "rejection") * 100.0).abs() < 0.06,
        "{text}"
    );
    let misses = json["misses"].as_array().map_or(0, Vec::len);
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().starts_with("line "))
            .count(),
        misses,
        "one line per miss: {text}"
    );
    if let Some(first) = json["misses"].get(0) {
        let query = first["query"].as_str().unwrap_or_default();
        assert!(text.contains(query), "the miss names its query: {text}");
    }
}

fn scratch_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

#[test]
fn a_malformed_line_is_an_error_naming_the_file_and_line() {
    let (_dir, path) = scratch_file(
        "bad.tsv",
        "topic\tquery\nburnout\tburnt out\nmetrics how do i measure ops\n",
    );
    let out = eval(&[path_arg(&path)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.tsv") && err.contains("line 3") && err.contains("tab"),
        "{err}"
    );

    let (_dir, path) = scratch_file("topic.tsv", "topic\tquery\nsalary\thow much do ops make\n");
    let out = eval(&[path_arg(&path)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 2") && err.contains("unknown topic"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let out = eval(&["tests/eval/no-such-file.tsv"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read tests/eval/no-such-file.tsv"),
        "{err}"
    );
}
