//! Measures the matcher against a labelled file of queries (`mops-bot eval <file>`): top-1
//! accuracy on in-scope queries, the rejection rate on out-of-scope ones, and every miss.
//!
//! The file is tab-separated, `topic<TAB>query`, with a `topic<TAB>query` header line; the topic
//! `none` marks a query no topic should claim. Blank lines and `#` comments are skipped. Each
//! query is read as if typed after `/mops`, so `advice burnout` and `hi` behave as they would
//! in Slack.

use serde::Serialize;

use super::grammar;
use super::matcher::{Matcher, Outcome, Weights};

/// The label for queries no topic should claim.
pub const NONE: &str = "none";

/// One labelled query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// 1-based line number in the file.
    pub line: usize,
    /// The topic id, or `None` for out-of-scope.
    pub expected: Option<String>,
    pub query: String,
}

/// A line the parser could not read, named by number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// Reads the labelled queries, checking topic ids against `topics`.
pub fn parse(text: &str, topics: &[&str]) -> Result<Vec<Case>, BadLine> {
    let mut cases = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let bad = |problem: String| BadLine { line, problem };
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        if line == 1 && raw.trim().eq_ignore_ascii_case("topic\tquery") {
            continue;
        }
        let Some((topic, query)) = raw.split_once('\t') else {
            return Err(bad("expected `topic<TAB>query` but found no tab".to_owned()));
        };
        let (topic, query) = (topic.trim(), query.trim());
        if query.is_empty() {
            return Err(bad(format!("the query for {topic:?} is empty")));
        }
        if query.contains('\t') {
            return Err(bad(
                "more than one tab: the query may not contain tabs".to_owned()
            ));
        }
        let expected = if topic == NONE {
            None
        } else if topics.contains(&topic) {
            Some(topic.to_owned())
        } else {
            return Err(bad(format!(
                "unknown topic {topic:?} (use a pack id or `{NONE}`)"
            )));
        };
        cases.push(Case {
            line,
            expected,
            query: query.to_owned(),
        });
    }
    Ok(cases)
}

/// A query the matcher got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub line: usize,
    pub query: String,
    /// The labelled topic, or `none`.
    pub expected: String,
    /// The matched topic, or `none` when the matcher was unsure.
    pub got: String,
    /// The best-ranked topic with its score and coverage, to see how close it came.
    pub best: String,
    pub score: f32,
    pub coverage: f32,
}

/// The figures for one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub in_scope: usize,
    pub correct: usize,
    /// `correct / in_scope`, 0..=1.
    pub accuracy: f64,
    pub out_of_scope: usize,
    pub rejected: usize,
    /// `rejected / out_of_scope`, 0..=1.
    pub rejection: f64,
    pub misses: Vec<Miss>,
}

/// Runs every case through the same path a Slack message takes, the decision weighed by
/// `weights` (`matcher::FITTED` is what the bot uses).
pub fn run(matcher: &Matcher, weights: &Weights, cases: &[Case]) -> Report {
    let mut report = Report {
        in_scope: 0,
        correct: 0,
        accuracy: 0.0,
        out_of_scope: 0,
        rejected: 0,
        rejection: 0.0,
        misses: Vec::new(),
    };
    for case in cases {
        let request = grammar::parse(&case.query);
        let text = asked(&request);
        let got = match matcher.classify_with(text, weights) {
            Outcome::Match { topic, .. } => Some(topic),
            Outcome::Unsure { .. } => None,
        };
        let right = got == case.expected;
        match (&case.expected, right) {
            (Some(_), true) => report.correct += 1,
            (None, true) => report.rejected += 1,
            _ => {}
        }
        match case.expected {
            Some(_) => report.in_scope += 1,
            None => report.out_of_scope += 1,
        }
        if !right {
            let best = matcher.rank(text).into_iter().next();
            report.misses.push(Miss {
                line: case.line,
                query: case.query.clone(),
                expected: case.expected.clone().unwrap_or_else(|| NONE.to_owned()),
                got: got.unwrap_or_else(|| NONE.to_owned()),
                best: best.as_ref().map_or_else(String::new, |b| b.topic.clone()),
                score: best.as_ref().map_or(0.0, |b| b.score),
                coverage: best.as_ref().map_or(0.0, |b| b.coverage),
            });
        }
    }
    report.accuracy = ratio(report.correct, report.in_scope);
    report.rejection = ratio(report.rejected, report.out_of_scope);
    report
}

/// What the matcher reads of a labelled query: the question, as if typed after `/mops`.
pub fn asked(request: &grammar::Request) -> &str {
    grammar::question(request).unwrap_or_default()
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPICS: &[&str] = &["burnout", "metrics"];

    #[test]
    fn reads_labels_queries_and_out_of_scope() {
        let text = "topic\tquery\nburnout\tburnt out\n\n# a comment\nnone\twhat's the weather\r\n";
        let cases = parse(text, TOPICS).expect("valid");
        assert_eq!(
            cases,
            [
                Case {
                    line: 2,
                    expected: Some("burnout".into()),
                    query: "burnt out".into()
                },
                Case {
                    line: 5,
                    expected: None,
                    query: "what's the weather".into()
                },
            ]
        );
    }

    #[test]
    fn malformed_lines_are_named() {
        let err = |text: &str| parse(text, TOPICS).expect_err("malformed").to_string();
        assert_eq!(
            err("topic\tquery\nburnout burnt out"),
            "line 2: expected `topic<TAB>query` but found no tab"
        );
        assert!(
            err("burnout\tok\nsalary\thow much").starts_with("line 2: unknown topic \"salary\"")
        );
        assert!(err("metrics\t  ").starts_with("line 1: the query"));
        assert!(err("metrics\ta\tb").starts_with("line 1: more than one tab"));
    }
}
