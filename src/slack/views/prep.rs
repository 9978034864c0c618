//! The talk-track builder's modal as Slack shows it (who the conversation is with, the ask,
//! the evidence) and the checked reading of its submission; the draft itself is
//! `guidance::prep`'s, opening and sending it the bot's (`bot::modals::prep`).

use crate::guidance::pack::{Pack, valid_id};
use crate::guidance::prep::{Ask, Who};
use crate::ids::{TeamId, UserId};
use crate::slack::blocks::{Block, Choice, Input, InputElement};
use crate::slack::views::{Modal, Submission, ViewAck};
use crate::text::{Typed, truncate};

pub const CALLBACK_ID: &str = "prep_talk_track";

/// The modal's first field.
pub const FIRST_BLOCK: &str = "who";

pub const ASK_BLOCK: &str = "ask";

pub const EVIDENCE_BLOCK: &str = "evidence";

/// Slack's cap on a text input, and so on what the person can send back.
pub const MAX_EVIDENCE: u32 = 3000;

/// A checked submission: whose, which topic, and what they chose and wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Prep {
    pub team: TeamId,
    pub enterprise: Option<TeamId>,
    pub user: UserId,
    pub topic: String,
    pub who: Who,
    pub ask: Ask,
    /// What the person wrote as evidence: theirs, escaped when shown.
    pub notes: Typed,
}

/// The builder for `pack`, its evidence prefilled with `evidence` (may be empty).
pub fn modal(pack: &Pack, evidence: &str) -> Modal {
    let choices = |list: Vec<(&str, &str)>| -> Vec<Choice> {
        list.into_iter()
            .map(|(value, label)| Choice::new(label, value))
            .collect()
    };
    let who = choices(Who::ALL.iter().map(|w| (w.id(), w.label())).collect());
    let ask = choices(Ask::ALL.iter().map(|a| (a.id(), a.label())).collect());
    let hint = if evidence.is_empty() {
        "Numbers help most: hours, requests, what came from other teams. `/mops log` keeps them \
         for you."
    } else {
        "Filled in from your work log for the last 4 weeks; change it as you like."
    };
    let select = |action_id: &str, options| InputElement::StaticSelect {
        action_id: action_id.to_owned(),
        options,
        initial_option: None,
    };
    let mut notes = Input::new(
        "Your evidence",
        InputElement::PlainTextInput {
            action_id: EVIDENCE_BLOCK.to_owned(),
            initial_value: Some(truncate(evidence, MAX_EVIDENCE as usize))
                .filter(|e| !e.is_empty()),
            placeholder: None,
            multiline: true,
            max_length: Some(MAX_EVIDENCE),
        },
    )
    .hint(hint);
    notes.optional = true;
    let blocks = vec![
        Block::section(format!(
            "*{}*\nI'll draft what to say from this topic's talk track and send it to our DM, \
             only for you.",
            pack.title
        )),
        Block::input(Input::new(
            "Who is the conversation with?",
            select(FIRST_BLOCK, who),
        )),
        Block::input(Input::new(
            "What are you asking for?",
            select(ASK_BLOCK, ask),
        )),
        Block::input(notes),
    ];
    Modal::new(CALLBACK_ID, "Prepare a conversation", "Draft it", blocks).with_metadata(&pack.id)
}

/// Checks a submission: a topic id, who and the ask must be there.
pub fn read(submission: &Submission) -> Result<Prep, ViewAck> {
    let topic = submission.private_metadata.clone();
    if !valid_id(&topic) {
        return Err(ViewAck::error(
            FIRST_BLOCK,
            "This form lost its topic. Please close it and open it again.",
        ));
    }
    let Some(who) = submission
        .value(FIRST_BLOCK, FIRST_BLOCK)
        .and_then(Who::parse)
    else {
        return Err(ViewAck::error(
            FIRST_BLOCK,
            "Choose who the conversation is with.",
        ));
    };
    let Some(ask) = submission.value(ASK_BLOCK, ASK_BLOCK).and_then(Ask::parse) else {
        return Err(ViewAck::error(ASK_BLOCK, "Choose what you are asking for."));
    };
    let notes = submission
        .value(EVIDENCE_BLOCK, EVIDENCE_BLOCK)
        .unwrap_or_default();
    Ok(Prep {
        team: submission.team.clone(),
        enterprise: submission.enterprise.clone(),
        user: submission.user.clone(),
        topic,
        who,
        ask,
        notes: truncate(notes, MAX_EVIDENCE as usize).into(),
    })
}
