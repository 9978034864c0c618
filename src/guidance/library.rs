//! The whole guidance library: packs, nudges and sources, loaded from the embedded copy of
//! `responses/` or from a folder, and checked as a whole.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use include_dir::{Dir, include_dir};
use jiff::civil::Date;

use super::diagnostic::Diagnostic;
use super::nudge::{Nudge, Source, parse_nudges, parse_sources};
use super::pack::{self, Pack};
pub use training::TrainingFile;

/// `responses/` as it was when the binary was built.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/responses");

pub const NUDGES_FILE: &str = "nudges.toml";
pub const SOURCES_FILE: &str = "sources.toml";

/// A pack older than this many days draws a warning.
const STALE_AFTER_DAYS: i32 = 365;

/// The checked library.
#[derive(Debug, Clone)]
pub struct Library {
    packs: Vec<Pack>,
    nudges: Vec<Nudge>,
    sources: Vec<Source>,
    training: Vec<TrainingFile>,
}

/// A library that loaded, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub library: Library,
    pub warnings: Vec<Diagnostic>,
}

impl Library {
    /// Loads the embedded library.
    pub fn embedded(today: Date) -> Result<Loaded, Vec<Diagnostic>> {
        let files = EMBEDDED
            .files()
            .filter_map(|f| {
                Some((
                    f.path().to_string_lossy().into_owned(),
                    f.contents_utf8()?.to_owned(),
                ))
            })
            .collect();
        Self::from_files(files, today)
    }

