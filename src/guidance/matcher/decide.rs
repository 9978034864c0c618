//! The decision on one query. Keyword relevance, the share of the message a topic explains,
//! similarity to its example questions and the model's belief are measured per topic (`score`);
//! `stack` weighs them, with weights fitted to labelled questions, into one score per topic and
//! one for "none of these". The best topic is answered with when it beats "none"; otherwise the
//! topics with real evidence are offered, or the message is declined plainly. `Rule` names what
//! decided.

use serde::Serialize;

use super::score::Evidence;
use super::stack::{self, Weights};

/// Keyword relevance saturates: a score this high counts half of its most. One strong keyword
/// cannot outweigh a message that reads like another topic's examples.
const KEYWORD_HALF: f32 = 3.0;
/// The parts of the hand-weighted evidence score (a feature of the decision, and what decides
/// which topics are worth offering).
const W_KEYWORD: f32 = 0.35;
const W_COVERAGE: f32 = 0.1;
const W_EXAMPLE: f32 = 0.2;
const W_EXAMPLES: f32 = 0.3;
/// An answer is sure when its probability leads the runner-up's (another topic, or "none") by
/// this much; closer, it is answered with low confidence.
const CLEAR_MARGIN: f32 = 0.5;
/// A topic the model gives at least this probability is grounded in what was typed even when
/// no single keyword or example says so.
const MODEL_GROUND: f32 = 0.5;
/// Similarity this high to one example, or to a topic's closest examples on average, is
/// evidence on its own, even for a short message.
const STRONG_EXAMPLE: f32 = 0.35;
const STRONG_EXAMPLES: f32 = 0.3;
/// A topic is offered as a candidate only with at least this evidence score and this share of
/// the best topic's, and with real evidence: a deliberate keyword or a close example.
const OFFER: f32 = 0.15;
const OFFER_SHARE: f32 = 0.6;
const OFFER_SIMILARITY: f32 = 0.3;
/// The most candidates offered.
pub const MAX_OFFERED: usize = 3;

/// Below this relevance no topic is a confident fit on keywords, however much of the query it
/// covers.
const MIN_SCORE: f32 = 2.5;
/// A message of this many meaningful words or fewer must name something the topic is about (an
/// id, a keyword, a whole phrase), not merely share a word with it: "sounds good" is not a
/// request for a "sounding board".
const TERSE: usize = 2;
/// The share of the query's information the best topic must account for: long messages carry
/// context no topic explains, so this is low ...
const MIN_COVERAGE: f32 = 0.2;
/// ... but in a message of this many meaningful words or fewer, every word counts.
const SHORT: usize = 3;
const MIN_SHORT_COVERAGE: f32 = 0.4;
/// A message of this many meaningful words or fewer in which the best topic says nothing about
/// `MAX_MISSED` or more substantive words is about something else: "my kids' soccer team needs
/// a coach", "my tech stack is python and rust".
const BRIEF: usize = 5;
const MAX_MISSED: usize = 2;

/// Which rule decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The whole message is a topic's name or one of its keywords.
    Named,
    /// The best topic scores high enough, is grounded in what was typed, and leads clearly; or
    /// it is far ahead of every other on real evidence.
    Clear,
    /// As `Clear`, but the runner-up is close: answered, with low confidence.
    Close,
    /// Some topics have real evidence, but none enough to answer: they are offered.
    Unclear,
    /// Nothing in the message points at a topic: declined plainly.
    NoEvidence,
}

impl Rule {
    /// Whether the rule answers with the best topic.
    pub fn answers(self) -> bool {
        matches!(self, Rule::Named | Rule::Clear | Rule::Close)
    }

    /// The rule's name, as JSON spells it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Named => "named",
            Rule::Clear => "clear",
            Rule::Close => "close",
            Rule::Unclear => "unclear",
            Rule::NoEvidence => "no-evidence",
        }
    }

    /// What the rule means, for explanations.
    pub fn describe(self) -> String {
        match self {
            Rule::Named => "the message names the topic".to_owned(),
            Rule::Clear => format!(
                "the best topic outscores \"none of these\" and its probability leads the runner-up's by at least {CLEAR_MARGIN}"
            ),
            Rule::Close => format!(
                "the best topic outscores \"none of these\" but leads the runner-up by less than {CLEAR_MARGIN}: answered with low confidence"
            ),
            Rule::Unclear => format!(
                "\"none of these\" outscores every topic; topics whose evidence scores at least {OFFER}, with a keyword or an example close to the message, are offered"
            ),
            Rule::NoEvidence => {
                "nothing in the message points at a topic: declined, with how to list topics"
                    .to_owned()
            }
        }
    }
}

/// The decision, with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Each topic's probability, in library order ("none of these" has the rest).
    pub combined: Vec<f32>,
    /// The hand-weighted evidence per topic, in library order: what decides what is offered.
    pub evidence: Vec<f32>,
    /// Topic indexes, best first; an exactly named topic goes first.
    pub order: Vec<usize>,
    /// The best topic's probability minus the runner-up topic's.
    pub margin: f32,
    pub rule: Rule,
    /// The topics offered when not answering, best first (empty for `NoEvidence`).
    pub offered: Vec<usize>,
}

