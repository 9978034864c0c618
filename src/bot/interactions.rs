//! Interactive payloads (button clicks, modal submissions, the message shortcut), from HTTP or
//! Socket Mode: read, then each one's effect runs in the background. Action ids and values are documented in
//! [`crate::guidance::actions`].

use serde_json::Value;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use super::clicks;
use super::modals;
use super::shortcut::{self, Shortcut};
use super::work::Admission;
use crate::bot::state::AppState;
use crate::guidance::actions::{Action, ActionError};
use crate::guidance::answer::Answer;
use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::slack::str_at;
use crate::slack::views::{Submission, ViewAck};

/// Who clicked, and where the click came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub team: TeamId,
    /// The workspace's enterprise, if any (org-wide installs are found through it).
    pub enterprise: Option<TeamId>,
    pub user: UserId,
    /// The conversation of the message clicked; `None` on the Home tab.
    pub channel: Option<ChannelId>,
    /// Where to answer the clicker; Slack gives none for Home tab buttons.
    pub response_url: Option<Url>,
    /// The clicked message was visible only to the clicker.
    pub is_ephemeral: bool,
    /// Opens a modal in answer to this click (valid for 3 s, once).
    pub trigger_id: Option<String>,
}

/// A payload the bot has read.
#[derive(Debug, Clone, PartialEq)]
pub enum Interaction {
    /// Button clicks (Slack sends one per payload), each understood or not.
    BlockActions {
        origin: Origin,
        actions: Vec<Result<Action, ActionError>>,
    },
    /// A modal submitted.
    ViewSubmission(Submission),
    /// The message shortcut used on a message.
    Shortcut(Shortcut),
    /// Another payload type, which the bot does not use.
    Other(String),
}

/// Why a payload cannot be read; the HTTP endpoint answers these with 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("the payload lacks `{0}`")]
    Missing(&'static str),
    #[error("`{0}` is not valid: {1}")]
    Invalid(&'static str, String),
}

/// Reads an interactive payload.
pub fn parse(payload: &Value) -> Result<Interaction, PayloadError> {
    let kind = str_at(payload, "/type").ok_or(PayloadError::Missing("type"))?;
    match kind {
        "block_actions" => {}
        "message_action" => {
            return Shortcut::parse(payload)
                .map(Interaction::Shortcut)
                .map_err(PayloadError::Missing);
        }
        "view_submission" => {
            return Submission::parse(payload)
                .map(Interaction::ViewSubmission)
                .map_err(|e| PayloadError::Invalid("view", e.to_string()));
        }
        other => {
            return Ok(Interaction::Other(crate::slack::blocks::truncate(
                other, 60,
            )));
        }
    }
    let invalid = |key: &'static str| {
        move |e: crate::slack::ids::InvalidId| PayloadError::Invalid(key, e.to_string())
    };
    let team = str_at(payload, "/team/id")
        .or_else(|| str_at(payload, "/user/team_id"))
        .ok_or(PayloadError::Missing("team.id"))?;
    let team = TeamId::parse(team).map_err(invalid("team.id"))?;
    let enterprise = str_at(payload, "/enterprise/id")
        .or_else(|| str_at(payload, "/team/enterprise_id"))
        .and_then(|e| TeamId::parse(e).ok());
    let user = str_at(payload, "/user/id").ok_or(PayloadError::Missing("user.id"))?;
    let user = UserId::parse(user).map_err(invalid("user.id"))?;
    let channel =
        match str_at(payload, "/channel/id").or_else(|| str_at(payload, "/container/channel_id")) {
            Some(c) => Some(ChannelId::parse(c).map_err(invalid("channel.id"))?),
            None => None,
        };
    let response_url = match str_at(payload, "/response_url") {
        Some(u) => {
            Some(Url::parse(u).map_err(|e| PayloadError::Invalid("response_url", e.to_string()))?)
        }
        None => None,
    };
    let is_ephemeral = payload
        .pointer("/container/is_ephemeral")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let raw_actions = payload
        .get("actions")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or(PayloadError::Missing("actions"))?;
    let mut actions = Vec::with_capacity(raw_actions.len());
    for a in raw_actions {
        let id = str_at(a, "/action_id").ok_or(PayloadError::Missing("actions[].action_id"))?;
        actions.push(Action::parse(id, str_at(a, "/value")));
    }
    Ok(Interaction::BlockActions {
        origin: Origin {
            team,
            enterprise,
            user,
            channel,
            response_url,
            is_ephemeral,
            trigger_id: str_at(payload, "/trigger_id").map(str::to_owned),
        },
        actions,
    })
}

/// Accepts an interactive payload: takes a reply slot (see [`super::work`]) and carries
/// out every click understood in the background; anything else is logged and dropped.
pub async fn accept(state: &AppState, payload: Value, started: Instant) -> Admission {
    let (origin, actions) = match parse(&payload) {
        Ok(Interaction::BlockActions { origin, actions }) => (origin, actions),
        Ok(Interaction::ViewSubmission(submission)) => {
            return submit(state, &submission, started).await;
        }
        Ok(Interaction::Shortcut(used)) => return shortcut::accept(state, used, started).await,
        Ok(Interaction::Other(kind)) => {
            tracing::debug!(%kind, "interactive payload type not used; ignored");
            return Admission::Accepted;
        }
        Err(error) => {
            tracing::warn!(%error, "dropped an interactive payload that could not be read");
            return Admission::Accepted;
        }
    };
    let actions: Vec<Action> = actions
        .into_iter()
        .filter_map(|action| {
            action
                .map_err(|error| {
                    tracing::warn!(%error, team = %origin.team, "ignored a click the bot does not understand");
                })
                .ok()
        })
        .collect();
    if actions.is_empty() {
        return Admission::Accepted;
    }
    let Some(slot) = state.work.admit(started).await else {
        return Admission::Busy;
    };
    let state = state.clone();
    slot.spawn(async move {
        for action in actions {
            let span = tracing::info_span!(
                "click",
                team = %origin.team,
                action = ?action,
                topic = tracing::field::Empty,
            );
            clicks::handle(&state, &origin, action)
                .instrument(span)
                .await;
        }
    });
    Admission::Accepted
}

/// Checks a modal's submission at once (errors go back in the acknowledgement, beside the
/// fields), then carries it out in the background once the modal has closed.
async fn submit(state: &AppState, submission: &Submission, started: Instant) -> Admission {
    let job = match modals::read(submission) {
        Ok(Some(job)) => job,
        Ok(None) => return Admission::Accepted,
        Err(ack) => return ack.body().map_or(Admission::Accepted, Admission::Respond),
    };
    let Some(slot) = state.work.admit(started).await else {
        // Keeping the modal open keeps what the person chose; they can press Save again.
        let busy = ViewAck::error(
            modals::first_block(&job),
            "Lots of requests right now, so I couldn't save this. Please press Save again in a minute.",
        );
        return busy.body().map_or(Admission::Busy, Admission::Respond);
    };
    let state = state.clone();
    let span = tracing::info_span!("view_submission", team = %submission.team);
    slot.spawn(modals::carry_out(state, job).instrument(span));
    Admission::Accepted
}

/// Pauses `channel`'s weekly nudges exactly as `/mops nudge pause` does, and returns the
/// confirmation shown to the clicker. Used by the `nudge_pause` button.
pub async fn pause_nudges(
    state: &AppState,
    team: &TeamId,
    channel: &ChannelId,
    user: &UserId,
) -> Answer {
    crate::bot::nudges::commands::pause(state, team, channel, user, 1)
        .await
        .private()
}
