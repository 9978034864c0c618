//! Scores one query against every topic: BM25F over the query's words (each read as itself
//! and as its word family), bonuses for keyword phrases found whole (`phrases`), how much of the
//! query each topic explains, how many of its words speak for each topic, and how close the
//! whole message is to each topic's example questions (`similar`).

use super::fasthash::FastSet;
use super::index::Index;
use super::phrases;
use super::similar;
use super::text::{self, Word};

/// A typo-corrected word is a guess, so it counts for less than a word typed right.
const TYPO_FACTOR: f32 = 0.8;
/// A word's family stands in for it at this weight.
const CONCEPT_FACTOR: f32 = 1.0;
/// What a word weighs that no topic is about, as a share of the rarest word's idf: it is
/// information no topic explains ("pizza" in "pizza recipe").
const UNKNOWN_SHARE: f32 = 0.5;
/// A topic trusts a corrected word only where it explains at least this much of it: in its
/// id, title or keywords, not in passing.
const TRUSTED_COVER: f32 = 0.8;
/// A word worth at least this much that a topic says nothing about counts as missed by it.
const MISSED_INFO: f32 = 1.0;
/// A word supports a topic when the topic explains at least this much of it: more than a
/// mention in the body.
const SUPPORT_COVER: f32 = 0.5;
/// The most one word (or one whole phrase) adds to a topic's keyword score: many words that
/// fit a topic say more than one that fits another very well.
pub const WORD_CAP: f32 = 5.0;
/// The most words of one message that typo correction looks at: it is the costliest step per
/// word, a question has a handful of typos, and a wall of unknown words is not a question.
const MAX_CORRECTIONS: usize = 40;

/// Everything the decision needs about one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Keyword relevance per topic (BM25F plus phrases), in library order.
    pub score: Vec<f32>,
    /// Share of the query's information each topic accounts for, 0..=1.
    pub coverage: Vec<f32>,
    /// Per topic: substantive query words it says nothing at all about.
    pub missed: Vec<usize>,
    /// Per topic: distinct query words it explains more than in passing.
    pub support: Vec<usize>,
    /// Per topic: whether some query word is a deliberate signal for it (its id, a keyword, a
    /// whole phrase), not only words it happens to use.
    pub anchored: Vec<bool>,
    /// Per topic: how close the message is to its example questions.
    pub similarity: Vec<similar::Similarity>,
    /// Per topic: the model's probability that the message is about it (0 for all when the
    /// model knows none of its words).
    pub model: Vec<f32>,
    /// The model's probability that the message is about none of the topics (0 when the
    /// library has no off-topic training questions).
    pub none: f32,
    /// The topic the whole query names exactly, if any ("burnout", "Growing into leadership").
    pub exact: Option<usize>,
    /// Meaningful (non stop) words in the query.
    pub words: usize,
}

/// Per topic, the words and phrases that added to its score and how much, for explanations.
pub type Trace = Vec<Vec<(String, f32)>>;

/// One reading of a query word: a vocabulary term and how sure we are of it.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub term: u32,
    pub factor: f32,
    /// A typo correction: trusted only in deliberate fields.
    pub guess: bool,
}

/// A meaningful query word resolved to the vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// The word itself, or its correction.
    pub own: Option<Reading>,
    /// Its word family, if the library uses it.
    pub family: Option<Reading>,
}

