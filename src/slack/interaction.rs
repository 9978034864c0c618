//! Reading an interactive payload (button clicks, a modal submitted, the message shortcut)
//! into what the bot acts on. Malformed payloads are a [`PayloadError`], which the HTTP
//! endpoint answers with 400.

use serde_json::Value;
use url::Url;

use super::ids::{ChannelId, TeamId, UserId};
use super::str_at;
use super::views::Submission;
use crate::guidance::actions::{Action, ActionError};

/// Who clicked, and where the click came from. Its `Debug` leaves out `response_url` and
/// `trigger_id`, which let anyone holding them answer in the person's name.
#[derive(Clone, PartialEq, Eq)]
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

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Origin")
            .field("team", &self.team)
            .field("enterprise", &self.enterprise)
            .field("user", &self.user)
            .field("channel", &self.channel)
            .field("is_ephemeral", &self.is_ephemeral)
            .finish_non_exhaustive()
    }
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

/// A `message_action` payload, reduced to what the answer needs. Its `Debug` leaves out the
/// message's text and the `response_url`.
#[derive(Clone, PartialEq)]
pub struct Shortcut {
    pub team: TeamId,
    pub user: UserId,
    pub callback_id: String,
    pub response_url: Url,
    /// The text of the message the shortcut was used on (may be empty: an image, a file).
    pub text: String,
}

impl std::fmt::Debug for Shortcut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcut")
            .field("team", &self.team)
            .field("user", &self.user)
            .field("callback_id", &self.callback_id)
            .finish_non_exhaustive()
    }
}

impl Shortcut {
    /// Reads a `message_action` payload; `None` names the first field missing or invalid.
    pub fn parse(payload: &Value) -> Result<Self, &'static str> {
        let at = |pointer: &'static str| {
            payload
                .pointer(pointer)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or(pointer)
        };
        let team = at("/team/id").or_else(|_| at("/user/team_id"))?;
        Ok(Self {
            team: TeamId::parse(team).map_err(|_| "/team/id")?,
            user: UserId::parse(at("/user/id")?).map_err(|_| "/user/id")?,
            callback_id: crate::slack::blocks::truncate(at("/callback_id")?, 255),
            response_url: Url::parse(at("/response_url")?).map_err(|_| "/response_url")?,
            text: at("/message/text").unwrap_or_default().to_owned(),
        })
    }
}
