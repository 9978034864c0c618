//! Similarity to the packs' example questions: TF-IDF cosine between a message and each example,
//! over the same terms the keyword index uses (stems and word families) plus pairs of adjacent
//! meaningful words ("three people", "every weekend"). A message that reads like an example
//! reaches its topic even when it shares no keyword with it, and a message whose one keyword
//! belongs elsewhere is still judged by everything else it says.
//!
//! Built once from the packs; a query costs one hash look-up per feature and one pass over the
//! examples that share a feature with it, so it stays linear in the message's length.

use super::fasthash::FastMap;

/// A term of the keyword index, or two adjacent ones, as one hashable key.
pub type Feature = u64;

/// The key of one term.
pub fn single(term: u32) -> Feature {
    (u64::from(term) << 32) | u64::from(u32::MAX)
}

/// The key of two terms that follow each other.
pub fn pair(first: u32, second: u32) -> Feature {
    (u64::from(first) << 32) | u64::from(second)
}

/// A word family stands in for its words at this weight, so "slammed" and "swamped" are alike
/// but less alike than the same word twice.
pub const FAMILY_WEIGHT: f32 = 0.6;
/// Adjacent pairs say more than their words alone, but are rarer and so already weigh more by
/// their idf; this keeps them from swamping the words.
pub const PAIR_WEIGHT: f32 = 0.7;

/// The features of a text, from its meaningful words in order: each word's term (with how sure
/// we are of it) if known, and its family's term. Each known word and family counts once, and
/// each pair of adjacent known words; the second value counts the words no pack uses.
pub fn bag(words: impl Iterator<Item = (Option<(u32, f32)>, Option<u32>)>) -> (Bag, usize) {
    let mut seen = super::fasthash::FastSet::default();
    let mut bag = Bag::new();
    let mut unknown = 0;
    let mut add = |f, w| {
        if seen.insert(f) {
            bag.push((f, w));
        }
    };
    let mut previous: Option<u32> = None;
    for (own, family) in words {
        match own {
            Some((term, factor)) => {
                add(single(term), factor);
                if let Some(p) = previous {
                    add(pair(p, term), PAIR_WEIGHT * factor);
                }
                previous = Some(term);
            }
            None => {
                unknown += 1;
                previous = None;
            }
        }
        if let Some(family) = family {
            add(single(family), FAMILY_WEIGHT);
        }
    }
    (bag, unknown)
}

/// Added to every vector's squared length, query and example alike: a text of one or two
/// words is not "identical" to an example because it shares its only word ("what time is it"
/// and "how do i know when it's time to go"). Roughly one common word's weight, squared.
const SMOOTHING: f32 = 4.0;

/// How many of a topic's closest examples its overall similarity averages: a message that reads
/// like several ways of asking about a topic is more surely about it than one that happens to
/// share words with a single example.
const CLOSEST: usize = 3;

/// One example's features, as the query side sees it.
#[derive(Debug, Clone, Copy)]
struct Posting {
    example: u32,
    weight: f32,
}

/// How close a message is to one topic's examples.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Similarity {
    /// Cosine with the closest example, 0..=1.
    pub best: f32,
    /// Which example that is.
    pub example: Option<u32>,
    /// The mean cosine with the topic's `CLOSEST` closest examples, 0..=1: less moved by one
    /// lucky example, and unlike a centroid of all its examples, not diluted as a pack gains
    /// examples for other ways of asking.
    pub topic: f32,
}

/// The examples of every pack, indexed by feature.
#[derive(Debug, Default)]
pub struct Examples {
    /// Which topic each example teaches, and its text (for explanations).
    pub owner: Vec<(usize, String)>,
    norms: Vec<f32>,
    postings: FastMap<Feature, Vec<Posting>>,
    idf: FastMap<Feature, f32>,
    /// What a feature no example has weighs in a message: as much as the rarest one.
    pub unseen: f32,
}

/// A text's features with their weights before idf (1 for a word, less for a family or pair).
pub type Bag = Vec<(Feature, f32)>;

impl Examples {
    /// Indexes `examples`: (topic, text, features) for every example of every pack.
    pub fn new(examples: Vec<(usize, String, Bag)>) -> Self {
        let n = examples.len() as f32;
        let mut df: FastMap<Feature, u32> = FastMap::default();
        for (_, _, bag) in &examples {
            for &(f, _) in bag {
                *df.entry(f).or_default() += 1;
            }
        }
        let idf: FastMap<Feature, f32> = df
            .into_iter()
            .map(|(f, d)| (f, (1.0 + n / d as f32).ln()))
            .collect();
        let unseen = (1.0 + n).ln();
        let mut index = Self {
            unseen,
            ..Self::default()
        };
        for (i, (topic, text, bag)) in examples.into_iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let mut norm = 0.0f32;
            for (f, w) in bag {
                let weight = w * idf.get(&f).copied().unwrap_or(unseen);
                norm += weight * weight;
                index.postings.entry(f).or_default().push(Posting {
                    example: id,
                    weight,
                });
            }
            index.norms.push((norm + SMOOTHING).sqrt());
            index.owner.push((topic, text));
        }
        index.idf = idf;
        index
    }

    /// Per topic (`topics` of them): the cosine of `bag` with its closest example, and which
    /// example that was. `unknown` counts query words no example or pack uses: they are part of
    /// what was said, so they dilute every similarity.
    pub fn similarity(
        &self,
        bag: &[(Feature, f32)],
        unknown: usize,
        topics: usize,
    ) -> Vec<Similarity> {
        let mut best = vec![Similarity::default(); topics];
        if self.owner.is_empty() {
            return best;
        }
        let mut dots = vec![0.0f32; self.owner.len()];
        let mut norm = unknown as f32 * self.unseen * self.unseen + SMOOTHING;
        for &(f, w) in bag {
            let idf = self.idf.get(&f).copied();
            let q = w * idf.unwrap_or(self.unseen);
            // A pair no example has is not news: its words are already counted.
            if idf.is_some() || f & u64::from(u32::MAX) == u64::from(u32::MAX) {
                norm += q * q;
            }
            for p in self.postings.get(&f).into_iter().flatten() {
                dots[p.example as usize] += q * p.weight;
            }
        }
        if norm == 0.0 {
            return best;
        }
        let norm = norm.sqrt();
        // Per topic, its closest examples' cosines, best first.
        let mut closest = vec![[0.0f32; CLOSEST]; topics];
        for (i, &dot) in dots.iter().enumerate() {
            if dot == 0.0 {
                continue;
            }
            let cos = dot / (norm * self.norms[i]);
            let topic = self.owner[i].0;
            if topic >= topics {
                continue;
            }
            if cos > best[topic].best {
                best[topic].best = cos;
                best[topic].example = Some(u32::try_from(i).unwrap_or(u32::MAX));
            }
            let row = &mut closest[topic];
            if cos > row[CLOSEST - 1] {
                row[CLOSEST - 1] = cos;
                row.sort_by(|a, b| b.total_cmp(a));
            }
        }
        for (similarity, row) in best.iter_mut().zip(&closest) {
            similarity.topic = row.iter().sum::<f32>() / CLOSEST as f32;
        }
        best
    }
}
