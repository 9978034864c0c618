use super::*;
use crate::guidance::render;
use crate::slack::blocks::{MAX_MESSAGE_BLOCKS, limit_violations};

fn today() -> Date {
    jiff::civil::date(2026, 11, 23)
}

fn embedded_files() -> Vec<(String, String)> {
    EMBEDDED
        .files()
        .filter_map(|f| {
            Some((
                f.path().to_string_lossy().into_owned(),
                f.contents_utf8()?.to_owned(),
            ))
        })
        .collect()
}

#[test]
fn the_shipped_library_loads_cleanly() {
    let loaded = Library::embedded(today()).expect("shipped library is valid");
    assert!(loaded.library.packs().len() >= 13);
    assert!(loaded.library.nudges().len() >= 40);
    for id in ["burnout", "strategic", "career-change"] {
        assert!(loaded.library.pack(id).is_some(), "{id}");
    }
}

#[test]
fn every_rendering_of_every_pack_is_within_slacks_limits() {
    let library = Library::embedded(today()).expect("valid").library;
    let mut checked = 0;
    for pack in library.packs() {
        for (what, message) in render::all_renderings(&library, pack) {
            let v = limit_violations(&message.blocks, MAX_MESSAGE_BLOCKS);
            assert!(v.is_empty(), "{} {what}: {v:?}", pack.id);
            assert!(!message.text.is_empty());
            checked += 1;
        }
    }
    for message in [
        render::help_message(&library),
        render::topics_message(&library),
    ] {
        assert!(limit_violations(&message.blocks, MAX_MESSAGE_BLOCKS).is_empty());
    }
    assert!(checked >= 39);
}

fn replace(files: &mut [(String, String)], name: &str, from: &str, to: &str) {
    let file = files
        .iter_mut()
        .find(|(n, _)| n == name)
        .expect("file exists");
    assert!(file.1.contains(from), "{name} lacks {from:?}");
    file.1 = file.1.replacen(from, to, 1);
}

#[test]
fn broken_cross_references_are_errors_naming_the_file() {
    let mut files = embedded_files();
    replace(
        &mut files,
        "burnout.md",
        "related = [",
        "related = [\"no-such-topic\", ",
    );
    replace(
        &mut files,
        "nudges.toml",
        "topic = \"burnout\"",
        "topic = \"burnot\"",
    );
    let errs: Vec<String> = Library::from_files(files, today())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        errs.iter()
            .any(|e| e.starts_with("burnout.md") && e.contains("no-such-topic")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("nudges.toml:") && e.contains("burnot")),
        "{errs:?}"
    );
}

#[test]
fn stale_packs_and_shared_keywords_are_warnings() {
    let mut files = embedded_files();
    replace(
        &mut files,
        "metrics.md",
        "reviewed = 2026-11-23",
        "reviewed = 2024-01-02",
    );
    replace(
        &mut files,
        "metrics.md",
        "keywords = [",
        "keywords = [\"scope creep\", ",
    );
    let loaded = Library::from_files(files, today()).expect("warnings do not stop loading");
    let shown: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|w| w.contains("metrics.md") && w.contains("last reviewed 2024-01-02")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|w| w.contains("\"scope creep\" is also claimed")),
        "{shown:?}"
    );
}

#[test]
fn missing_files_are_named() {
    let files: Vec<_> = embedded_files()
        .into_iter()
        .filter(|(n, _)| n != "nudges.toml")
        .collect();
    let errs = Library::from_files(files, today()).unwrap_err();
    assert!(errs.iter().any(|e| e.file == "nudges.toml"), "{errs:?}");
}
