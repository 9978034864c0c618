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
fn the_held_out_queries_written_before_tuning_reach_80_percent() {
    let report = report("tests/eval/holdout.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(60) && report["out_of_scope"].as_u64() >= Some(15),
        "the whole file was read: {report}"
    );
    assert_at_least(&report, "holdout.tsv", 0.80, 0.80);
}

/// The gate that matters: Slack-style questions written before any tuning for them, never
/// tuned on (see the file's header). Issue #12's target, 95 % both ways. A failure prints the
/// figures only, so that nobody tunes on its questions.
#[test]
fn the_slack_style_held_out_queries_never_tuned_on_reach_95_percent() {
    let report = report("tests/eval/holdout-slack.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(168) && report["out_of_scope"].as_u64() >= Some(45),
        "the whole file was read"
    );
    assert_figures_only(&report, "holdout-slack.tsv", 0.95, 0.95);
}

/// As `assert_at_least`, but a failure shows the figures and never the questions.
#[track_caller]
fn assert_figures_only(report: &Value, file: &str, accuracy: f64, rejection: f64) {
    let (got_accuracy, got_rejection) = (figure(report, "accuracy"), figure(report, "rejection"));
    assert!(
        got_accuracy >= accuracy && got_rejection >= rejection,
        "{file}: top-1 accuracy {got_accuracy:.3} (gate {accuracy}), out-of-scope rejection {got_rejection:.3} (gate {rejection})"
    );
}

/// The training files (`responses/training-*.tsv`) teach the matcher, so they are measured the
/// honest way: each one by a matcher whose model did not learn from it.
#[test]
fn each_training_file_held_out_of_training_reaches_90_percent_and_all_together_95() {
    let out = eval(&["--cross-validate", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folds: Value = serde_json::from_slice(&out.stdout).expect("--json prints JSON");
    let folds = folds.as_array().expect("one entry per training file");
    let named = |f: &Value| f["file"].as_str().unwrap_or_default().to_owned();
    for file in [
        "training-queries.tsv",
        "training-slack.tsv",
        "training-slack-2.tsv",
        "training-slack-3.tsv",
    ] {
        assert!(folds.iter().any(|f| named(f) == file), "{file} is measured");
    }
    let (mut correct, mut in_scope, mut rejected, mut out_of_scope) = (0, 0, 0, 0);
    for fold in folds {
        let report = &fold["report"];
        let count = |key: &str| report[key].as_u64().unwrap_or_else(|| panic!("{key}"));
        correct += count("correct");
        in_scope += count("in_scope");
        rejected += count("rejected");
        out_of_scope += count("out_of_scope");
        // Each file large enough to say something meets the gate on its own.
        if count("in_scope") >= 100 && count("out_of_scope") >= 40 {
            assert_at_least(report, &named(fold), 0.90, 0.90);
        }
    }
    assert!(
        in_scope >= 700 && out_of_scope >= 200,
        "every file was read"
    );
    assert!(
        correct * 100 >= in_scope * 95 && rejected * 100 >= out_of_scope * 95,
        "all training files, each held out: {correct}/{in_scope} in scope, {rejected}/{out_of_scope} declined"
    );
}

/// The second Slack-style held-out file, committed before any tuning for it and never tuned on.
/// A failure prints the figures only, so that nobody tunes on its questions.
#[test]
fn the_second_slack_style_held_out_queries_never_tuned_on_reach_90_percent() {
    let report = report("tests/eval/holdout-slack-2.tsv");
    assert!(
        report["in_scope"].as_u64() >= Some(160) && report["out_of_scope"].as_u64() >= Some(40),
        "the whole file was read"
    );
    assert_figures_only(&report, "holdout-slack-2.tsv", 0.90, 0.95);
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

/// `mops-bot tune` fits the decision's weights and prints them as the Rust source of
/// `fitted.rs`, with each training file's held-out figures on stderr.
#[test]
fn tune_prints_the_fitted_weights_as_rust_and_the_held_out_figures() {
    let out = Command::new(env!("CARGO_BIN_EXE_mops-bot"))
        .arg("tune")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("MOPS_RESPONSES_DIR", "")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let source = String::from_utf8_lossy(&out.stdout);
    let numbers = |name: &str| {
        let line = source
            .lines()
            .find(|l| l.starts_with(&format!("pub const {name}:")))
            .unwrap_or_else(|| panic!("{name} in {source}"));
        let list = line
            .split('[')
            .nth(2)
            .and_then(|l| l.split(']').next())
            .unwrap_or("");
        list.split(", ")
            .map(|x| x.parse::<f32>().expect("a number"))
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers("TOPIC").len(), 19, "{source}");
    assert_eq!(numbers("NONE").len(), 6, "{source}");
    assert!(numbers("TOPIC").iter().any(|w| *w != 0.0), "{source}");
    let figures = String::from_utf8_lossy(&out.stderr);
    assert!(
        figures.contains("training-slack.tsv (held out of training)")
            && figures.contains("all training files, each held out: top-1 accuracy"),
        "{figures}"
    );
}
