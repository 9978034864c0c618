//! The search index, built once from the packs: term weights per topic (see `weights`), keyword
//! phrases, exact names and the typo vocabulary. Everything query-independent is computed here so a
//! query only adds up precomputed numbers.

use std::collections::HashMap;

use super::fasthash::FastMap;
use super::model::{Doc, Model, Source};
use super::similar::{self, Bag, Examples};
use super::text::Analyzer;
use super::typo::TypoIndex;
use super::weights::{Counts, FIELDS, Field, Term, bump, weigh};
use crate::guidance::library::TrainingFile;
use crate::guidance::pack::Pack;

/// A keyword matched as a sequence at word boundaries.
#[derive(Debug)]
pub struct Phrase<T> {
    pub words: Vec<T>,
    pub topic: usize,
    /// What finding it whole adds: the sum of its meaningful words' idf.
    pub weight: f32,
    /// Its meaningful words, which the topic then explains in full.
    pub terms: Vec<u32>,
}

#[derive(Debug)]
pub struct Index {
    pub analyzer: Analyzer,
    pub topics: Vec<String>,
    pub terms: Vec<Term>,
    /// Stem -> index into `terms`.
    pub ids: FastMap<String, u32>,
    /// Keywords of two or more meaningful words, matched on the query's meaningful words
    /// ("scope creep", "time to move on"), by their first term.
    pub phrases: FastMap<u32, Vec<Phrase<u32>>>,
    /// Keywords of one meaningful word plus stop words ("should i quit", "what's next"),
    /// matched on every word, by their first stem.
    pub stop_phrases: FastMap<String, Vec<Phrase<String>>>,
    /// A whole query that names one topic exactly (id, title or keyword), as joined stems.
    pub exact: FastMap<String, usize>,
    pub typos: TypoIndex,
    /// The packs' example questions, for similarity.
    pub examples: Examples,
    /// The discriminative model trained on what each pack says about itself.
    pub model: Model,
    /// The largest idf: what a word the library has never seen is measured against.
    pub max_idf: f32,
}

/// A keyword as read from a pack.
struct Keyword {
    topic: usize,
    all: Vec<String>,
    content: Vec<String>,
}

