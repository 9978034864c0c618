//! Loading the library: the shipped one loads cleanly; broken cross-references, missing
//! files, near-copied or wrongly placed nudges, UK spellings and shared examples are errors
//! (or warnings) naming the file and line.

use super::*;

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

fn errors_of(files: Vec<(String, String)>) -> Vec<String> {
    Library::from_files(files, today())
        .expect_err("should be refused")
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The `[[nudge]]` block of `id` in the shipped nudges.toml.
fn nudge_block(files: &[(String, String)], id: &str) -> String {
    let text = &files
        .iter()
        .find(|(n, _)| n == "nudges.toml")
        .expect("nudges")
        .1;
    let start = text
        .find(&format!("id = \"{id}\""))
        .expect("the nudge exists");
    let end = text[start..]
        .find("[[nudge]]")
        .map_or(text.len(), |e| start + e);
    format!("[[nudge]]\n{}", &text[start..end])
}

#[test]
fn the_shipped_nudges_are_distinct_and_career_change_ones_stay_personal() {
    let library = Library::embedded(today()).expect("valid").library;
    assert!(library.pack("career-change").is_some_and(|p| p.personal));
    let on_career: Vec<&Nudge> = library
        .nudges()
        .iter()
        .filter(|n| n.topic == "career-change")
        .collect();
    assert!(on_career.len() >= 3);
    assert!(on_career.iter().all(|n| !n.suits_channel()));
    let channel = library
        .nudges()
        .iter()
        .filter(|n| n.suits_channel())
        .count();
    assert!(channel >= 45, "{channel} nudges for channels");
}

#[test]
fn a_near_copy_of_a_nudge_is_an_error_at_its_line() {
    let mut files = embedded_files();
    let copy = nudge_block(&files, "cut-before-you-add")
        .replace("id = \"cut-before-you-add\"", "id = \"cut-first\"")
        .replace("Cut before you add", "Remove before you buy");
    let nudges = files
        .iter_mut()
        .find(|(n, _)| n == "nudges.toml")
        .expect("nudges");
    let line = nudges.1.lines().count() + 2;
    nudges.1.push_str(&format!("\n{copy}"));
    let errs = errors_of(files);
    assert!(
        errs.iter().any(|e| e.starts_with("nudges.toml:")
            && e.contains("nudge cut-before-you-add nearly repeats nudge cut-first")),
        "{errs:?}"
    );
    assert!(
        errs.iter().all(|e| !e.contains(&format!(":{line}:"))),
        "reported once, at the first"
    );

    let mut files = embedded_files();
    let same_action = nudge_block(&files, "trace-one-lead")
        .replace("id = \"trace-one-lead\"", "id = \"lead-walkthrough\"")
        .replace("Trace one lead through your systems", "Walk a record end to end")
        .replace(
            "Technical depth lets you find weak spots in data workflows and lead routing that others miss.",
            "Seeing the path a record takes shows where the stack is fragile.",
        )
        .replace("One way in is to follow a single record from start to finish.", "");
    files
        .iter_mut()
        .find(|(n, _)| n == "nudges.toml")
        .expect("nudges")
        .1
        .push_str(&format!("\n{same_action}"));
    let errs = errors_of(files);
    assert!(
        errs.iter()
            .any(|e| e.contains("nearly repeats nudge lead-walkthrough")
                && e.contains("of the words of their actions")),
        "{errs:?}"
    );
}

#[test]
fn a_nudge_on_a_personal_topic_must_be_personal() {
    let mut files = embedded_files();
    replace(
        &mut files,
        "nudges.toml",
        "id = \"too-comfortable\"\ntopic = \"career-change\"\naudience = \"personal\"\n",
        "id = \"too-comfortable\"\ntopic = \"career-change\"\n",
    );
    let errs = errors_of(files);
    assert!(
        errs.iter().any(|e| e.starts_with("nudges.toml:")
            && e.contains("nudge too-comfortable is on career-change, a personal topic")),
        "{errs:?}"
    );

    let mut files = embedded_files();
    let nudges = files
        .iter_mut()
        .find(|(n, _)| n == "nudges.toml")
        .expect("nudges");
    nudges.1 = nudges
        .1
        .replace("title = ", "audience = \"personal\"\ntitle = ");
    nudges.1 = nudges.1.replace(
        "audience = \"personal\"\naudience = \"personal\"",
        "audience = \"personal\"",
    );
    let errs = errors_of(files);
    assert!(
        errs.iter().any(|e| e.contains("every nudge is personal")),
        "{errs:?}"
    );
}

#[test]
fn nudges_and_pack_titles_are_in_us_spelling() {
    let mut files = embedded_files();
    replace(
        &mut files,
        "nudges.toml",
        "outside your organization",
        "outside your organisation",
    );
    let errs = errors_of(files);
    assert!(
        errs.iter().any(|e| e.starts_with("nudges.toml:")
            && e.contains("nudge mentor-outside-company: write US English: \"organization\"")),
        "{errs:?}"
    );

    let mut files = embedded_files();
    replace(
        &mut files,
        "team-size.md",
        "title = \"Right-sizing the team",
        "title = \"Prioritise: right-sizing the team",
    );
    let errs = errors_of(files);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("team-size.md:3: error: title: write US English")),
        "{errs:?}"
    );
}

#[test]
fn an_example_in_two_packs_is_an_error_naming_both() {
    let mut files = embedded_files();
    replace(
        &mut files,
        "metrics.md",
        "examples = [",
        "examples = [\"I'm underwater and every team keeps adding to my list!\", ",
    );
    let errs = Library::from_files(files, today()).unwrap_err();
    let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert!(
        shown.iter().any(|e| e.contains("metrics.md")
            && e.contains("also in burnout.md")
            && e.contains("one topic only")),
        "{shown:?}"
    );
}
