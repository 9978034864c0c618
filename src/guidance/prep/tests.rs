//! The talk-track draft: filled from the work log and the ask, with what cannot be filled
//! marked and listed, and the track chosen for the audience by its heading.

use super::*;
use crate::guidance::library::Library;
use crate::worklog::Entry;

fn library() -> Library {
    Library::embedded(jiff::civil::date(2026, 11, 23))
        .expect("library loads")
        .library
}

fn log() -> Summary {
    let entry = |minutes, what: &str, team: Option<&str>| Entry {
        id: 0,
        minutes,
        what: what.into(),
        asked_by: team.map(str::to_owned),
        logged_at: jiff::Timestamp::UNIX_EPOCH,
    };
    Summary::of(&[
        entry(600, "salesforce admin", None),
        entry(270, "reports for sales", Some("sales")),
    ])
}

#[test]
fn the_burnout_track_is_filled_from_the_log_and_the_ask() {
    let library = library();
    let pack = library.pack("burnout").expect("burnout");
    let d = draft(
        pack,
        Who::Manager,
        Ask::RaiseOrTitle,
        Some(&log()),
        "my notes",
    );
    assert!(
        d.opening.starts_with("\"I'd like to walk you through"),
        "{}",
        d.opening
    );
    assert!(
        d.evidence[0].contains("*10h* on our core systems"),
        "{:?}",
        d.evidence
    );
    assert!(
        d.evidence[0].contains("*4h30* on requests"),
        "{:?}",
        d.evidence
    );
    assert!(
        d.ask_lines[0].contains("*a raise or a title that reflects it*"),
        "{:?}",
        d.ask_lines
    );
    assert!(d.unfilled.is_empty(), "{:?}", d.unfilled);
    assert!(
        d.follow_up[0].starts_with("For two weeks, log every task"),
        "{:?}",
        d.follow_up
    );
    assert_eq!(d.notes, "my notes");
    // Every line of the draft is the pack's own, placeholders aside.
    for line in std::iter::once(&d.opening)
        .chain(&d.evidence)
        .chain(&d.ask_lines)
    {
        let start: String = line.chars().take(25).collect();
        assert!(pack.script.contains(&start), "{line}");
    }
}

#[test]
fn what_cannot_be_filled_is_left_marked_and_listed() {
    let library = library();
    let pack = library.pack("burnout").expect("burnout");
    let d = draft(pack, Who::Manager, Ask::Headcount, None, "");
    assert!(d.evidence[0].contains("`[X hours]`"), "{:?}", d.evidence);
    assert_eq!(
        d.unfilled,
        [
            "[X hours]",
            "[Y hours]",
            "[help with X / a more focused role / a raise or a title that reflects it]"
        ]
    );
}

#[test]
fn the_track_for_the_audience_is_chosen_by_its_heading() {
    let library = library();
    let pack = library.pack("career-change").expect("career-change");
    let d = draft(pack, Who::HiringTeam, Ask::Focus, None, "");
    assert!(
        d.opening.contains("Ops put me in the middle"),
        "{}",
        d.opening
    );
    let d = draft(pack, Who::Manager, Ask::Focus, None, "");
    assert!(
        d.opening.contains("I really like this work"),
        "{}",
        d.opening
    );
    assert!(
        d.ask_lines[0].contains("leading people"),
        "{:?}",
        d.ask_lines
    );
    assert!(Who::parse("executive") == Some(Who::Executive) && Ask::parse("nope").is_none());
}
