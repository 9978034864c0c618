//! Turns text into matchable words: case, punctuation, contractions, chat shorthand, stop words
//! and Snowball stems. Packs and queries go through exactly the same steps, so a keyword written
//! "can't keep up" meets a query typed "cant keep up".

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use super::fasthash::{FastMap, FastSet};
use super::lexicon;

/// One word of a text, after normalising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The lowercased word as written (after expanding contractions and shorthand).
    pub surface: String,
    /// Its Snowball stem.
    pub stem: String,
    /// Whether it carries no topic meaning on its own.
    pub stop: bool,
    /// The word family it belongs to, if any (see `lexicon`).
    pub concept: Option<&'static str>,
}

/// The stemmer, stop words and word families, wrapped so the index can be `Debug`.
pub struct Analyzer {
    stemmer: Stemmer,
    stop_words: FastSet<&'static str>,
    /// Stem -> concept.
    concepts: FastMap<String, &'static str>,
    /// Surface -> stem for every word the library uses, so most query words skip the stemmer.
    known: FastMap<String, String>,
}

const STOP_WORDS: &str = include_str!("stop_words.txt");

/// The most of a message the matcher reads. A Slack message may hold 40,000 characters, but what
/// it is about shows in its first few paragraphs, and a bound here bounds every step after it.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// A "word" longer than this is no English word (the longest in the library has 17 letters): it
/// is kept as an unknown word, but not stemmed, corrected or looked up by anything costlier.
pub const MAX_WORD_BYTES: usize = 40;

/// The part of `text` the matcher reads: at most `MAX_QUERY_CHARS` characters, cut at a
/// character boundary.
pub fn capped(text: &str) -> &str {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(english)")
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        let stop_words = STOP_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect();
        let mut analyzer = Self {
            stemmer: Stemmer::create(Algorithm::English),
            stop_words,
            concepts: FastMap::default(),
            known: FastMap::default(),
        };
        for (concept, word) in lexicon::families() {
            let stem = analyzer.stem(word).into_owned();
            analyzer.concepts.insert(stem, concept);
        }
        analyzer
    }
}

impl Analyzer {
    /// Whether a lowercased word carries no topic meaning on its own (see `stop_words.txt`).
    pub fn is_stop(&self, word: &str) -> bool {
        word.chars().all(|c| c.is_ascii_digit()) || self.stop_words.contains(word)
    }

    /// The stem of one lowercased word.
    pub fn stem<'a>(&self, surface: &'a str) -> Cow<'a, str> {
        // Stemming two-letter words only loses information ("ai", "cs", "it").
        if surface.len() <= 2 {
            return Cow::Borrowed(surface);
        }
        // Snowball leaves "-ship" nouns alone, but "leadership" is about leaders and
        // "mentorship" about mentors.
        match surface
            .strip_suffix("ship")
            .or_else(|| surface.strip_suffix("ships"))
        {
            Some(base) if base.len() >= 4 => Cow::Owned(self.stemmer.stem(base).into_owned()),
            _ => self.stemmer.stem(surface),
        }
    }

    /// Remembers the stems of `words`, so later look-ups of the same words are cheap.
    pub fn remember(&mut self, words: &[Word]) {
        for w in words {
            self.known.insert(w.surface.clone(), w.stem.clone());
        }
    }

    /// Every word of `text`, in order.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for raw in raw_words(text) {
            let department = raw == "IT";
            let lower = raw.to_lowercase();
            for surface in expand(&lower) {
                let surface = if department { "it-dept" } else { surface };
                let stop = self.is_stop(surface);
                // Stop words are never looked up by stem alone, and whole-phrase matching
                // compares packs and queries analysed the same way, so they keep their form.
                let stem = match self.known.get(surface) {
                    Some(stem) => stem.clone(),
                    None if stop || surface.len() > MAX_WORD_BYTES => surface.to_owned(),
                    None => self.stem(surface).into_owned(),
                };
                out.push(Word {
                    stop,
                    concept: if stop {
                        None
                    } else {
                        self.concepts.get(&stem).copied()
                    },
                    surface: surface.to_owned(),
                    stem,
                });
            }
        }
        mark_it_department(&mut out);
        out
    }
}

