//! Turns guidance into Slack messages (Block Kit plus a plain-text fallback) and terminal text.

use super::actions::{self, Subject};
use super::library::Library;
use super::pack::Pack;
use crate::slack::blocks::{Block, Element, escape};
use crate::slack::ids::UserId;
use crate::slack::message::Message;

/// Who the answer is for.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// Only the asker sees it.
    Private,
    /// Posted to the channel by `share`.
    SharedBy(&'a UserId),
}

/// The answer for `pack`.
pub fn pack_message(library: &Library, pack: &Pack, audience: Audience<'_>) -> Message {
    let mut blocks = Vec::with_capacity(10);
    if let Audience::SharedBy(user) = audience {
        blocks.push(Block::context(format!(
            ":speech_balloon: Shared by <@{user}> with `/mops share {}`",
            pack.id
        )));
    }
    blocks.push(Block::header(&pack.title));
    blocks.push(Block::section(format!(
        "*What's going on*\n{}",
        mrkdwn(&pack.situation)
    )));
    blocks.push(Block::section(format!(
        "*What to do*\n{}",
        mrkdwn(&pack.steps)
    )));
    blocks.push(Block::section(format!(
        "*What to say*\n{}",
        mrkdwn(&pack.script)
    )));
    blocks.push(Block::divider());
    // Related topics, "more" and "share" are buttons below; a line of the same commands
    // would show every link twice.
    blocks.push(Block::context(citation(library, pack)));
    blocks.extend(answer_buttons(library, pack, audience));
    let message = Message::new(format!("{}: {}", pack.title, pack.summary), blocks);
    match audience {
        Audience::Private => message.ephemeral(),
        Audience::SharedBy(_) => message.in_channel(),
    }
}

/// The pack's deeper material (every pack has a `Go deeper` section).
pub fn more_message(library: &Library, pack: &Pack) -> Message {
    let mut blocks = vec![
        Block::header(&format!("More on: {}", pack.title)),
        Block::section(mrkdwn(&pack.deeper)),
        Block::divider(),
        // The related topics are buttons below; sharing has no button here.
        Block::context(format!("Share it in a channel: `/mops share {}`", pack.id)),
        Block::context(citation(library, pack)),
    ];
    blocks.extend(related_row(library, pack));
    blocks.push(Block::actions(
        "answer",
        actions::feedback_buttons(&Subject::Topic(pack.id.clone())).to_vec(),
    ));
    Message::new(format!("More on {}", pack.title), blocks).ephemeral()
}

/// Every message `check` must hold to Slack's limits for a pack.
pub fn all_renderings(library: &Library, pack: &Pack) -> Vec<(&'static str, Message)> {
    let someone = UserId::parse("U0000000000").expect("valid id");
    vec![
        ("the answer", pack_message(library, pack, Audience::Private)),
        (
            "the shared answer",
            pack_message(library, pack, Audience::SharedBy(&someone)),
        ),
        ("the `more` answer", more_message(library, pack)),
        (
            "the answer in a thread or DM",
            in_conversation(pack_message(library, pack, Audience::Private)),
        ),
    ]
}

/// The most related topics offered as buttons under an answer.
const MAX_RELATED_BUTTONS: usize = 5;

/// The buttons under an answer: its related topics on one row, then share (private answers
/// only), more and feedback.
fn answer_buttons(library: &Library, pack: &Pack, audience: Audience<'_>) -> Vec<Block> {
    let mut row = Vec::with_capacity(5);
    if let Audience::Private = audience {
        row.push(actions::share_button(&pack.id));
    }
    row.push(actions::more_button(&pack.id));
    row.extend(actions::feedback_buttons(&Subject::Topic(pack.id.clone())));
    let mut blocks: Vec<Block> = related_row(library, pack).into_iter().collect();
    blocks.push(Block::actions("answer", row));
    blocks
}

fn related_row(library: &Library, pack: &Pack) -> Option<Block> {
    let buttons: Vec<Element> = pack
        .related
        .iter()
        .filter_map(|id| library.pack(id))
        .take(MAX_RELATED_BUTTONS)
        .enumerate()
        .map(|(n, p)| actions::related_button(n + 1, &p.title, &p.id))
        .collect();
    (!buttons.is_empty()).then(|| Block::actions("related", buttons))
}

/// An answer as posted in a thread or DM rather than privately: everyone in the conversation
/// already sees it, so it drops the "Share to channel" button.
pub fn in_conversation(mut message: Message) -> Message {
    for block in &mut message.blocks {
        if let Block::Actions { elements, .. } = block {
            elements.retain(|Element::Button { action_id, .. }| action_id != actions::SHARE_ANSWER);
        }
    }
    message
        .blocks
        .retain(|b| !matches!(b, Block::Actions { elements, .. } if elements.is_empty()));
    message.response_type = None;
    message
}

