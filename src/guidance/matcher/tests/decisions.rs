//! Whole-message decisions on the shipped library: a stray keyword does not outweigh the gist,
//! venting and neighbouring topics land, and explanations agree with verdicts. Every phrasing
//! here is in no evaluation file.

use super::{assert_topic, matcher};
use crate::guidance::matcher::{Outcome, Rule};

#[test]
fn the_whole_message_outweighs_one_keyword_from_another_topic() {
    let m = matcher();
    // "privacy" is data-privacy's own keyword, but the message is about the workload.
    assert_topic(
        &m,
        "my manager keeps piling work on me, i'm working every weekend and covering three roles, \
         and today legal pinged me about a privacy form on top of it all",
        "burnout",
    );
    let e = m.explain("my manager keeps piling work on me, i'm working every weekend and covering three roles, and today legal pinged me about a privacy form on top of it all");
    let privacy = e.candidates.iter().find(|c| c.topic == "data-privacy");
    assert!(
        privacy.is_some_and(|c| c.counted.iter().any(|w| w.text == "privacy")),
        "the keyword was counted, and still lost: {e:?}"
    );
}

#[test]
fn venting_asks_without_the_topic_word_and_neighbours_reach_their_topic() {
    let m = matcher();
    assert_topic(
        &m,
        "honestly slammed, i am doing three people's jobs",
        "burnout",
    );
    assert_topic(
        &m,
        "is there somebody senior outside my company i could learn from",
        "mentorship",
    );
    assert_topic(
        &m,
        "how is being a leader different from being a manager",
        "leadership",
    );
}

#[test]
fn explanations_agree_with_the_verdict() {
    let m = matcher();
    for text in [
        "burnout",
        "i'm burnt out and my workload keeps growing",
        "sales",
        "lasagna",
        "",
    ] {
        let e = m.explain(text);
        assert_eq!(e.outcome, m.classify(text), "{text:?}");
        assert_eq!(e.rule.answers(), matches!(e.outcome, Outcome::Match { .. }));
        let scores: Vec<f32> = e.candidates.iter().map(|c| c.score).collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "best first: {scores:?}"
        );
        let margin = match scores.as_slice() {
            [] => 0.0,
            [one] => *one,
            [a, b, ..] => a - b,
        };
        assert!((e.margin - margin).abs() < 1e-6, "{text:?}: {e:?}");
    }
    assert_eq!(m.explain("burnout").rule, Rule::Named);
}

#[test]
fn two_words_that_read_like_an_example_are_answered_but_one_word_never_is() {
    let m = matcher();
    assert_eq!(m.explain("how can IT help us").words, 2);
    assert_topic(&m, "how can IT help us", "collaboration");
    assert!(matches!(m.classify("sales"), Outcome::Unsure { .. }));
    assert_topic(&m, "keeping my head above water this quarter", "burnout");
}