/// Splits on anything but letters, digits and apostrophes inside a word, keeping case (so "IT"
/// the department can be told from "it"). `w/o` and `w/` are read as "without" and "with".
fn raw_words(text: &str) -> Vec<String> {
    let text = if text.contains(['\u{2019}', '\u{2018}', '`', '/', '&']) {
        Cow::Owned(
            text.replace(['\u{2019}', '\u{2018}', '`'], "'")
                .replace("w/o", " without ")
                .replace("W/O", " without ")
                .replace("w/", " with ")
                .replace('&', " and "),
        )
    } else {
        Cow::Borrowed(text)
    };
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || (c == '\'' && !current.is_empty()) {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
        .into_iter()
        .map(|w| w.trim_end_matches('\'').to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Expands contractions, with or without the apostrophe, and common chat shorthand.
fn expand(word: &str) -> Vec<&str> {
    if let Some(full) = SHORTHAND.iter().find(|(k, _)| *k == word).map(|(_, v)| v) {
        return full.split(' ').collect();
    }
    if let Some((base, suffix)) = word.split_once('\'') {
        return match suffix {
            "t" if base == "can" => vec!["can", "not"],
            "t" if base == "won" => vec!["will", "not"],
            "t" if base.ends_with('n') => vec![&base[..base.len() - 1], "not"],
            // 's, 're, 'm, 've, 'll, 'd only add grammar.
            _ => vec![base],
        };
    }
    vec![word]
}

/// Marks "it" as the IT department when the words around it say so ("it team", "it dept").
fn mark_it_department(words: &mut [Word]) {
    for i in 0..words.len() {
        let next = words.get(i + 1).map(|w| w.surface.as_str());
        if words[i].surface == "it"
            && matches!(
                next,
                Some("team" | "department" | "dept" | "security" | "admin" | "blocking")
            )
        {
            words[i] = Word {
                surface: "it-dept".into(),
                stem: "it-dept".into(),
                stop: false,
                concept: None,
            };
        }
    }
}

/// Contractions typed without the apostrophe, chat shorthand and a few synonyms, with what
/// they stand for.
const SHORTHAND: &[(&str, &str)] = &[
    ("dont", "do not"),
    ("doesnt", "does not"),
    ("didnt", "did not"),
    ("cant", "can not"),
    ("cannot", "can not"),
    ("wont", "will not"),
    ("isnt", "is not"),
    ("arent", "are not"),
    ("wasnt", "was not"),
    ("werent", "were not"),
    ("havent", "have not"),
    ("hasnt", "has not"),
    ("couldnt", "could not"),
    ("shouldnt", "should not"),
    ("wouldnt", "would not"),
    ("im", "i am"),
    ("ive", "i have"),
    ("youre", "you are"),
    ("theyre", "they are"),
    ("thats", "that is"),
    ("whats", "what is"),
    ("theres", "there is"),
    ("u", "you"),
    ("ur", "your"),
    ("r", "are"),
    ("pls", "please"),
    ("plz", "please"),
    ("thx", "thanks"),
    ("ty", "thanks"),
    ("bc", "because"),
    ("cuz", "because"),
    ("hrs", "hours"),
    ("yrs", "years"),
    ("mgr", "manager"),
    ("mktg", "marketing"),
    ("convo", "conversation"),
    ("ppl", "people"),
    ("ic", "individual contributor"),
    ("ics", "individual contributors"),
    ("jd", "job description"),
    ("jds", "job descriptions"),
    // Synonyms people use interchangeably, folded the same way in packs and queries.
    ("boss", "manager"),
    ("bosses", "managers"),
    ("without", "no"),
    ("operations", "ops"),
    ("mops", "marketing ops"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<String> {
        Analyzer::default()
            .words(text)
            .into_iter()
            .map(|w| w.surface)
            .collect()
    }

    #[test]
    fn contractions_case_and_punctuation_normalise_the_same_way() {
        assert_eq!(
            surfaces("I Can't keep up!!"),
            ["i", "can", "not", "keep", "up"]
        );
        assert_eq!(
            surfaces("i cant keep up"),
            ["i", "can", "not", "keep", "up"]
        );
        assert_eq!(surfaces("Don’t, won't"), ["do", "not", "will", "not"]);
        assert_eq!(surfaces("lead w/o reports"), ["lead", "no", "reports"]);
        assert_eq!(surfaces("'quoted' opt-in"), ["quoted", "opt", "in"]);
    }

    #[test]
    fn it_the_department_is_told_apart_from_the_pronoun() {
        assert_eq!(surfaces("IT wont help"), ["it-dept", "will", "not", "help"]);
        assert_eq!(surfaces("the it team"), ["the", "it-dept", "team"]);
        assert_eq!(surfaces("is it time"), ["is", "it", "time"]);
    }
}