fn citation(library: &Library, pack: &Pack) -> String {
    let cites: Vec<String> = pack
        .sources
        .iter()
        .filter_map(|id| library.source(id))
        .map(|s| s.citation())
        .collect();
    format!(":books: Based on: {}", cites.join("; "))
}

/// Pack text is written in mrkdwn already; bullets read better as dots in Slack.
fn mrkdwn(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("- ") {
            Some(rest) => format!("• {rest}"),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the bot does and how to ask.
pub fn help_message(library: &Library) -> Message {
    let topics: Vec<String> = library
        .packs()
        .iter()
        .map(|p| format!("`{}`", p.id))
        .collect();
    let blocks = vec![
        Block::header("mops-bot: guidance for marketing ops people"),
        Block::section(
            "Tell me what's going on at work and I'll answer with what is happening, what to do, \
             and *what to say* to your manager, CMO or hiring team. Only you see my answers unless you share them.",
        ),
        Block::section(
            "*How to ask*\n\
             • `/mops advice burnout`: advice on a topic\n\
             • `/mops everyone dumps work on me`: just describe it in your own words\n\
             • `/mops share scope creep`: post the answer to this channel for your team\n\
             • `/mops more burnout`: the deeper material on a topic\n\
             • `/mops topics`: every topic with a one-line summary\n\
             • `/mops nudge on`: one practical nudge in this channel every week (`/mops nudge status` to see it)",
        ),
        Block::section(
            "*Just for you*\n\
             • `/mops log 3h salesforce admin for sales`: a private work log; `/mops log summary` \
             turns it into numbers for the conversation (`/mops log help` for more)",
        ),
        Block::section(format!("*Topics*\n{}", topics.join("  "))),
        Block::context(
            "Guidance is drawn from published articles on marketing operations careers; each answer names its source.",
        ),
    ];
    Message::new("mops-bot: how to ask for advice", blocks).ephemeral()
}

/// Every topic with its summary.
pub fn topics_message(library: &Library) -> Message {
    let mut blocks = vec![Block::header("Topics I can help with")];
    for p in library.packs() {
        blocks.push(Block::section(format!(
            "*{}*  `/mops advice {}`\n{}",
            p.title, p.id, p.summary
        )));
    }
    blocks.push(Block::context(
        "Or just describe your situation: `/mops my boss thinks I only push buttons`",
    ));
    Message::new("Topics I can help with", blocks).ephemeral()
}

/// The reply when no topic fits well enough.
pub fn unsure_message(library: &Library, query: &str, closest: &[String]) -> Message {
    let shown = crate::slack::blocks::truncate(&escape(query.trim()), 200);
    let options: Vec<String> = closest
        .iter()
        .filter_map(|id| library.pack(id))
        .map(|p| format!("• *{}*: `/mops advice {}`", p.title, p.id))
        .collect();
    let mut text = format!("I'm not sure which topic fits “{shown}”.");
    if !options.is_empty() {
        text.push_str(&format!(" These are the closest:\n{}", options.join("\n")));
    }
    let blocks = vec![
        Block::section(text.clone()),
        Block::context(
            "See everything I cover with `/mops topics`, or try describing it another way.",
        ),
    ];
    Message::new(text, blocks).ephemeral()
}

/// A pack as readable terminal text, for `mops-bot ask`.
pub fn pack_terminal(library: &Library, pack: &Pack) -> String {
    let cites: Vec<String> = pack
        .sources
        .iter()
        .filter_map(|id| library.source(id))
        .map(|s| s.citation())
        .collect();
    format!(
        "{title}\n{rule}\n{summary}\n\nWHAT'S GOING ON\n{a}\n\nWHAT TO DO\n{b}\n\nWHAT TO SAY\n{c}\n\nRelated: {rel}\nBased on: {cites}\n",
        title = pack.title,
        rule = "=".repeat(pack.title.chars().count()),
        summary = pack.summary,
        a = pack.situation,
        b = pack.steps,
        c = pack.script,
        rel = related_titles(library, pack).join(", "),
        cites = cites.join("; "),
    )
}

fn related_titles<'a>(library: &'a Library, pack: &Pack) -> Vec<&'a str> {
    pack.related
        .iter()
        .filter_map(|id| library.pack(id))
        .map(|p| p.title.as_str())
        .collect()
}

/// Any message as terminal text: its sections and context lines, without mrkdwn markers.
pub fn message_terminal(message: &Message) -> String {
    use crate::slack::blocks::Text;
    let mut out = Vec::new();
    for block in &message.blocks {
        match block {
            Block::Header { text } => out.push(format!(
                "{}\n{}",
                text.as_str(),
                "=".repeat(text.as_str().chars().count())
            )),
            Block::Section { text, .. } => out.push(text.as_str().to_owned()),
            Block::Context { elements } => {
                out.extend(elements.iter().map(|t: &Text| t.as_str().to_owned()))
            }
            Block::Divider {} | Block::Actions { .. } => {}
        }
    }
    out.join("\n\n").replace('*', "")
}
