//! Word families: the different words people use for one idea at work ("quit", "resign",
//! "leave"; "hubspot", "marketo", "vendor", "tool"), listed in `families.txt`. Each word also
//! stands for its family's concept, in packs and queries alike, so "can we delete contacts
//! under ccpa" meets a pack that talks about privacy and compliance without that pack listing
//! every regulation.
//!
//! The families are general workplace and marketing-operations vocabulary, not any topic's
//! keywords: which topic a concept leads to is decided by the packs' own text, through the
//! same BM25F weights as every other word.

const FAMILIES: &str = include_str!("families.txt");

/// Every (concept, word) pair, concepts starting with `~` so they never clash with a word.
pub fn families() -> impl Iterator<Item = (&'static str, &'static str)> {
    FAMILIES
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .flat_map(|(concept, words)| {
            let concept = concept.trim();
            words.split_whitespace().map(move |w| (concept, w))
        })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::super::text::Analyzer;
    use super::*;

    #[test]
    fn every_line_is_a_family_and_a_word_belongs_to_one_family_only() {
        let analyzer = Analyzer::default();
        let mut owner: HashMap<String, &str> = HashMap::new();
        for line in FAMILIES.lines().filter(|l| !l.starts_with('#')) {
            let (concept, words) = line.split_once(':').expect("`~concept: words`");
            assert!(
                concept.starts_with('~') && !words.trim().is_empty(),
                "{line}"
            );
        }
        for (concept, word) in families() {
            assert_eq!(word, word.to_lowercase(), "families are lowercase");
            let stem = analyzer.stem(word).into_owned();
            if let Some(other) = owner.insert(stem.clone(), concept) {
                assert_eq!(
                    other, concept,
                    "{word} ({stem}) is in {other} and {concept}"
                );
            }
        }
        assert!(owner.len() > 200, "the families were read");
    }
}
