//! The decision on one query. Keyword relevance, the share of the message a topic explains and
//! similarity to its example questions are combined into one evidence score per topic, so the
//! whole message counts, not its strongest keyword. The model's probability (`model`) is added
//! to rank the topics: it breaks the near-ties between neighbouring topics that the
//! hand-weighted scores leave. Then explicit rules on the evidence say whether to answer, offer
//! the topics that have real evidence, or decline plainly; `Rule` names the one that decided.

use serde::Serialize;

use super::score::Evidence;

/// Keyword relevance saturates: a score this high counts half of its most. One strong keyword
/// cannot outweigh a message that reads like another topic's examples.
const KEYWORD_HALF: f32 = 3.0;
/// The parts of the combined score.
const W_KEYWORD: f32 = 0.35;
const W_COVERAGE: f32 = 0.1;
const W_EXAMPLE: f32 = 0.2;
const W_EXAMPLES: f32 = 0.3;
/// The model's probability, added to the evidence to rank topics (not to decide whether to
/// answer at all: the model spreads a probability over the topics even for a lasagna recipe).
const W_MODEL: f32 = 0.15;
/// A topic the model gives at least this probability is grounded in what was typed even when
/// no single keyword or example says so.
const MODEL_GROUND: f32 = 0.5;

/// A topic is answered with when its combined score reaches this ...
const ANSWER: f32 = 0.25;
/// ... and it leads the runner-up by this much; closer than `CLEAR_MARGIN` it is still
/// answered, but marked as low confidence.
const MIN_MARGIN: f32 = 0.0;
const CLEAR_MARGIN: f32 = 0.08;
/// Similarity this high to one example, or to a topic's closest examples on average, is evidence on its
/// own, even for a short message.
const STRONG_EXAMPLE: f32 = 0.35;
const STRONG_EXAMPLES: f32 = 0.3;
/// A topic this far ahead of the runner-up, with this combined score and real evidence, is
/// answered with even when the message is too brief or loose to be grounded.
const DOMINANT: f32 = 0.33;
const DOMINANT_MARGIN: f32 = 0.15;
/// ... and so is a two-word message this similar to one of its examples.
const TERSE_EXAMPLE: f32 = 0.4;
/// Below this similarity to its closest example, a message does not read like the topic at
/// all; only its keywords speak for it.
const FAINT_EXAMPLE: f32 = 0.1;
/// A topic is offered as a candidate only with at least this combined score and this share of
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
                "the best topic's evidence scores at least {ANSWER}, it is grounded in what was typed and it leads the next by at least {CLEAR_MARGIN} (evidence plus the model); or its evidence scores at least {DOMINANT} with a keyword or a close example and it leads by at least {DOMINANT_MARGIN}"
            ),
            Rule::Close => format!(
                "the best topic's evidence scores at least {ANSWER} but it leads the next by less than {CLEAR_MARGIN}: answered with low confidence"
            ),
            Rule::Unclear => format!(
                "no topic is sure enough to answer; topics whose evidence scores at least {OFFER}, with a keyword or an example close to the message, are offered"
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
    /// Evidence plus the model's probability per topic, in library order: what ranks them.
    pub combined: Vec<f32>,
    /// Evidence per topic, in library order: what the thresholds are compared with.
    pub evidence: Vec<f32>,
    /// Topic indexes, best first; an exactly named topic goes first.
    pub order: Vec<usize>,
    /// Best combined score minus the runner-up's.
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
    let n = e.score.len();
    let base: Vec<f32> = (0..n).map(|t| evidence(e, t)).collect();
    let combined: Vec<f32> = (0..n).map(|t| base[t] + W_MODEL * e.model[t]).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let exact = |t| e.exact == Some(t);
        exact(b)
            .cmp(&exact(a))
            .then(combined[b].total_cmp(&combined[a]))
            .then(a.cmp(&b))
    });
    let best = order.first().copied();
    let top = best.map_or(0.0, |t| base[t]);
    let second = order.get(1).map_or(0.0, |&t| combined[t]);
    let margin = best.map_or(0.0, |t| combined[t]) - second;
    let rule = match best {
        None => Rule::NoEvidence,
        Some(_) if e.exact.is_some() => Rule::Named,
        Some(t) if top >= ANSWER && margin >= MIN_MARGIN && grounded(e, t) => {
            if margin >= CLEAR_MARGIN {
                Rule::Clear
            } else if e.words <= BRIEF && e.similarity[t].best < FAINT_EXAMPLE {
                // A close call in a few words, on keywords alone, unlike anything people ask
                // about the topic: "privacy curtains for the meeting room".
                Rule::Unclear
            } else {
                Rule::Close
            }
        }
        // Far ahead of every other topic on real evidence: a brief or loosely worded message
        // ("i'm so fried i can't even think straight") still says enough.
        Some(t) if top >= DOMINANT && margin >= DOMINANT_MARGIN && said_enough(e, t) => Rule::Clear,
        Some(_) => Rule::Unclear,
    };
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

/// Whether a message far ahead for `topic` says enough to answer: more than two meaningful
/// words with real evidence, or two that read like one of its examples ("how do i get IT to
/// help us"). One word never does: "sales" is offered a topic, not answered.
fn said_enough(e: &Evidence, topic: usize) -> bool {
    (e.words > TERSE && evident(e, topic))
        || (e.words == TERSE && e.similarity[topic].best >= TERSE_EXAMPLE)
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
