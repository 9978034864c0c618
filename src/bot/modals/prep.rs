//! The talk-track builder's modal: `/mops prep <topic or free text>` and the "Prepare this
//! conversation" button open it with their own `trigger_id`. It asks who the conversation
//! is with, the ask, and the evidence (prefilled from the person's work log). A submission
//! is checked at once; then exactly one DM carries the draft (built in `guidance::prep`)
//! and nothing is posted anywhere else.

use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::guidance::pack::{Pack, valid_id};
use crate::guidance::prep::{Ask, Who, draft, draft_answer};
use crate::ids::{ChannelId, TeamId, UserId};
use crate::slack::blocks::{Block, Choice, Input, InputElement};
use crate::slack::command::SlashCommand;
use crate::slack::render;
use crate::slack::views::{Modal, Submission, ViewAck};
use crate::store::worklog::Owner;
use crate::text::{escape, truncate};

pub const CALLBACK_ID: &str = "prep_talk_track";
/// The modal's first field.
pub const FIRST_BLOCK: &str = "who";
const ASK_BLOCK: &str = "ask";
const EVIDENCE_BLOCK: &str = "evidence";
/// The weeks of work log the evidence is drawn from.
const LOG_WEEKS: u32 = 4;
/// Slack's cap on a text input, and so on what the person can send back.
const MAX_EVIDENCE: u32 = 3000;

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
    pub notes: String,
}

/// `/mops prep {text}`: opens the builder for the topic `text` is about (`None`: it is
/// open), or says what to do instead.
pub async fn command(state: &AppState, command: &SlashCommand, text: &str) -> Option<Answer> {
    if text.trim().is_empty() {
        return Some(Answer::short(
            "Tell me what the conversation is about, for example `/mops prep burnout` or \
             `/mops prep I need another person on the team`, and I'll open a form that drafts \
             what to say.",
        ));
    }
    let topic = match super::super::answer::topic(state, text).await {
        Ok(topic) => topic,
        Err(closest) => return Some(unsure(state, text, &closest)),
    };
    let place = (&command.team_id, command.enterprise_id.as_ref());
    let problem = match command.trigger_id.as_deref() {
        Some(trigger) => match open(state, place, &command.user_id, trigger, &topic).await {
            Ok(()) => return None,
            Err(problem) => problem,
        },
        None => "Slack sent no trigger to open it with".to_owned(),
    };
    Some(not_opened(&problem, &topic))
}

/// Why the builder did not open, and the way round it.
pub fn not_opened(problem: &str, topic: &str) -> Answer {
    Answer::short(format!(
        "I couldn't open the talk-track builder: {problem}. Please try `/mops prep {topic}` \
         again; `/mops advice {topic}` shows the talk track itself."
    ))
}

fn unsure(state: &AppState, text: &str, closest: &[String]) -> Answer {
    let options: Vec<String> = closest
        .iter()
        .filter_map(|id| state.guide.library.pack(id))
        .map(|p| format!("• *{}*: `/mops prep {}`", p.title, p.id))
        .collect();
    let asked = truncate(&escape(text.trim()), 200);
    if options.is_empty() {
        return Answer::short(format!(
            "I'm not sure which conversation “{asked}” is about. `/mops topics` lists them all; \
             then `/mops prep <topic>`."
        ));
    }
    Answer::short(format!(
        "I'm not sure which conversation “{asked}” is about. These are the closest:\n{}",
        options.join("\n")
    ))
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

/// Opens the builder for `topic` with `trigger_id`, its evidence prefilled from the
/// person's work log; `Err` says why it could not open.
pub async fn open(
    state: &AppState,
    (team, enterprise): (&TeamId, Option<&TeamId>),
    user: &UserId,
    trigger_id: &str,
    topic: &str,
) -> Result<(), String> {
    let Some(pack) = state.guide.library.pack(topic) else {
        return Err("that topic is no longer in the library".to_owned());
    };
    let Some(token) = state.token_for_request(team, enterprise).await else {
        return Err("the app is not installed in this workspace".to_owned());
    };
    let owner = Owner { team, user };
    let evidence = match super::super::worklog::summary_for(state, owner, LOG_WEEKS).await {
        Ok(summary) => summary.paragraph(LOG_WEEKS),
        Err(error) => {
            tracing::warn!(%error, "could not read the work log for the builder");
            String::new()
        }
    };
    state
        .api
        .open_view(&token, trigger_id, &modal(pack, &evidence))
        .await
        .map_err(|error| {
            tracing::warn!(%error, "views.open failed for the talk-track builder");
            format!("Slack would not open the form ({error})")
        })
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
        notes: truncate(notes, MAX_EVIDENCE as usize),
    })
}

/// Sends the draft to the person's DM: one message, nowhere else.
pub async fn send(state: &AppState, prep: Prep) {
    let library = &state.guide.library;
    let Some(pack) = library.pack(&prep.topic) else {
        tracing::warn!(topic = %prep.topic, "a talk-track submission for a topic not in the library");
        return;
    };
    let owner = Owner {
        team: &prep.team,
        user: &prep.user,
    };
    let log = super::super::worklog::summary_for(state, owner, LOG_WEEKS)
        .await
        .inspect_err(|error| tracing::warn!(%error, "no work log for the draft"))
        .ok();
    let d = draft(pack, prep.who, prep.ask, log.as_ref(), &prep.notes);
    let message = render::message(&draft_answer(library, pack, &d));
    let Some(token) = state
        .token_for_request(&prep.team, prep.enterprise.as_ref())
        .await
    else {
        tracing::warn!(team = %prep.team, "no token for this workspace; cannot send the draft");
        return;
    };
    // Posting to the person's user id opens (or reuses) their DM with the bot.
    let Ok(dm) = ChannelId::parse(prep.user.as_str()) else {
        return;
    };
    match super::super::deliver::post_message(state, &token, &dm, &message, None).await {
        Ok(_) => tracing::info!(topic = %prep.topic, "talk-track draft sent"),
        Err(error) => tracing::warn!(%error, "could not send the talk-track draft"),
    }
}
