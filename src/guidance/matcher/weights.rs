//! BM25F weights: which fields of a pack a word appears in, how much each field counts, and
//! the per-topic weight of every vocabulary word, computed once from word counts.

use std::collections::HashMap;

use super::fasthash::FastMap;

/// Where in a pack a word was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The id's words ("career change"): what the topic is called.
    Id,
    Title,
    /// A one-word keyword ("burnout", "headcount").
    Keyword,
    /// The one meaningful word of a keyword that also has stop words ("should i quit",
    /// "what's next"): a good signal, but "next" alone is not "what's next".
    Collapsed,
    /// A word of a multi-word keyword. On its own it is weak evidence ("burnt" from "burnt
    /// out"); the whole phrase scores separately.
    PhraseWord,
    Summary,
    /// A pack's example questions: written as people ask, so their words are the words people
    /// use, but many and in passing.
    Example,
    /// The sections: lots of words, each a faint signal, scored apart so that a word repeated
    /// in the body never outweighs a keyword.
    Body,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Id,
        Field::Title,
        Field::Keyword,
        Field::Collapsed,
        Field::PhraseWord,
        Field::Summary,
        Field::Example,
        Field::Body,
    ];

    /// BM25F weight.
    fn weight(self) -> f32 {
        match self {
            Field::Id => 3.0,
            Field::Keyword => 3.0,
            Field::Title => 1.5,
            Field::Collapsed => 1.5,
            Field::Summary => 1.2,
            Field::PhraseWord => 1.0,
            Field::Example => 0.4,
            Field::Body => 1.0,
        }
    }

    /// BM25 length normalisation: keyword lists should not be punished for being thorough.
    fn b(self) -> f32 {
        match self {
            Field::Body => 0.75,
            _ => 0.3,
        }
    }

    /// How much of a query word a topic "explains" when the word appears in this field.
    pub fn cover(self) -> f32 {
        match self {
            Field::Id | Field::Keyword => 1.0,
            Field::Collapsed => 0.8,
            Field::Title | Field::PhraseWord | Field::Summary => 0.5,
            Field::Example => 0.3,
            Field::Body => 0.2,
        }
    }

    pub fn slot(self) -> usize {
        self as usize
    }
}

const K1: f32 = 2.0;
/// A word only in a pack's body counts as this much of a document for rarity.
const BODY_PRESENCE: f32 = 0.4;
/// The most a body-only word can add, as a share of its idf, however often the body repeats it.
const BODY_CAP: f32 = 0.4;

/// One vocabulary word's weights.
#[derive(Debug)]
pub struct Term {
    pub stem: String,
    /// Rarity across topics (BM25 idf).
    pub idf: f32,
    /// (topic, weight, cover) for every topic that uses the word.
    pub postings: Vec<(usize, f32, f32)>,
    /// The most any topic explains of it: a word only ever seen in bodies says little.
    pub best_cover: f32,
}

pub const FIELDS: usize = Field::ALL.len();
/// Word counts per topic and field, on the way to weights.
pub type Counts = HashMap<String, Vec<[u32; FIELDS]>>;

/// Turns word counts into per-topic weights: BM25F over the deliberate fields (name, keywords,
/// summary) plus a capped contribution from the body.
pub fn weigh(counts: Counts, lengths: &[[u32; FIELDS]]) -> (Vec<Term>, FastMap<String, u32>) {
    let n = lengths.len();
    let avg: Vec<f32> = Field::ALL
        .iter()
        .map(|f| {
            let total: u32 = lengths.iter().map(|l| l[f.slot()]).sum();
            (total as f32 / n.max(1) as f32).max(1.0)
        })
        .collect();
    let body = Field::Body.slot();
    let mut stems: Vec<_> = counts.into_iter().collect();
    // Sorted so that ids, and so every tie-break downstream, are the same on every run.
    stems.sort_by(|a, b| a.0.cmp(&b.0));
    let mut terms = Vec::with_capacity(stems.len());
    let mut ids = FastMap::default();
    for (stem, rows) in stems {
        let presence: f32 = rows
            .iter()
            .map(|row| {
                if row.iter().enumerate().any(|(f, &c)| f != body && c > 0) {
                    1.0
                } else if row[body] > 0 {
                    BODY_PRESENCE
                } else {
                    0.0
                }
            })
            .sum();
        let idf = (1.0 + (n as f32 - presence + 0.5) / (presence + 0.5)).ln();
        let mut postings = Vec::new();
        for (topic, row) in rows.iter().enumerate() {
            let (mut tf, mut body_tf, mut cover) = (0.0f32, 0.0f32, 0.0f32);
            for f in Field::ALL {
                let count = row[f.slot()];
                if count == 0 {
                    continue;
                }
                let len = lengths[topic][f.slot()] as f32;
                let norm = 1.0 - f.b() + f.b() * len / avg[f.slot()];
                let weighted = f.weight() * count as f32 / norm;
                if f == Field::Body {
                    body_tf = weighted;
                } else {
                    tf += weighted;
                }
                cover = cover.max(f.cover());
            }
            let strong = tf * (K1 + 1.0) / (K1 + tf);
            let faint = BODY_CAP * body_tf / (body_tf + 1.0);
            let weight = idf * (strong + faint);
            if weight > 0.0 {
                postings.push((topic, weight, cover));
            }
        }
        let id = u32::try_from(terms.len()).unwrap_or(u32::MAX);
        ids.insert(stem.clone(), id);
        let best_cover = postings.iter().map(|p| p.2).fold(0.0, f32::max);
        terms.push(Term {
            stem,
            idf,
            postings,
            best_cover,
        });
    }
    (terms, ids)
}

/// Counts one more use of a word in a field. Keywords are alternatives, not prose: "marketing"
/// in five variants of one keyword is no more relevant than in one, so they count once.
pub fn bump(count: &mut u32, field: Field) {
    *count = match field {
        Field::Summary | Field::Example | Field::Body => *count + 1,
        _ => 1,
    };
}
