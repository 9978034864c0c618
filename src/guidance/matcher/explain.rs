//! Why the matcher decided what it did: for each candidate topic the words and phrases that
//! counted and how much, its scores (evidence, the model's probability, and the decision's probability) and closest
//! example question, the margin between the two best and the rule that decided. `mops-bot ask --explain` prints it and the playground shows
//! it; both read this one value.

use serde::Serialize;

use super::Outcome;
use super::decide::{self, Decision, Rule};
use super::index::Index;
use super::score::{Evidence, Trace};

/// The most candidate topics an explanation shows a person; `candidates` holds them all.
pub const MAX_SHOWN: usize = 5;

/// Why a message got the answer it got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// Meaningful words read (stop words left out).
    pub words: usize,
    /// Every topic with any evidence, best first.
    pub candidates: Vec<Candidate>,
    /// The best topic's probability minus the runner-up's.
    pub margin: f32,
    pub rule: Rule,
    /// What the rule means, in words.
    pub reason: String,
    pub outcome: Outcome,
}

/// One topic's standing and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub topic: String,
    /// The decision's probability that the message is about this topic ("none of these" has
    /// the rest): what ranks topics.
    pub score: f32,
    /// The hand-weighted evidence score (keywords, coverage, examples): one of the decision's
    /// measures, and what decides which topics are offered.
    pub evidence: f32,
    /// The model's probability that the message is about this topic, 0..=1.
    pub model: f32,
    /// Keyword relevance (BM25F over the pack plus whole phrases).
    pub keywords: f32,
    /// The share of the message the topic explains, 0..=1.
    pub coverage: f32,
    /// Cosine similarity to the topic's closest example question, 0..=1.
    pub similarity: f32,
    /// Mean cosine similarity to the topic's three closest examples, 0..=1.
    pub topic_similarity: f32,
    /// The closest example, when any is similar at all.
    pub example: Option<String>,
    /// Whether a keyword, the id or a whole phrase of the topic was typed.
    pub named: bool,
    /// Whether what was typed supports the topic enough to answer with it (see `Rule::Clear`).
    pub grounded: bool,
    /// The words and phrases that added to `keywords`, most first.
    pub counted: Vec<Counted>,
}

/// A word or a whole phrase (in quotes) and what it added.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counted {
    pub text: String,
    pub weight: f32,
}

pub fn build(
    index: &Index,
    evidence: &Evidence,
    mut trace: Trace,
    decision: &Decision,
    outcome: Outcome,
) -> Explanation {
    let candidates = decision
        .order
        .iter()
        .copied()
        .filter(|&t| decision.combined[t] > 0.0)
        .map(|t| {
            let similar = evidence.similarity[t];
            let mut counted: Vec<Counted> = std::mem::take(&mut trace[t])
                .into_iter()
                .map(|(text, weight)| Counted { text, weight })
                .collect();
            counted.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            Candidate {
                topic: index.topics[t].clone(),
                score: decision.combined[t],
                evidence: decision.evidence[t],
                model: evidence.model[t],
                keywords: evidence.score[t],
                coverage: evidence.coverage[t],
                similarity: similar.best,
                topic_similarity: similar.topic,
                example: similar
                    .example
                    .map(|e| index.examples.owner[e as usize].1.clone()),
                named: evidence.anchored[t],
                grounded: decide::grounded(evidence, t),
                counted,
            }
        })
        .collect();
    Explanation {
        words: evidence.words,
        candidates,
        margin: decision.margin,
        rule: decision.rule,
        reason: decision.rule.describe(),
        outcome,
    }
}
