//! Answers as terminal text, for `mops-bot ask`: a pack answer laid out under capitalised
//! headings with its summary, related topics and sources; anything else as its paragraphs
//! and notes, without mrkdwn's bold markers.

use crate::guidance::answer::{Answer, Part};

/// `answer` as text for a terminal.
pub fn answer(answer: &Answer) -> String {
    if answer.parts.iter().any(|p| matches!(p, Part::Summary(_))) {
        pack(answer)
    } else {
        paragraphs(answer)
    }
}

fn title(text: &str) -> String {
    format!("{text}\n{}", "=".repeat(text.chars().count()))
}

/// A pack answer: the pack's own text (its `- ` bullets as written), headings in capitals,
/// and one line each for related topics and sources. Who shared it and its buttons are for
/// Slack.
fn pack(answer: &Answer) -> String {
    let (mut body, mut related, mut sources) = (String::new(), String::new(), String::new());
    for part in &answer.parts {
        match part {
            Part::Title(text) => body.push_str(&format!("{}\n", title(text))),
            Part::Summary(text) => body.push_str(&format!("{text}\n")),
            Part::Section { heading, text } => {
                let heading = heading.as_deref().unwrap_or_default().to_uppercase();
                body.push_str(&format!("\n{heading}\n{text}\n"));
            }
            Part::TalkTrack(text) => body.push_str(&format!("\nWHAT TO SAY\n{text}\n")),
            Part::Related(topics) => {
                let titles: Vec<&str> = topics.iter().map(|t| t.title.as_str()).collect();
                related = titles.join(", ");
            }
            Part::Sources(cites) => sources = cites.join("; "),
            _ => {}
        }
    }
    format!("{body}\nRelated: {related}\nBased on: {sources}\n")
}

/// Any other answer: titles underlined, then each paragraph and note.
fn paragraphs(answer: &Answer) -> String {
    let shown: Vec<String> = answer
        .parts
        .iter()
        .filter_map(|part| match part {
            Part::Title(text) => Some(title(text)),
            other => other.mrkdwn(),
        })
        .collect();
    format!("{}\n", shown.join("\n\n").replace('*', ""))
}
