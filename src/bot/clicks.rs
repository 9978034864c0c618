//! What each button does. Answers to the clicker go through the click's `response_url`
//! (ephemeral unless shared); Home tab clicks, which have none, are answered by DM.

use crate::bot::state::AppState;
use crate::guidance::actions::{Action, Subject};
use crate::guidance::answer::Answer;
use crate::guidance::compose::{self, Audience};
use crate::guidance::library::Library;
use crate::guidance::notes;
use crate::guidance::pack::Pack;
use crate::ids::{ChannelId, UserId};
use crate::slack::message::{Message, ResponseType};
use crate::slack::render;
use crate::store::feedback::SubjectKind;

use super::bookkeeping::Record;
use super::modals::{nudge_settings, prep};
use crate::bot::nudges::commands::Place;

use super::interactions::pause_nudges;
use crate::slack::interaction::Origin;

/// Carries out one click.
pub async fn handle(state: &AppState, origin: &Origin, action: Action) {
    let library = &state.guide.library;
    match &action {
        Action::HomeTopic(topic) => {
            let Some(pack) = known(state, origin, topic).await else {
                return;
            };
            answered(state, origin, pack);
            let answer = compose::pack_answer(library, pack, Audience::Private);
            dm(state, origin, &render::message(&answer.in_conversation())).await;
            super::home::publish(
                state,
                &origin.team,
                origin.enterprise.as_ref(),
                &origin.user,
            )
            .await;
            return;
        }
        // Only the nudge's own message may pause its channel, and only the person their own
        // DM nudges: a click that names another channel or person, or comes with no channel
        // at all (a crafted payload), changes nothing.
        Action::NudgePause(channel) => {
            let own = channel.as_str() == origin.user.as_str();
            let message = if !own && origin.channel.as_ref() != Some(channel) {
                tracing::warn!(%channel, "refused nudge_pause outside the channel's own nudge");
                notes::pause_refused()
            } else {
                pause_nudges(state, &origin.team, channel, &origin.user).await
            };
            respond(state, origin, message).await;
            return;
        }
        // The builder opens for the clicker, with the click's own trigger.
        Action::PrepOpen(topic) => {
            let place = (&origin.team, origin.enterprise.as_ref());
            let opened = match origin.trigger_id.as_deref() {
                Some(trigger) => prep::open(state, place, &origin.user, trigger, topic).await,
                None => Err("Slack sent no trigger to open it with".to_owned()),
            };
            if let Err(problem) = opened {
                respond(state, origin, prep::not_opened(&problem, topic)).await;
            }
            return;
        }
        Action::NudgeSettings(channel) => {
            open_settings(state, origin, channel).await;
            return;
        }
        Action::RelatedTopic(topic) | Action::MoreTopic(topic) | Action::NudgeMore(topic) => {
            match library.pack(topic) {
                Some(pack) => answered(state, origin, pack),
                None => tracing::info!(topic, "a button named a topic the library does not have"),
            }
        }
        // The owner is the clicker: a click can only ever clear the clicker's own log.
        Action::WorklogClear(up_to) => {
            let owner = crate::store::worklog::Owner {
                team: &origin.team,
                user: &origin.user,
            };
            let message = super::worklog::clear(state, owner, *up_to).await;
            respond(state, origin, message).await;
            return;
        }
        Action::ShareAnswer(_) => {}
        Action::Feedback { subject, helpful } => {
            record_vote(state, origin, subject, *helpful);
        }
    }
    if let Some(answer) = shown(library, &origin.user, origin.is_ephemeral, &action) {
        respond(state, origin, answer).await;
    }
}

/// What a click on an answer or nudge shows the clicker, decided from the library alone (the
/// playground shows exactly this); `None` for clicks that act on a workspace (Home tab,
/// pausing nudges). `in_private` says whether the clicked message was ephemeral.
pub fn shown(
    library: &Library,
    clicker: &UserId,
    in_private: bool,
    action: &Action,
) -> Option<Answer> {
    let pack = |topic: &str| library.pack(topic);
    Some(match action {
        Action::ShareAnswer(topic) => match pack(topic) {
            Some(pack) => compose::pack_answer(library, pack, Audience::SharedBy(clicker)),
            None => notes::topic_gone(),
        },
        Action::RelatedTopic(topic) => match pack(topic) {
            Some(pack) => {
                let mut answer = compose::pack_answer(library, pack, Audience::Private);
                // A private answer is swapped for the related one; anything else stays put.
                answer.replaces = Some(in_private);
                answer
            }
            None => notes::topic_gone(),
        },
        Action::MoreTopic(topic) => match pack(topic) {
            Some(pack) => compose::more_answer(library, pack),
            None => notes::topic_gone(),
        },
        Action::NudgeMore(topic) => match pack(topic) {
            Some(pack) => compose::pack_answer(library, pack, Audience::Private),
            None => notes::topic_gone(),
        },
        Action::Feedback { helpful, .. } => notes::feedback_thanks(*helpful),
        Action::HomeTopic(_)
        | Action::NudgePause(_)
        | Action::NudgeSettings(_)
        | Action::PrepOpen(_)
        | Action::WorklogClear(_) => return None,
    })
}

