//! Reading one pack file: a complete pack parses; TOML mistakes, missing or misordered
//! sections and bad settings are named with their lines; ids are slugs.

use super::*;

const GOOD: &str = r#"+++
id = "burnout"
title = "Burnout"
summary = "When the job keeps growing."
keywords = ["burnout", "stretched thin"]
examples = ["i'm underwater at work", "slammed every single week", "doing three people's jobs", "working every weekend lately", "nobody sees what i fix"]
related = ["team-size"]
sources = ["tough-talks-burnout"]
owner = "MOPs content team"
reviewed = 2026-11-23
+++

## What's going on
It grows.
- sign

## What to do
1. Step.

## What to say
> "Words."

## Go deeper
More.
"#;

#[test]
fn a_complete_pack_parses() {
    let pack = parse("burnout.md", GOOD).expect("valid pack");
    assert_eq!(pack.id, "burnout");
    assert_eq!(pack.keywords, ["burnout", "stretched thin"]);
    assert_eq!(pack.examples.len(), 5);
    assert_eq!(pack.situation, "It grows.\n- sign");
    assert_eq!(pack.script, "> \"Words.\"");
    assert_eq!(pack.deeper, "More.");
    assert_eq!(pack.reviewed, jiff::civil::date(2026, 11, 23));
}

fn errors(file: &str, text: &str) -> Vec<String> {
    parse(file, text)
        .expect_err("should be refused")
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn toml_mistakes_point_at_the_file_line() {
    let broken = GOOD.replace("title = \"Burnout\"", "title = Burnout");
    let errs = errors("burnout.md", &broken);
    assert!(
        errs[0].starts_with("burnout.md:3: error: settings:"),
        "{errs:?}"
    );
}

#[test]
fn missing_unknown_and_misordered_sections_are_named_with_lines() {
    let no_say = GOOD.replace("## What to say\n> \"Words.\"\n", "");
    assert!(
        errors("burnout.md", &no_say)
            .iter()
            .any(|e| e.contains("missing the section `## What to say`"))
    );
    let no_deeper = GOOD.replace("## Go deeper\nMore.\n", "");
    let errs = errors("burnout.md", &no_deeper);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("burnout.md:")
                && e.contains("missing the section `## Go deeper`")),
        "{errs:?}"
    );

    let unknown = GOOD.replace("## Go deeper", "## Extra stuff");
    let errs = errors("burnout.md", &unknown);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("burnout.md:23:") && e.contains("unknown section")),
        "{errs:?}"
    );

    let swapped = GOOD
        .replace("## What to do", "## TEMP")
        .replace("## What's going on", "## What to do")
        .replace("## TEMP", "## What's going on");
    assert!(
        errors("burnout.md", &swapped)
            .iter()
            .any(|e| e.contains("out of order"))
    );
}

#[test]
fn settings_are_validated() {
    let wrong_id = GOOD.replace("id = \"burnout\"", "id = \"Burn Out\"");
    assert!(errors("burnout.md", &wrong_id)[0].starts_with("burnout.md:2:"));
    assert!(errors("stress.md", GOOD)[0].contains("must match the file name"));
    let bad_date = GOOD.replace("reviewed = 2026-11-23", "reviewed = 2026-11-23T10:00:00");
    assert!(
        errors("burnout.md", &bad_date)
            .iter()
            .any(|e| e.contains("reviewed must be a date"))
    );
    let extra = GOOD.replace("owner =", "colour = \"red\"\nowner =");
    assert!(errors("burnout.md", &extra)[0].contains("unknown field"));
    let long = GOOD.replace("It grows.", &"x".repeat(MAX_SECTION_CHARS + 1));
    assert!(
        errors("burnout.md", &long)
            .iter()
            .any(|e| e.contains("keep it to 2500"))
    );
}

#[test]
fn missing_settings_block_is_explained() {
    assert!(
        errors("burnout.md", "## What's going on\n")[0].contains("must start with a `+++` line")
    );
    assert!(errors("burnout.md", "+++\nid = \"x\"\n")[0].contains("never closed"));
}

#[test]
fn ids_are_slugs() {
    assert!(valid_id("career-change"));
    for bad in ["", "Career", "a--b", "-a", "a-", "a b", "a_b"] {
        assert!(!valid_id(bad), "{bad}");
    }
}
