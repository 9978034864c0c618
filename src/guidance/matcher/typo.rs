//! Typo correction against the library's own vocabulary, fast enough to run on every query.
//!
//! Symmetric-delete lookup: at start-up every vocabulary word is stored under each string it
//! becomes after deleting up to two letters; a typed word's own deletions then find every
//! candidate within that edit distance in a few dozen hash look-ups, instead of comparing
//! against the whole vocabulary. Variants are keyed by a 64-bit hash computed in place, so a
//! look-up allocates nothing; candidates are confirmed with `strsim`'s edit distance (optimal
//! string alignment: insertions, deletions, substitutions and swapped neighbours), which also
//! makes a hash collision harmless.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::fasthash::{fnv, step};

/// Words shorter than this are never corrected: "hi" is one edit from too many things. Words
/// of exactly this length are only corrected by a swapped or mistyped letter ("rolw"), never
/// a missing or extra one ("rust" is a word, not "rut" misspelled).
const MIN_LEN: usize = 4;
/// Words this long or longer may be two edits away; shorter ones only one. Two edits on a
/// shorter word too often turn a real word into another ("deletion" into "delegation").
const TWO_EDITS_FROM: usize = 9;

#[derive(Debug, Default)]
pub struct TypoIndex {
    /// The vocabulary, with how many topics use each word (a tie-breaker).
    words: Vec<(String, u32)>,
    /// Hash of a deletion variant -> indexes into `words`.
    deletes: HashMap<u64, Vec<u32>, BuildHasherDefault<Prehashed>>,
    /// The longest vocabulary word, in bytes: nothing longer by more than two edits can be a
    /// misspelling of one, so such words cost nothing. This is also what keeps correction
    /// cheap: its work grows with the cube of a word's length.
    longest: usize,
}

impl TypoIndex {
    /// Indexes `vocabulary`: lowercased words with a popularity weight.
    pub fn new(vocabulary: impl IntoIterator<Item = (String, u32)>) -> Self {
        let mut index = Self::default();
        for (word, weight) in vocabulary {
            if word.chars().count() < MIN_LEN - 1 || !word.is_ascii() {
                continue;
            }
            let id = u32::try_from(index.words.len()).unwrap_or(u32::MAX);
            // A typed word of length L may be L-2..L+2 letters from its target, so the
            // target's deletions must go as deep as the query's may.
            let depth = if word.len() + 2 >= TWO_EDITS_FROM {
                2
            } else {
                1
            };
            deletions(word.as_bytes(), depth, |key| {
                let ids = index.deletes.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            });
            index.longest = index.longest.max(word.len());
            index.words.push((word, weight));
        }
        index
    }

    /// Whether `word` is the kind of word `correct` looks up: cheap to ask.
    pub fn could_correct(&self, word: &str) -> bool {
        let len = word.len();
        (MIN_LEN..=self.longest + 2).contains(&len) && word.bytes().all(|b| b.is_ascii_alphabetic())
    }

    /// The vocabulary word `word` was most likely meant to be, if it is close enough to one.
    /// Ties go to the same first letter (people rarely mistype it), then the more used word.
    pub fn correct(&self, word: &str) -> Option<&str> {
        if !self.could_correct(word) {
            return None;
        }
        let len = word.len();
        let max = if len >= TWO_EDITS_FROM { 2 } else { 1 };
        let first = word.as_bytes()[0];
        let mut best: Option<(usize, bool, u32, &str)> = None;
        let mut seen: Vec<u32> = Vec::new();
        deletions(word.as_bytes(), max, |key| {
            for &id in self.deletes.get(&key).into_iter().flatten() {
                if !seen.contains(&id) {
                    seen.push(id);
                }
            }
        });
        for id in seen {
            let (candidate, weight) = &self.words[id as usize];
            let distance = strsim::osa_distance(word, candidate);
            let same_first = candidate.as_bytes()[0] == first;
            let stretch = len.abs_diff(candidate.len());
            if distance == 0
                || distance > max
                // Short words are only corrected when the first letter agrees.
                || (len < 6 && !same_first)
                || (len == MIN_LEN && stretch > 0)
                || (distance == 2 && stretch > 1)
            {
                continue;
            }
            let key = (distance, !same_first, u32::MAX - weight, candidate.as_str());
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        best.map(|(_, _, _, w)| w)
    }
}

/// Calls `visit` with the hash of `word` and of every string made by deleting up to `depth`
/// (at most two) of its letters; a variant reachable two ways is visited twice.
fn deletions(word: &[u8], depth: usize, mut visit: impl FnMut(u64)) {
    let n = word.len();
    let continued = |h: u64, bytes: &[u8]| bytes.iter().fold(h, |h, &b| step(h, b));
    // prefix[i] is the hash of word[..i], so each variant only hashes what follows a gap.
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(fnv([].iter()));
    for &b in word {
        prefix.push(step(*prefix.last().unwrap_or(&0), b));
    }
    visit(prefix[n]);
    if depth == 0 || n <= 2 {
        return;
    }
    for i in 0..n {
        visit(continued(prefix[i], &word[i + 1..]));
        if depth >= 2 && n > 3 {
            for j in i + 1..n {
                let h = continued(prefix[i], &word[i + 1..j]);
                visit(continued(h, &word[j + 1..]));
            }
        }
    }
}

/// A hasher for keys that are already hashes.
#[derive(Debug, Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(bytes.iter());
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> TypoIndex {
        TypoIndex::new(
            [
                "burnout",
                "mentor",
                "leadership",
                "measure",
                "role",
                "roll",
                "privacy",
            ]
            .map(|w| (w.to_owned(), 1)),
        )
    }

    #[test]
    fn one_or_two_edits_find_the_word() {
        let index = index();
        assert_eq!(index.correct("burnuot"), Some("burnout"), "transposition");
        assert_eq!(index.correct("mentr"), Some("mentor"), "deletion");
        assert_eq!(index.correct("mesure"), Some("measure"), "deletion");
        assert_eq!(index.correct("leadrship"), Some("leadership"));
        assert_eq!(index.correct("laedrship"), Some("leadership"), "two edits");
        assert_eq!(index.correct("privcy"), Some("privacy"));
        assert_eq!(index.correct("rolw"), Some("role"));
    }

    #[test]
    fn short_words_exact_words_and_far_words_are_left_alone() {
        let index = index();
        assert_eq!(index.correct("rol"), None, "too short to guess");
        assert_eq!(index.correct("mentor"), None, "already a word");
        assert_eq!(index.correct("pizza"), None);
        assert_eq!(
            index.correct("bole"),
            None,
            "short words keep their first letter"
        );
        assert_eq!(index.correct("mntrr"), None, "two edits on a short word");
        assert_eq!(index.correct("asdfgh"), None);
    }

    #[test]
    fn a_word_longer_than_any_in_the_vocabulary_is_not_searched() {
        let index = index();
        assert_eq!(index.longest, "leadership".len());
        assert_eq!(index.correct("leadershiip"), Some("leadership"));
        assert_eq!(
            index.correct("leadershiiiip"),
            None,
            "three letters too long"
        );
        assert_eq!(index.correct(&"a".repeat(40_000)), None);
    }
}