/// "Change schedule": the channel's settings modal, or a note saying why it did not open.
async fn open_settings(state: &AppState, origin: &Origin, channel: &ChannelId) {
    let place = Place {
        team: &origin.team,
        enterprise: origin.enterprise.as_ref(),
        channel,
        user: &origin.user,
    };
    let problem = match origin.trigger_id.as_deref() {
        Some(trigger) => match nudge_settings::open(state, &place, trigger).await {
            Ok(()) => return,
            Err(problem) => problem,
        },
        None => "Slack sent no trigger to open it with".to_owned(),
    };
    let note = Answer::short(format!(
        "I couldn't open the nudge settings: {problem}. In the channel, `/mops nudge on \
         thursday 8:30am Europe/Berlin` sets the schedule too."
    ));
    respond(state, origin, note).await;
}

/// The pack `topic`, or an apology to the clicker when the library no longer has it.
async fn known<'a>(state: &'a AppState, origin: &Origin, topic: &str) -> Option<&'a Pack> {
    let pack = state.guide.library.pack(topic);
    if pack.is_none() {
        tracing::info!(topic, "a button named a topic the library does not have");
        respond(state, origin, notes::topic_gone()).await;
    }
    pack
}

fn answered(state: &AppState, origin: &Origin, pack: &Pack) {
    tracing::Span::current().record("topic", pack.id.as_str());
    super::home::remember(state, &origin.team, &origin.user, &pack.id);
}

fn record_vote(state: &AppState, origin: &Origin, subject: &Subject, helpful: bool) {
    let library = &state.guide.library;
    let (kind, id, exists) = match subject {
        Subject::Topic(id) => (SubjectKind::Topic, id, library.pack(id).is_some()),
        Subject::Nudge(id) => (SubjectKind::Nudge, id, library.nudge(id).is_some()),
    };
    if !exists {
        // Old messages can outlive their content; the thank-you still applies.
        tracing::info!(
            kind = kind.as_str(),
            id,
            "feedback on something no longer in the library; not stored"
        );
        return;
    }
    // Written after the thank-you, in a batch; the thank-you never waits for the database.
    state.bookkeeper.note(Record::Vote {
        team: origin.team.clone(),
        user: origin.user.clone(),
        kind,
        subject: id.clone(),
        helpful,
        at: state.clock.now().as_second(),
    });
    tracing::info!(kind = kind.as_str(), id, helpful, "feedback noted");
}

/// Answers the clicker: through `response_url` when the click has one (a new message unless
/// the handler chose to replace), else in the channel (ephemerally unless it is a share),
/// else by DM.
async fn respond(state: &AppState, origin: &Origin, answer: Answer) {
    let mut message = render::message(&answer);
    if message.replace_original.is_none() {
        message.replace_original = Some(false);
    }
    if let Some(url) = &origin.response_url {
        if let Err(error) = state.responder.send(url, &message).await {
            tracing::warn!(%error, "could not answer the click");
        }
        return;
    }
    let token = state
        .token_for_request(&origin.team, origin.enterprise.as_ref())
        .await;
    let Some(token) = token else {
        tracing::warn!(team = %origin.team, "no token for this workspace; cannot answer the click");
        return;
    };
    match &origin.channel {
        Some(channel) => {
            let public = message.response_type == Some(ResponseType::InChannel);
            let sent = if public {
                super::deliver::post_message(state, &token, channel, &message, None)
                    .await
                    .map(drop)
            } else {
                super::deliver::with_safe_retries(&state.config.retry, || {
                    state
                        .api
                        .post_ephemeral(&token, channel, &origin.user, &message)
                })
                .await
            };
            if let Err(error) = sent {
                tracing::warn!(%error, "could not answer the click");
            }
        }
        None => dm(state, origin, &message).await,
    }
}

/// Sends `message` to the clicker's DM with the bot.
async fn dm(state: &AppState, origin: &Origin, message: &Message) {
    let token = state
        .token_for_request(&origin.team, origin.enterprise.as_ref())
        .await;
    let Some(token) = token else {
        tracing::warn!(team = %origin.team, "no token for this workspace; cannot send a DM");
        return;
    };
    // Posting to a user id opens (or reuses) the DM with the bot; both are checked ids.
    let Ok(dm) = ChannelId::parse(origin.user.as_str()) else {
        return;
    };
    if let Err(error) = super::deliver::post_message(state, &token, &dm, message, None).await {
        tracing::warn!(%error, "could not send the DM");
    }
}
