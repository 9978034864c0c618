//! Rules for the nudge library as a whole: no two nudges that say nearly the same thing, no
//! nudge on a private topic that could reach a team channel, and US spelling.

use std::collections::{BTreeSet, HashMap};

use super::NUDGES_FILE;
use crate::guidance::diagnostic::Diagnostic;
use crate::guidance::nudge::{Audience, Nudge};
use crate::guidance::pack::Pack;
use crate::guidance::spelling;

/// Two nudges sharing at least this share of their meaningful words are near-copies.
pub const SAME_WORDS: f64 = 0.4;
/// Two actions sharing at least this share of their meaningful words ask for the same thing.
pub const SAME_ACTION: f64 = 0.5;

/// Words too common to say anything about what a nudge is about.
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "do", "does", "each", "every", "for", "from", "has", "have", "how", "i", "if",
    "in", "into", "is", "it", "its", "just", "may", "might", "more", "most", "must", "no", "not",
    "of", "on", "one", "only", "or", "other", "our", "out", "over", "own", "same", "should", "so",
    "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "up", "very", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
];

/// Checks the nudges (with the line each starts on) against each other and the packs.
pub fn check(packs: &[Pack], nudges: &[(Nudge, usize)], errors: &mut Vec<Diagnostic>) {
    let personal: HashMap<&str, bool> = packs.iter().map(|p| (p.id.as_str(), p.personal)).collect();
    for (n, line) in nudges {
        let text = [&n.title, &n.body, &n.action];
        if let Some(word) = text.iter().find_map(|t| spelling::british_word(t)) {
            errors.push(Diagnostic::error(
                NUDGES_FILE,
                Some(*line),
                format!("nudge {}: {}", n.id, spelling::message(word)),
            ));
        }
        if personal.get(n.topic.as_str()) == Some(&true) && n.audience == Audience::Channel {
            errors.push(Diagnostic::error(
                NUDGES_FILE,
                Some(*line),
                format!(
                    "nudge {} is on {}, a personal topic, so it must not reach a team channel: add `audience = \"personal\"`",
                    n.id, n.topic
                ),
            ));
        }
    }
    if !nudges.is_empty() && !nudges.iter().any(|(n, _)| n.suits_channel()) {
        errors.push(Diagnostic::error(
            NUDGES_FILE,
            None,
            "every nudge is personal, so subscribed channels would get nothing",
        ));
    }
    near_copies(nudges, errors);
}

/// Flags each pair of nudges whose words, or whose actions, mostly coincide. Quadratic in the
/// number of nudges, which is a few dozen written by hand.
fn near_copies(nudges: &[(Nudge, usize)], errors: &mut Vec<Diagnostic>) {
    let words: Vec<(BTreeSet<String>, BTreeSet<String>)> = nudges
        .iter()
        .map(|(n, _)| {
            let all = format!("{} {} {}", n.title, n.body, n.action);
            (meaningful_words(&all), meaningful_words(&n.action))
        })
        .collect();
    for (i, (a, a_line)) in nudges.iter().enumerate() {
        for (j, (b, _)) in nudges.iter().enumerate().skip(i + 1) {
            let whole = jaccard(&words[i].0, &words[j].0);
            let action = jaccard(&words[i].1, &words[j].1);
            let what = if whole >= SAME_WORDS {
                format!("{:.0}% of their meaningful words", whole * 100.0)
            } else if action >= SAME_ACTION {
                format!("{:.0}% of the words of their actions", action * 100.0)
            } else {
                continue;
            };
            errors.push(Diagnostic::error(
                NUDGES_FILE,
                Some(*a_line),
                format!(
                    "nudge {} nearly repeats nudge {} ({what} are shared): make one say something else",
                    a.id, b.id
                ),
            ));
        }
    }
}

/// The text's words, lowercased, without stop words, and with common endings cut so that
/// "tracks", "tracked" and "tracking" count as one word.
pub fn meaningful_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        // Single letters are what is left of "don't" or "team's".
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(word: &str) -> String {
    for ending in ["ing", "ed", "es", "s"] {
        if let Some(root) = word.strip_suffix(ending) {
            if root.chars().count() >= 4 {
                return root.to_owned();
            }
        }
    }
    word.to_owned()
}

/// Shared words over all words; 0 for two empty sets.
pub fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> BTreeSet<String> {
        meaningful_words(text)
    }

    #[test]
    fn similarity_ignores_case_stop_words_and_endings() {
        assert_eq!(
            words("Tracking the Requests you tracked"),
            words("track request")
        );
        let a = words("Keep a log of every request for two weeks");
        assert!((jaccard(&a, &a) - 1.0).abs() < f64::EPSILON);
        let b = words("Ask your manager for a weekly strategy block");
        assert!(jaccard(&a, &b) < 0.2, "{}", jaccard(&a, &b));
        assert!(jaccard(&BTreeSet::new(), &BTreeSet::new()).abs() < f64::EPSILON);
    }
}
