//! Matches what people type to a topic. Deterministic and local: built once at start-up.

use super::pack::Pack;

/// The verdict on one query.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A topic fits with confidence.
    Match { topic: String, score: f32 },
    /// Nothing fits well enough; the closest topics, best first (at most three).
    Unsure { closest: Vec<String> },
}

/// The index over every pack.
#[derive(Debug, Clone)]
pub struct Matcher {
    topics: Vec<(String, Vec<String>)>,
}

impl Matcher {
    pub fn new(packs: &[Pack]) -> Self {
        let topics = packs
            .iter()
            .map(|p| {
                let mut terms: Vec<String> = p.keywords.iter().map(|k| k.to_lowercase()).collect();
                terms.push(p.id.replace('-', " "));
                terms.push(p.title.to_lowercase());
                (p.id.clone(), terms)
            })
            .collect();
        Self { topics }
    }

    pub fn classify(&self, query: &str) -> Outcome {
        let q = query.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .topics
            .iter()
            .map(|(id, terms)| {
                (
                    terms.iter().filter(|t| q.contains(t.as_str())).count(),
                    id.as_str(),
                )
            })
            .collect();
        scored.sort_by_key(|s| std::cmp::Reverse(s.0));
        match scored.first() {
            Some((n, id)) if *n > 0 => Outcome::Match {
                topic: (*id).to_owned(),
                score: *n as f32,
            },
            _ => Outcome::Unsure {
                closest: scored
                    .iter()
                    .take(3)
                    .map(|(_, id)| (*id).to_owned())
                    .collect(),
            },
        }
    }
}