    /// Loads the library in `dir`.
    pub fn from_dir(dir: &Path, today: Date) -> Result<Loaded, Vec<Diagnostic>> {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|e| {
            vec![Diagnostic::error(
                &shown,
                None,
                format!("cannot read the folder: {e}"),
            )]
        })?;
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((name, text)),
                Err(e) => {
                    return Err(vec![Diagnostic::error(
                        &name,
                        None,
                        format!("cannot read: {e}"),
                    )]);
                }
            }
        }
        Self::from_files(files, today)
    }

    /// Loads from `(file name, contents)` pairs, checking everything that can be checked.
    pub fn from_files(
        mut files: Vec<(String, String)>,
        today: Date,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        files.sort();
        let mut errors = Vec::new();
        let mut packs = Vec::new();
        let mut nudges = None;
        let mut sources = None;
        for (name, text) in &files {
            if name == NUDGES_FILE {
                nudges = collect(parse_nudges(name, text), &mut errors);
            } else if name == SOURCES_FILE {
                sources = collect(parse_sources(name, text), &mut errors);
            } else if name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md") {
                if let Some(p) = collect(pack::parse(name, text), &mut errors) {
                    packs.push(p);
                }
            }
        }
        if nudges.is_none() && !files.iter().any(|(n, _)| n == NUDGES_FILE) {
            errors.push(Diagnostic::error(
                NUDGES_FILE,
                None,
                "missing: the weekly nudges live here",
            ));
        }
        if sources.is_none() && !files.iter().any(|(n, _)| n == SOURCES_FILE) {
            errors.push(Diagnostic::error(
                SOURCES_FILE,
                None,
                "missing: the articles packs cite live here",
            ));
        }
        if packs.is_empty() && errors.is_empty() {
            errors.push(Diagnostic::error(
                "responses",
                None,
                "no packs (`<topic>.md` files) found",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let topics: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
        let training: Vec<TrainingFile> = files
            .iter()
            .filter(|(name, _)| training::is_training(name))
            .filter_map(|(name, text)| collect(training::parse(name, text, &topics), &mut errors))
            .collect();
        let nudges = nudges.unwrap_or_default();
        let sources = sources.unwrap_or_default();
        let mut warnings = Vec::new();
        cross_check(&packs, &nudges, &sources, today, &mut errors, &mut warnings);
        let library = Library {
            packs,
            nudges: nudges.into_iter().map(|(n, _)| n).collect(),
            sources: sources.into_iter().map(|(s, _)| s).collect(),
            training,
        };
        if errors.is_empty() {
            Ok(Loaded { library, warnings })
        } else {
            Err(errors)
        }
    }

    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// The labelled training questions the matcher's model learns from, by file.
    pub fn training(&self) -> &[TrainingFile] {
        &self.training
    }

    pub fn pack(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.id == id)
    }

    /// Every nudge, personal ones included (the channel rotation leaves those out).
    pub fn nudges(&self) -> &[Nudge] {
        &self.nudges
    }

    pub fn nudge(&self, id: &str) -> Option<&Nudge> {
        self.nudges.iter().find(|n| n.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

fn collect<T>(result: Result<T, Vec<Diagnostic>>, errors: &mut Vec<Diagnostic>) -> Option<T> {
    result.map_err(|e| errors.extend(e)).ok()
}

fn cross_check(
    packs: &[Pack],
    nudges: &[(Nudge, usize)],
    sources: &[(Source, usize)],
    today: Date,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let pack_ids: HashSet<&str> = packs.iter().map(|p| p.id.as_str()).collect();
    let source_ids: HashSet<&str> = sources.iter().map(|(s, _)| s.id.as_str()).collect();
    let mut keyword_owner: BTreeMap<String, &str> = BTreeMap::new();
    let mut example_owner: HashMap<String, &str> = HashMap::new();
    for p in packs {
        let file = format!("{}.md", p.id);
        for r in &p.related {
            if r == &p.id {
                errors.push(Diagnostic::error(
                    &file,
                    None,
                    "related lists the pack itself",
                ));
            } else if !pack_ids.contains(r.as_str()) {
                errors.push(Diagnostic::error(
                    &file,
                    None,
                    format!("related names {r:?}, which is not a pack"),
                ));
            }
        }
        for s in &p.sources {
            if !source_ids.contains(s.as_str()) {
                errors.push(Diagnostic::error(
                    &file,
                    None,
                    format!("sources names {s:?}, which is not in {SOURCES_FILE}"),
                ));
            }
        }
        for k in &p.keywords {
            let key = k.to_lowercase();
            match keyword_owner.get(&key) {
                Some(other) if *other != p.id => warnings.push(Diagnostic::warning(
                    &file,
                    None,
                    format!("keyword {k:?} is also claimed by {other}; the matcher must pick between them"),
                )),
                _ => {
                    keyword_owner.insert(key, &p.id);
                }
            }
        }
        for e in &p.examples {
            match example_owner.get(&pack::example_key(e)) {
                Some(other) if *other != p.id => errors.push(Diagnostic::error(
                    &file,
                    None,
                    format!(
                        "example {e:?} is also in {other}.md; an example may teach one topic only"
                    ),
                )),
                _ => {
                    example_owner.insert(pack::example_key(e), &p.id);
                }
            }
        }
        let age = (today - p.reviewed).get_days();
        if age > STALE_AFTER_DAYS {
            warnings.push(Diagnostic::warning(
                &file,
                None,
                format!("last reviewed {} ({age} days ago); check it is still right and update `reviewed`", p.reviewed),
            ));
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, line) in nudges {
        if let Some(first) = seen.insert(&n.id, *line) {
            errors.push(Diagnostic::error(
                NUDGES_FILE,
                Some(*line),
                format!("nudge id {:?} already used on line {first}", n.id),
            ));
        }
        if !pack_ids.contains(n.topic.as_str()) {
            errors.push(Diagnostic::error(
                NUDGES_FILE,
                Some(*line),
                format!(
                    "nudge {} links to topic {:?}, which is not a pack",
                    n.id, n.topic
                ),
            ));
        }
    }
    nudge_rules::check(packs, nudges, errors);
    let mut seen_sources = HashSet::new();
    for (s, line) in sources {
        if !seen_sources.insert(&s.id) {
            errors.push(Diagnostic::error(
                SOURCES_FILE,
                Some(*line),
                format!("source id {:?} is used twice", s.id),
            ));
        }
    }
}

mod nudge_rules;
mod training;

#[cfg(test)]
mod tests;
