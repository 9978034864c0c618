//! Keyword phrases found whole in a query ("scope creep", "should i quit"), and a query that
//! names one topic exactly.

use super::fasthash::FastSet;
use super::index::Index;
use super::score::{Resolved, Trace, WORD_CAP};
use super::text::Word;

/// A whole keyword phrase found in the query adds this much of its words' idf.
const PHRASE_BONUS: f32 = 1.0;

/// Adds the bonus of every keyword phrase found whole to `score` (and `trace`); returns the
/// (topic, term) pairs they explain in full.
pub fn found(
    index: &Index,
    words: &[Word],
    content: &[&Word],
    resolved: &[Resolved],
    score: &mut [f32],
    mut trace: Option<&mut Trace>,
) -> FastSet<(usize, u32)> {
    let mut phrased = FastSet::default();
    let mut credit = |topic: usize, bonus: f32, text: &dyn Fn() -> String| {
        let bonus = bonus.min(WORD_CAP);
        score[topic] += bonus;
        if let Some(t) = trace.as_deref_mut() {
            t[topic].push((format!("\u{201c}{}\u{201d}", text()), bonus));
        }
    };
    for start in 0..resolved.len() {
        let Some(first) = resolved[start].own else {
            continue;
        };
        for phrase in index.phrases.get(&first.term).into_iter().flatten() {
            let Some(window) = resolved.get(start..start + phrase.words.len()) else {
                continue;
            };
            let found = window
                .iter()
                .zip(&phrase.words)
                .all(|(r, &t)| r.own.is_some_and(|o| o.term == t));
            if found {
                let factor: f32 = window
                    .iter()
                    .flat_map(|r| r.own)
                    .map(|o| o.factor)
                    .product();
                let text = || {
                    let surfaces: Vec<&str> = content[start..start + phrase.words.len()]
                        .iter()
                        .map(|w| w.surface.as_str())
                        .collect();
                    surfaces.join(" ")
                };
                credit(phrase.topic, PHRASE_BONUS * phrase.weight * factor, &text);
                phrased.extend(phrase.terms.iter().map(|&t| (phrase.topic, t)));
            }
        }
    }
    for start in 0..words.len() {
        for phrase in index
            .stop_phrases
            .get(&words[start].stem)
            .into_iter()
            .flatten()
        {
            let Some(window) = words.get(start..start + phrase.words.len()) else {
                continue;
            };
            if window.iter().zip(&phrase.words).all(|(w, s)| &w.stem == s) {
                let text = || {
                    let surfaces: Vec<&str> = window.iter().map(|w| w.surface.as_str()).collect();
                    surfaces.join(" ")
                };
                credit(phrase.topic, PHRASE_BONUS * phrase.weight, &text);
                phrased.extend(phrase.terms.iter().map(|&t| (phrase.topic, t)));
            }
        }
    }
    phrased
}

/// The topic whose id, title or keyword is the whole query.
pub fn exact(index: &Index, resolved: &[Resolved]) -> Option<usize> {
    let mut key = String::new();
    for r in resolved {
        let own = r.own?;
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&index.terms[own.term as usize].stem);
    }
    index.exact.get(&key).copied()
}