impl Index {
    pub fn new(packs: &[Pack], training: &[TrainingFile]) -> Self {
        let analyzer = Analyzer::default();
        let n = packs.len();
        let mut counts: Counts = HashMap::new();
        let mut lengths = vec![[0u32; FIELDS]; n];
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut exact: HashMap<String, Option<usize>> = HashMap::new();
        let mut surfaces: HashMap<String, Vec<usize>> = HashMap::new();

        for (topic, pack) in packs.iter().enumerate() {
            let mut add = |field: Field, text: &str| {
                for w in analyzer.words(text).into_iter().filter(|w| !w.stop) {
                    let row = counts.entry(w.stem).or_insert_with(|| vec![[0; FIELDS]; n]);
                    bump(&mut row[topic][field.slot()], field);
                    lengths[topic][field.slot()] += 1;
                    if let Some(concept) = w.concept {
                        let row = counts
                            .entry(concept.to_owned())
                            .or_insert_with(|| vec![[0; FIELDS]; n]);
                        bump(&mut row[topic][field.slot()], field);
                    }
                    if field != Field::Body {
                        let users = surfaces.entry(w.surface).or_default();
                        if !users.contains(&topic) {
                            users.push(topic);
                        }
                    }
                }
            };
            let id_words = pack.id.replace('-', " ");
            add(Field::Id, &id_words);
            add(Field::Title, &pack.title);
            for key in [&id_words, &pack.title] {
                claim(&mut exact, content_stems(&analyzer, key).join(" "), topic);
            }
            for keyword in &pack.keywords {
                let words = analyzer.words(keyword);
                let content: Vec<String> = words
                    .iter()
                    .filter(|w| !w.stop)
                    .map(|w| w.stem.clone())
                    .collect();
                let field = match (content.len(), words.len()) {
                    (1, 1) => Field::Keyword,
                    (1, _) => Field::Collapsed,
                    _ => Field::PhraseWord,
                };
                add(field, keyword);
                claim(&mut exact, content.join(" "), topic);
                if field != Field::Keyword {
                    let all = words.into_iter().map(|w| w.stem).collect();
                    keywords.push(Keyword {
                        topic,
                        all,
                        content,
                    });
                }
            }
            add(Field::Summary, &pack.summary);
            for example in &pack.examples {
                add(Field::Example, example);
            }
            for section in [&pack.situation, &pack.steps, &pack.script, &pack.deeper] {
                add(Field::Body, section);
            }
        }

        let (terms, ids) = weigh(counts, &lengths);
        let mut phrases: FastMap<u32, Vec<Phrase<u32>>> = FastMap::default();
        let mut stop_phrases: FastMap<String, Vec<Phrase<String>>> = FastMap::default();
        for Keyword {
            topic,
            all,
            content,
        } in keywords
        {
            let term_ids: Vec<u32> = content.iter().filter_map(|s| ids.get(s).copied()).collect();
            let weight = term_ids.iter().map(|&t| terms[t as usize].idf).sum();
            if term_ids.len() > 1 {
                let list = phrases.entry(term_ids[0]).or_default();
                if !list.iter().any(|p| p.words == term_ids && p.topic == topic) {
                    list.push(Phrase {
                        words: term_ids.clone(),
                        topic,
                        weight,
                        terms: term_ids,
                    });
                }
            } else if let Some(first) = all.first() {
                stop_phrases.entry(first.clone()).or_default().push(Phrase {
                    words: all,
                    topic,
                    weight,
                    terms: term_ids,
                });
            }
        }
        let max_idf = terms.iter().map(|t| t.idf).fold(0.0, f32::max);
        // A text's similarity features, over the vocabulary just built.
        let bag_of = |text: &str| -> Bag {
            let words = analyzer.words(text);
            similar::bag(words.iter().filter(|w| !w.stop).map(|w| {
                let own = ids.get(&w.stem).map(|&t| (t, 1.0));
                (own, w.concept.and_then(|c| ids.get(c).copied()))
            }))
            .0
        };
        let examples = Examples::new(
            packs
                .iter()
                .enumerate()
                .flat_map(|(topic, pack)| pack.examples.iter().map(move |e| (topic, e)))
                .map(|(topic, example)| (topic, example.clone(), bag_of(example)))
                .collect(),
        );
        let mut docs: Vec<Doc> = Vec::new();
        for (topic, pack) in packs.iter().enumerate() {
            let mut add = |source: Source, text: &str| {
                let mut bag = bag_of(text);
                bag.extend(super::model::frames(&analyzer.words(text)));
                if !bag.is_empty() {
                    docs.push((topic, source, bag));
                }
            };
            for example in &pack.examples {
                add(Source::Example, example);
            }
            for name in pack.keywords.iter().chain([&pack.title, &pack.summary]) {
                add(Source::Name, name);
            }
            for section in [&pack.situation, &pack.steps, &pack.script, &pack.deeper] {
                for line in section.lines() {
                    add(Source::Body, line);
                }
            }
        }
        // Questions as people write them, and what no topic should claim: the model's last class
        // (`n`) is "none of these", so its belief in a topic drops for a message about a couch.
        for question in training.iter().flat_map(|f| &f.questions) {
            let class = match &question.expected {
                Some(id) => match packs.iter().position(|p| &p.id == id) {
                    Some(t) => t,
                    None => continue,
                },
                None => n,
            };
            let mut bag = bag_of(&question.query);
            bag.extend(super::model::frames(&analyzer.words(&question.query)));
            if !bag.is_empty() {
                docs.push((class, Source::Example, bag));
            }
        }
        let classes = if docs.iter().any(|d| d.0 == n) {
            n + 1
        } else {
            n
        };
        let model = Model::train(&docs, classes);
        let mut analyzer = analyzer;
        for pack in packs {
            let id_words = pack.id.replace('-', " ");
            let texts = [&id_words, &pack.title, &pack.summary]
                .into_iter()
                .chain(&pack.keywords)
                .chain(&pack.examples)
                .chain([&pack.situation, &pack.steps, &pack.script, &pack.deeper]);
            for text in texts {
                let words = analyzer.words(text);
                analyzer.remember(&words);
            }
        }
        let typos = TypoIndex::new(
            surfaces
                .into_iter()
                .map(|(w, users)| (w, u32::try_from(users.len()).unwrap_or(0))),
        );
        Self {
            analyzer,
            topics: packs.iter().map(|p| p.id.clone()).collect(),
            terms,
            ids,
            phrases,
            stop_phrases,
            exact: exact
                .into_iter()
                .filter_map(|(k, v)| Some((k, v?)))
                .filter(|(k, _)| !k.is_empty())
                .collect(),
            typos,
            examples,
            model,
            max_idf,
        }
    }
}

/// The stems of the words of `text` that carry meaning.
pub fn content_stems(analyzer: &Analyzer, text: &str) -> Vec<String> {
    analyzer
        .words(text)
        .into_iter()
        .filter(|w| !w.stop)
        .map(|w| w.stem)
        .collect()
}

/// Records that `key` names `topic`; a key two topics claim names neither.
fn claim(exact: &mut HashMap<String, Option<usize>>, key: String, topic: usize) {
    exact
        .entry(key)
        .and_modify(|t| {
            if *t != Some(topic) {
                *t = None;
            }
        })
        .or_insert(Some(topic));
}
