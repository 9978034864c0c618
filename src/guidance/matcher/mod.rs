//! Matches what people type to a topic. Deterministic and local: the index is built once, at
//! start-up, from the packs' ids, titles, keywords, example questions, summaries and sections.
//!
//! A query is normalised (`text`: case, punctuation, contractions, stop words, Snowball stems),
//! each word is read as itself and as its word family (`lexicon`), misspellings are corrected
//! against the library's own vocabulary (`typo`), and every topic is scored three ways (`score`):
//! BM25F plus whole-phrase bonuses (`index`, `phrases`), the share of the message it explains,
//! and TF-IDF similarity of the whole message to its example questions (`similar`). A
//! logistic-regression model trained at start-up on the packs and the labelled training questions
//! (`model`) reads the whole message too, how it is put included, and believes in "none of
//! these" for what the training questions mark off-topic. `decide` weighs it all with weights
//! fitted to those questions (`stack`, `fit`, `fitted`): answer, offer the topics with real
//! evidence, or decline plainly; `explain` says why.

mod decide;
mod explain;
mod fasthash;
mod fit;
mod fitted;
mod index;
mod lexicon;
mod model;
mod phrases;
mod score;
mod similar;
mod stack;
mod text;
mod typo;
mod weights;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use serde::Serialize;

use super::library::TrainingFile;
use super::pack::Pack;
pub use decide::Rule;
pub use explain::{Candidate, Counted, Explanation, MAX_SHOWN};
pub use fit::{Sample, fit, source as weights_source};
use index::Index;
pub use stack::{FITTED, Weights};

/// How sure an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    /// Another topic came close: worth a content owner's look.
    Low,
}

/// The verdict on one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Outcome {
    /// A topic fits.
    Match {
        topic: String,
        score: f32,
        confidence: Confidence,
    },
    /// Nothing fits well enough. `closest` holds the topics with real evidence, best first (at
    /// most three); it is empty when nothing in the message points at any topic.
    Unsure { closest: Vec<String> },
}

/// One topic's standing for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub topic: String,
    /// The combined score the decision compares, 0..=1.
    pub combined: f32,
    /// BM25F relevance plus phrase bonuses; 0 when nothing matched.
    pub score: f32,
    /// The share of the query's meaningful words this topic accounts for, 0..=1.
    pub coverage: f32,
    /// Cosine similarity to the topic's closest example question, 0..=1.
    pub similarity: f32,
}

/// The index over every pack. Cheap to clone: the index is shared.
#[derive(Debug, Clone)]
pub struct Matcher {
    index: Arc<Index>,
}

impl Matcher {
    /// The matcher over `packs`, its model also trained on `training`.
    pub fn new(packs: &[Pack], training: &[TrainingFile]) -> Self {
        Self {
            index: Arc::new(Index::new(packs, training)),
        }
    }

    /// Every topic, best first; ties keep library order.
    pub fn rank(&self, text: &str) -> Vec<Ranked> {
        let evidence = score::evidence(&self.index, text, None);
        let decision = decide::decide(&evidence);
        decision
            .order
            .iter()
            .map(|&t| Ranked {
                topic: self.index.topics[t].clone(),
                combined: decision.combined[t],
                score: evidence.score[t],
                coverage: evidence.coverage[t],
                similarity: evidence.similarity[t].best,
            })
            .collect()
    }

    /// The topic `text` is about, or the topics worth offering when none fits well enough.
    pub fn classify(&self, text: &str) -> Outcome {
        self.classify_with(text, &FITTED)
    }

    /// As `classify`, with the decision weighed by `weights` (`mops-bot tune` tries new ones).
    pub fn classify_with(&self, text: &str, weights: &Weights) -> Outcome {
        let evidence = score::evidence(&self.index, text, None);
        self.outcome(&decide::decide_with(&evidence, weights))
    }

    /// What the decision weighs for `text`, labelled with the topic it belongs to (`None`:
    /// off-topic, or a topic this library does not have), for fitting the weights.
    pub fn sample(&self, text: &str, topic: Option<&str>) -> Sample {
        let e = score::evidence(&self.index, text, None);
        let base: Vec<f32> = (0..e.score.len())
            .map(|t| decide::evidence(&e, t))
            .collect();
        let (topics, none) = decide::features(&e, &base);
        Sample {
            topics,
            none,
            label: topic.and_then(|id| self.index.topics.iter().position(|t| t == id)),
        }
    }

    /// The verdict on `text` with everything it rests on.
    pub fn explain(&self, text: &str) -> Explanation {
        let mut trace = score::Trace::new();
        let evidence = score::evidence(&self.index, text, Some(&mut trace));
        let decision = decide::decide(&evidence);
        let outcome = self.outcome(&decision);
        explain::build(&self.index, &evidence, trace, &decision, outcome)
    }

    fn outcome(&self, decision: &decide::Decision) -> Outcome {
        let name = |t: usize| self.index.topics[t].clone();
        match decision.order.first() {
            Some(&t) if decision.rule.answers() => Outcome::Match {
                topic: name(t),
                score: decision.combined[t],
                confidence: if decision.rule == Rule::Close {
                    Confidence::Low
                } else {
                    Confidence::High
                },
            },
            _ => Outcome::Unsure {
                closest: decision.offered.iter().map(|&t| name(t)).collect(),
            },
        }
    }
}
