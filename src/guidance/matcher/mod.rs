//! Matches what people type to a topic. Deterministic and local: the index is built once, at
//! start-up, from the packs' ids, titles, keywords, summaries and sections.
//!
//! A query is normalised (`text`: case, punctuation, contractions, stop words, Snowball stems),
//! each word is read as itself and as its word family (`lexicon`), misspellings are corrected
//! against the library's own vocabulary (`typo`), and every topic is scored with BM25F plus
//! whole-phrase bonuses (`index`, `score`). A topic wins only when its score is high enough
//! *and* it explains enough of what was typed; otherwise the answer is "not sure", so "team
//! lunch on friday" is not forced onto `team-size`.

mod fasthash;
mod index;
mod lexicon;
mod score;
mod text;
mod typo;
mod weights;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use super::pack::Pack;
use index::Index;
use score::Evidence;

/// Below this relevance no topic is a confident fit, however much of the query it covers.
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

/// The verdict on one query.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A topic fits with confidence.
    Match { topic: String, score: f32 },
    /// Nothing fits well enough; the closest topics, best first (three when the library has them).
    Unsure { closest: Vec<String> },
}

/// One topic's standing for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub topic: String,
    /// BM25F relevance plus phrase bonuses; 0 when nothing matched.
    pub score: f32,
    /// The share of the query's meaningful words this topic accounts for, 0..=1.
    pub coverage: f32,
}

/// The index over every pack. Cheap to clone: the index is shared.
#[derive(Debug, Clone)]
pub struct Matcher {
    index: Arc<Index>,
}

impl Matcher {
    pub fn new(packs: &[Pack]) -> Self {
        Self {
            index: Arc::new(Index::new(packs)),
        }
    }

    /// Every topic, best first; ties keep library order.
    pub fn rank(&self, text: &str) -> Vec<Ranked> {
        let evidence = score::evidence(&self.index, text);
        self.order(&evidence)
            .into_iter()
            .map(|t| Ranked {
                topic: self.index.topics[t].clone(),
                score: evidence.score[t],
                coverage: evidence.coverage[t],
            })
            .collect()
    }

    /// The topic `text` is about, or the closest ones when no topic is a confident fit.
    pub fn classify(&self, text: &str) -> Outcome {
        let evidence = score::evidence(&self.index, text);
        let order = self.order(&evidence);
        let confident = evidence
            .exact
            .or_else(|| order.first().copied().filter(|&t| confident(&evidence, t)));
        match confident {
            Some(t) => Outcome::Match {
                topic: self.index.topics[t].clone(),
                score: evidence.score[t],
            },
            None => Outcome::Unsure {
                closest: order
                    .iter()
                    .take(3)
                    .map(|&t| self.index.topics[t].clone())
                    .collect(),
            },
        }
    }

    /// Topic indexes by descending score; an exact name goes first.
    fn order(&self, evidence: &Evidence) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.index.topics.len()).collect();
        order.sort_by(|&a, &b| {
            let exact = |t| evidence.exact == Some(t);
            exact(b)
                .cmp(&exact(a))
                .then(evidence.score[b].total_cmp(&evidence.score[a]))
                .then(a.cmp(&b))
        });
        order
    }
}

/// Whether `topic`, the best-scoring one, fits well enough to answer with.
fn confident(evidence: &Evidence, topic: usize) -> bool {
    let coverage = evidence.coverage[topic];
    let words = evidence.words;
    evidence.score[topic] >= MIN_SCORE
        && (words > TERSE || evidence.anchored[topic])
        && coverage >= MIN_COVERAGE
        && (words > SHORT || coverage >= MIN_SHORT_COVERAGE)
        && (words > BRIEF || evidence.missed[topic] < MAX_MISSED)
}
