//! What each answer says, as an [`Answer`]: a pack, its deeper material, the topic list and
//! "not sure" (help texts are in `super::help`). How they look is up to the renderers (see
//! [`super::answer`]).

use super::actions::{self, Subject};
use super::answer::{Answer, Part, RelatedTopic, Visibility};
use super::library::Library;
use super::pack::Pack;
use crate::ids::UserId;
use crate::text::{escape, truncate};

/// Who the answer is for.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// Only the asker sees it.
    Private,
    /// Posted to the channel by `share`.
    SharedBy(&'a UserId),
}

/// The most related topics offered as buttons under an answer.
const MAX_RELATED_BUTTONS: usize = 5;

/// The answer for `pack`.
pub fn pack_answer(library: &Library, pack: &Pack, audience: Audience<'_>) -> Answer {
    let mut parts = Vec::with_capacity(12);
    if let Audience::SharedBy(user) = audience {
        parts.push(Part::SharedBy {
            user: user.clone(),
            topic: pack.id.clone(),
        });
    }
    parts.extend([
        Part::Title(pack.title.clone()),
        Part::Summary(pack.summary.clone()),
        section("What's going on", &pack.situation),
        section("What to do", &pack.steps),
        Part::TalkTrack(pack.script.clone()),
        Part::Divider,
        // Related topics, "more" and "share" are buttons below; a line of the same commands
        // would show every link twice.
        Part::Sources(citations(library, pack)),
    ]);
    parts.extend(related(library, pack));
    let mut row = Vec::with_capacity(4);
    if let Audience::Private = audience {
        row.push(actions::share_button(&pack.id));
    }
    row.push(actions::more_button(&pack.id));
    if !pack.script.trim().is_empty() {
        row.push(actions::prep_button(&pack.id));
    }
    parts.push(Part::Buttons {
        group: "answer".into(),
        intents: row,
    });
    parts.push(Part::Feedback(Subject::Topic(pack.id.clone())));
    let visibility = match audience {
        Audience::Private => Visibility::OnlyAsker,
        Audience::SharedBy(_) => Visibility::Channel,
    };
    Answer::new(
        format!("{}: {}", pack.title, pack.summary),
        visibility,
        parts,
    )
    .about(&pack.id)
}

/// The pack's deeper material (every pack has a `Go deeper` section).
pub fn more_answer(library: &Library, pack: &Pack) -> Answer {
    let mut parts = vec![
        Part::Title(format!("More on: {}", pack.title)),
        Part::Section {
            heading: None,
            text: pack.deeper.clone(),
        },
        Part::Divider,
        // The related topics are buttons below; sharing has no button here.
        Part::Note(format!("Share it in a channel: `/mops share {}`", pack.id)),
        Part::Sources(citations(library, pack)),
    ];
    parts.extend(related(library, pack));
    parts.push(Part::Feedback(Subject::Topic(pack.id.clone())));
    Answer::new(
        format!("More on {}", pack.title),
        Visibility::OnlyAsker,
        parts,
    )
    .about(&pack.id)
}

/// Every answer `check` must hold to the surfaces' limits for a pack.
pub fn all_answers(library: &Library, pack: &Pack) -> Vec<(&'static str, Answer)> {
    let someone = UserId::parse("U0000000000").expect("valid id");
    vec![
        ("the answer", pack_answer(library, pack, Audience::Private)),
        (
            "the shared answer",
            pack_answer(library, pack, Audience::SharedBy(&someone)),
        ),
        ("the `more` answer", more_answer(library, pack)),
        (
            "the answer in a thread or DM",
            pack_answer(library, pack, Audience::Private).in_conversation(),
        ),
    ]
}

fn section(heading: &str, text: &str) -> Part {
    Part::Section {
        heading: Some(heading.to_owned()),
        text: text.to_owned(),
    }
}

fn related(library: &Library, pack: &Pack) -> Option<Part> {
    let topics: Vec<RelatedTopic> = pack
        .related
        .iter()
        .filter_map(|id| library.pack(id))
        .take(MAX_RELATED_BUTTONS)
        .map(|p| RelatedTopic {
            id: p.id.clone(),
            title: p.title.clone(),
        })
        .collect();
    (!topics.is_empty()).then_some(Part::Related(topics))
}

pub(crate) fn citations(library: &Library, pack: &Pack) -> Vec<String> {
    pack.sources
        .iter()
        .filter_map(|id| library.source(id))
        .map(|s| s.citation())
        .collect()
}

/// Every topic with its summary.
pub fn topics(library: &Library) -> Answer {
    let mut parts = vec![Part::Title("Topics I can help with".into())];
    for p in library.packs() {
        parts.push(Part::Text(format!(
            "*{}*  `/mops advice {}`\n{}",
            p.title, p.id, p.summary
        )));
    }
    parts.push(Part::Note(
        "Or just describe your situation: `/mops my boss thinks I only push buttons`".into(),
    ));
    Answer::new("Topics I can help with", Visibility::OnlyAsker, parts)
}

/// The reply when no topic fits well enough: the topics with real evidence for them, if any
/// (`closest`, best first), or else a plain decline that says how to list every topic.
pub fn unsure(library: &Library, query: &str, closest: &[String]) -> Answer {
    let shown = truncate(&escape(query.trim()), 200);
    let options: Vec<String> = closest
        .iter()
        .filter_map(|id| library.pack(id))
        .map(|p| format!("• *{}*: `/mops advice {}`", p.title, p.id))
        .collect();
    let (text, hint) = if options.is_empty() {
        (
            format!(
                "I'm not sure how to help with “{shown}”: it doesn't match any topic I cover. \
                 I give marketing-ops people career and advocacy guidance."
            ),
            "Type `/mops topics` to see every topic I cover, or describe your situation in a sentence or two.",
        )
    } else {
        (
            format!(
                "I'm not sure which topic fits “{shown}”. It might be one of these:\n{}",
                options.join("\n")
            ),
            "Or type `/mops topics` to see every topic I cover.",
        )
    };
    let parts = vec![Part::Text(text.clone()), Part::Note(hint.into())];
    Answer::new(text, Visibility::OnlyAsker, parts).uncertain(true)
}
