//! The talk-track builder's modal: `/mops prep <topic or free text>` and the "Prepare this
//! conversation" button open it with their own `trigger_id`. It asks who the conversation
//! is with, the ask, and the evidence (prefilled from the person's work log); its view and
//! the checked reading of a submission are `slack::views::prep`'s. Then exactly one DM
//! carries the draft (built in `guidance::prep`) and nothing is posted anywhere else.

use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::guidance::prep::{draft, draft_answer};
use crate::ids::{ChannelId, TeamId, UserId};
use crate::slack::command::SlashCommand;
use crate::slack::render;
pub use crate::slack::views::prep::{CALLBACK_ID, FIRST_BLOCK, Prep, modal, read};
use crate::store::worklog::Owner;
use crate::text::{escape, truncate};

/// The weeks of work log the evidence is drawn from.
const LOG_WEEKS: u32 = 4;

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
