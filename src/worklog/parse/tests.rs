//! Work-log lines as people type them: durations in any form, the team that asked, the
//! sub-commands, and a specific correction (escaped) for a line that cannot be read.

use super::*;

fn add(text: &str) -> NewEntry {
    match parse(text) {
        Ok(LogCommand::Add(entry)) => entry,
        other => panic!("{text:?} gave {other:?}"),
    }
}

fn correction(text: &str) -> String {
    match parse(text) {
        Err(Correction(c)) => c,
        other => panic!("{text:?} should be corrected, gave {other:?}"),
    }
}

#[test]
fn durations_are_read_however_they_are_written() {
    for (text, minutes) in [
        ("2h x", 120),
        ("90m x", 90),
        ("1.5 hours x", 90),
        ("1,5h x", 90),
        ("1h30 x", 90),
        ("1h30m x", 90),
        ("1h 30m x", 90),
        ("2 hours 15 minutes x", 135),
        ("2 hours and 15 min x", 135),
        ("1:15 x", 75),
        ("45 mins x", 45),
        ("an hour x", 60),
        ("3hrs x", 180),
        ("2hr15min x", 135),
        ("fixed the sync 45m", 45),
        ("fixed the sync, 1.5 hours", 90),
    ] {
        assert_eq!(add(text).minutes, minutes, "{text}");
    }
}

#[test]
fn the_team_that_asked_is_read_from_the_end() {
    let e = add("3h salesforce admin for sales");
    assert_eq!(
        (e.what.as_str(), e.asked_by.as_deref()),
        ("salesforce admin", Some("sales"))
    );
    let e = add("45m fixed the webinar sync");
    assert_eq!(
        (e.what.as_str(), e.asked_by),
        ("fixed the webinar sync", None)
    );
    let e = add("2h - built a dashboard for the Customer Success team.");
    assert_eq!(e.what.as_str(), "built a dashboard");
    assert_eq!(e.asked_by.as_deref(), Some("customer success team"));
    // "for" far from the end is part of the description.
    let e = add("1h prepared slides for the quarterly business review with leadership");
    assert_eq!(e.asked_by, None);
    assert!(e.what.ends_with("leadership"));
}

#[test]
fn sub_commands_and_defaults() {
    assert_eq!(parse(""), Ok(LogCommand::Week));
    assert_eq!(parse("  Undo "), Ok(LogCommand::Undo));
    assert_eq!(parse("export"), Ok(LogCommand::Export));
    assert_eq!(parse("clear"), Ok(LogCommand::Clear));
    assert_eq!(parse("help"), Ok(LogCommand::Help));
    assert_eq!(parse("summary"), Ok(LogCommand::Summary { weeks: 4 }));
    assert_eq!(parse("summary 8"), Ok(LogCommand::Summary { weeks: 8 }));
    assert_eq!(
        parse("summary last 12 weeks"),
        Ok(LogCommand::Summary { weeks: 12 })
    );
    assert_eq!(parse("summary 2w"), Ok(LogCommand::Summary { weeks: 2 }));
    // A reserved word with more after it is an entry if it reads as one.
    assert!(matches!(
        parse("2h export cleanup for sales"),
        Ok(LogCommand::Add(_))
    ));
}

#[test]
fn lines_that_cannot_be_read_get_a_specific_correction() {
    let c = correction("salesforce admin");
    assert!(c.contains("Start with how long"), "{c}");
    let c = correction("3x salesforce");
    assert!(c.contains("'3x'") && c.contains("`90m`"), "{c}");
    let c = correction("2d migration");
    assert!(c.contains("hours and minutes only"), "{c}");
    let c = correction("0m nothing");
    assert!(c.contains("no time at all"), "{c}");
    let c = correction("30h marathon");
    assert!(c.contains("more than a day"), "{c}");
    let c = correction("2h");
    assert!(c.contains("Add what you worked on"), "{c}");
    let c = correction(&format!("1h {}", "word ".repeat(60)));
    assert!(c.contains("under 200 characters"), "{c}");
    let c = correction("summary forever");
    assert!(c.contains("'forever'") && c.contains("1 to 26"), "{c}");
    let c = correction("summary 99");
    assert!(c.contains("1 to 26"), "{c}");
}

#[test]
fn what_people_typed_is_escaped_when_quoted_back() {
    let c = correction("9x<!channel> admin");
    assert!(
        !c.contains("<!channel>") && c.contains("&lt;!channel&gt;"),
        "{c}"
    );
    let c = correction("9<@U123> admin");
    assert!(!c.contains("<@U123>"), "{c}");
}