/// One topic's evidence score, without the model.
pub fn evidence(e: &Evidence, t: usize) -> f32 {
    let k = e.score[t];
    let s = e.similarity[t];
    W_KEYWORD * k / (k + KEYWORD_HALF)
        + W_COVERAGE * e.coverage[t]
        + W_EXAMPLE * s.best
        + W_EXAMPLES * s.topic
}

pub fn decide(e: &Evidence) -> Decision {
    decide_with(e, &stack::FITTED)
}

/// The decision under weights `w`.
pub fn decide_with(e: &Evidence, w: &Weights) -> Decision {
    let n = e.score.len();
    let base: Vec<f32> = (0..n).map(|t| evidence(e, t)).collect();
    let (topics, none_features) = features(e, &base);
    let (scores, none) = stack::scores(w, &topics, &none_features);
    let mut combined = probabilities(&scores, none);
    let p_none = 1.0 - combined.iter().sum::<f32>();
    // A topic nothing in the message speaks for is no candidate, whatever share of belief the
    // softmax leaves it.
    for (t, p) in combined.iter_mut().enumerate() {
        if base[t] == 0.0 && e.model[t] == 0.0 {
            *p = 0.0;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let exact = |t| e.exact == Some(t);
        exact(b)
            .cmp(&exact(a))
            .then(scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });
    let best = order.first().copied();
    let second = order.get(1).map_or(0.0, |&t| combined[t]);
    let margin = best.map_or(0.0, |t| combined[t]) - second;
    // How far the best leads whatever comes next, another topic or "none".
    let lead = margin.min(best.map_or(0.0, |t| combined[t]) - p_none);
    let rule = match best {
        None => Rule::NoEvidence,
        Some(_) if e.exact.is_some() => Rule::Named,
        // One word that names nothing is too little to answer with: "sales" is offered its
        // topic, not answered.
        Some(_) if e.words < TERSE => Rule::Unclear,
        Some(t) if scores[t] > none && lead >= CLEAR_MARGIN => Rule::Clear,
        Some(t) if scores[t] > none => Rule::Close,
        Some(_) => Rule::Unclear,
    };
    let top = best.map_or(0.0, |t| base[t]);
    let mut offered = Vec::new();
    if !rule.answers() {
        offered = order
            .iter()
            .copied()
            .filter(|&t| base[t] >= OFFER && base[t] >= OFFER_SHARE * top && evident(e, t))
            .take(MAX_OFFERED)
            .collect();
    }
    let rule = if !rule.answers() && offered.is_empty() {
        Rule::NoEvidence
    } else {
        rule
    };
    Decision {
        combined,
        evidence: base,
        order,
        margin,
        rule,
        offered,
    }
}

/// The decision's features for `e`, given each topic's evidence score.
pub fn features(e: &Evidence, base: &[f32]) -> (Vec<[f32; stack::TOPIC]>, [f32; stack::NONE]) {
    let grounded: Vec<bool> = (0..base.len()).map(|t| grounded(e, t)).collect();
    stack::features(e, base, &grounded)
}

/// Each topic's probability when the topics and "none" compete: a softmax over the scores.
fn probabilities(scores: &[f32], none: f32) -> Vec<f32> {
    let max = scores.iter().copied().fold(none, f32::max);
    let total: f32 = scores.iter().map(|s| (s - max).exp()).sum::<f32>() + (none - max).exp();
    scores.iter().map(|s| (s - max).exp() / total).collect()
}

/// Real evidence for `topic`: a deliberate keyword or an example close to the message.
fn evident(e: &Evidence, topic: usize) -> bool {
    e.anchored[topic] || e.similarity[topic].best >= OFFER_SIMILARITY
}

/// Whether what was typed supports `topic` enough to answer with it: a message that reads like
/// one of its examples, or that the model reads as mostly about it, or keywords that are
/// relevant, cover enough of the message and, in a short message, name the topic and leave
/// little unexplained.
pub fn grounded(e: &Evidence, topic: usize) -> bool {
    let coverage = e.coverage[topic];
    let words = e.words;
    let similar = e.similarity[topic];
    let reads_like =
        (similar.best >= STRONG_EXAMPLE || similar.topic >= STRONG_EXAMPLES) && words > TERSE;
    let modeled = e.model[topic] >= MODEL_GROUND && words > TERSE;
    let keyed = e.score[topic] >= MIN_SCORE
        && (words > TERSE || e.anchored[topic])
        && coverage >= MIN_COVERAGE
        && (words > SHORT || coverage >= MIN_SHORT_COVERAGE);
    (reads_like || keyed || modeled) && (words > BRIEF || e.missed[topic] < MAX_MISSED)
}
