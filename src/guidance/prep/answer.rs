//! A draft as an answer for the person's DM: the opening, the evidence, the ask and the
//! follow-up, each from the pack; the person's own notes (escaped); what is left for them to
//! fill; and the articles it comes from.

use super::Draft;
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::guidance::library::Library;
use crate::guidance::pack::Pack;
use crate::text::{escape, truncate};

/// The most characters of the person's own evidence shown back.
const MAX_NOTES: usize = 2000;

fn quoted(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn section(heading: &str, text: String) -> Part {
    Part::Section {
        heading: Some(heading.to_owned()),
        text,
    }
}

/// The DM holding draft `d` for `pack`.
pub fn draft_answer(library: &Library, pack: &Pack, d: &Draft) -> Answer {
    let mut evidence = quoted(&d.evidence);
    if !d.notes.is_empty() {
        if !evidence.is_empty() {
            evidence.push('\n');
        }
        evidence.push_str(&format!(
            "*Your evidence*\n{}",
            truncate(&escape(&d.notes), MAX_NOTES)
        ));
    }
    if evidence.is_empty() {
        evidence = "_This topic's talk track goes straight from the opening to the ask._".into();
    }
    let steps: Vec<String> = d.follow_up.iter().map(|s| format!("• {s}")).collect();
    let to_fill = if d.unfilled.is_empty() {
        "Every placeholder is filled from your choices and your work log. Read it through and \
         make it your own."
            .to_owned()
    } else {
        let list: Vec<String> = d.unfilled.iter().map(|p| format!("`{p}`")).collect();
        format!("Left for you to fill in: {}", list.join(", "))
    };
    let title = format!("Your talk track: {}", d.title);
    let parts = vec![
        Part::Title(title.clone()),
        Part::Note(format!(
            "For a conversation with {} · asking for {} · only you can see this",
            d.who.label().to_lowercase(),
            d.ask.label().to_lowercase()
        )),
        section("Opening", quoted(std::slice::from_ref(&d.opening))),
        section("Evidence", evidence),
        section("The ask", quoted(&d.ask_lines)),
        section("Follow-up", steps.join("\n")),
        Part::Note(to_fill),
        Part::Sources(crate::guidance::compose::citations(library, pack)),
    ];
    Answer::new(title, Visibility::Posted, parts).about(&pack.id)
}