pub fn evidence(index: &Index, text: &str, mut trace: Option<&mut Trace>) -> Evidence {
    let n = index.topics.len();
    let words = index.analyzer.words(text::capped(text));
    let content: Vec<&Word> = words.iter().filter(|w| !w.stop).collect();
    let mut corrections = MAX_CORRECTIONS;
    let resolved: Vec<Resolved> = content
        .iter()
        .map(|w| resolve(index, w, &mut corrections))
        .collect();
    let exact = phrases::exact(index, &resolved);
    let mut score = vec![0.0f32; n];
    if let Some(t) = trace.as_deref_mut() {
        *t = vec![Vec::new(); n];
    }
    let phrased = phrases::found(
        index,
        &words,
        &content,
        &resolved,
        &mut score,
        trace.as_deref_mut(),
    );

    // Each distinct word counts once, by its best reading for each topic.
    let mut mass = 0.0f32;
    let mut explained = vec![0.0f32; n];
    let mut missed = vec![0usize; n];
    let mut support = vec![0usize; n];
    let mut anchored = vec![false; n];
    let mut best = vec![(0.0f32, 0.0f32, 0.0f32); n];
    let mut seen: FastSet<&str> = FastSet::default();
    for (word, r) in content.iter().zip(&resolved) {
        if !seen.insert(&word.stem) {
            continue;
        }
        best.fill((0.0, 0.0, 0.0));
        let mut info = 0.0f32;
        for reading in r.own.iter().chain(&r.family) {
            let term = &index.terms[reading.term as usize];
            // A rare word only ever mentioned in passing is still something the query is
            // about; no topic being about it is a reason for doubt.
            info = info.max(term.idf * term.best_cover.max(UNKNOWN_SHARE) * reading.factor);
            for &(topic, weight, cover) in &term.postings {
                let cover = if phrased.contains(&(topic, reading.term)) {
                    1.0
                } else {
                    cover
                };
                // "hates" may be a fine word that merely resembles "hats" in "too many hats".
                if reading.guess && cover < TRUSTED_COVER {
                    continue;
                }
                let b = &mut best[topic];
                b.0 += weight * reading.factor;
                b.1 = b.1.max(term.idf * cover * reading.factor);
                b.2 = b.2.max(cover);
                if cover >= TRUSTED_COVER {
                    anchored[topic] = true;
                }
            }
        }
        // A word the library does not use carries its own meaning, whatever family it is in:
        // "python" is more than "a skill".
        if r.own.is_none() {
            info = info.max(UNKNOWN_SHARE * index.max_idf);
        }
        mass += info;
        for (topic, &(s, e, cover)) in best.iter().enumerate() {
            score[topic] += s.min(WORD_CAP);
            explained[topic] += e;
            if e == 0.0 && info >= MISSED_INFO {
                missed[topic] += 1;
            }
            if cover >= SUPPORT_COVER {
                support[topic] += 1;
            }
            if let Some(t) = trace.as_deref_mut().filter(|_| s > 0.0) {
                t[topic].push((word.surface.clone(), s.min(WORD_CAP)));
            }
        }
    }
    let coverage = explained
        .iter()
        .map(|e| if mass > 0.0 { (e / mass).min(1.0) } else { 0.0 })
        .collect();
    let (bag, unknown) = similar::bag(
        resolved
            .iter()
            .map(|r| (r.own.map(|o| (o.term, o.factor)), r.family.map(|f| f.term))),
    );
    let mut model = {
        let mut bag = bag.clone();
        bag.extend(super::model::frames(&words));
        index.model.predict(&bag, unknown)
    };
    // The model's last class, when it has one, is "none of these".
    let none = model.get(n).copied().unwrap_or(0.0);
    model.truncate(n);
    Evidence {
        score,
        coverage,
        missed,
        support,
        anchored,
        similarity: index.examples.similarity(&bag, unknown, n),
        model,
        none,
        exact,
        words: content.len(),
    }
}

/// `word` read against the vocabulary; a typo correction spends one of `corrections`.
fn resolve(index: &Index, word: &Word, corrections: &mut usize) -> Resolved {
    let known = |stem: &str, factor, guess| {
        index.ids.get(stem).map(|&term| Reading {
            term,
            factor,
            guess,
        })
    };
    let own = known(&word.stem, 1.0, false)
        // Chat drops the g: "thinkin", "switchin".
        .or_else(|| {
            (word.surface.ends_with("in") && word.surface.len() <= text::MAX_WORD_BYTES)
                .then(|| {
                    let full = format!("{}g", word.surface);
                    known(index.analyzer.stem(&full).as_ref(), 1.0, false)
                })
                .flatten()
        })
        .or_else(|| {
            if index.typos.could_correct(&word.surface) {
                *corrections = corrections.checked_sub(1)?;
            }
            let fixed = index.typos.correct(&word.surface)?;
            known(index.analyzer.stem(fixed).as_ref(), TYPO_FACTOR, true)
        });
    let family = word.concept.and_then(|c| known(c, CONCEPT_FACTOR, false));
    Resolved { own, family }
}
