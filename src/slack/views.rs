//! Modals, shared by every modal the bot opens: the view to show ([`Modal`], opened with
//! [`SlackApi::open_view`] and a `trigger_id` that lives 3 s), what a `view_submission`
//! carries back ([`Submission`]: who, the modal's `callback_id` and `private_metadata`, and
//! each field's value by block and action id), and the acknowledgement that closes the modal
//! or shows errors beside the fields ([`ViewAck`]). `bot::modals` routes submissions by
//! `callback_id`.

pub mod nudge_settings;
pub mod prep;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::api::{ApiError, SlackApi, Token};
use super::blocks::{Block, Text, truncate};
use super::str_at;
use crate::ids::{InvalidId, TeamId, UserId};

/// Slack's limits for a modal's title, buttons and metadata.
pub const MAX_TITLE: usize = 24;
pub const MAX_MODAL_BUTTON: usize = 24;
pub const MAX_PRIVATE_METADATA: usize = 3000;

/// A modal view, serialized as `views.open` wants it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Modal {
    #[serde(rename = "type")]
    kind: &'static str,
    pub callback_id: String,
    pub title: Text,
    pub submit: Text,
    pub close: Text,
    /// What the submission needs to know that the fields do not say (a channel id).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub private_metadata: String,
    pub blocks: Vec<Block>,
}

impl Modal {
    pub fn new(callback_id: &str, title: &str, submit: &str, blocks: Vec<Block>) -> Self {
        Self {
            kind: "modal",
            callback_id: callback_id.to_owned(),
            title: Text::plain(truncate(title, MAX_TITLE)),
            submit: Text::plain(truncate(submit, MAX_MODAL_BUTTON)),
            close: Text::plain("Cancel"),
            private_metadata: String::new(),
            blocks,
        }
    }

    pub fn with_metadata(mut self, metadata: impl Into<String>) -> Self {
        self.private_metadata = metadata.into();
        self
    }

    /// Every way the modal breaks Slack's limits (its blocks, title, buttons, metadata).
    pub fn limit_violations(&self) -> Vec<String> {
        let mut out = super::blocks::limit_violations(&self.blocks, super::blocks::MAX_VIEW_BLOCKS);
        for (what, text, max) in [
            ("title", self.title.as_str(), MAX_TITLE),
            ("submit", self.submit.as_str(), MAX_MODAL_BUTTON),
            ("close", self.close.as_str(), MAX_MODAL_BUTTON),
            (
                "callback_id",
                self.callback_id.as_str(),
                super::blocks::MAX_ID,
            ),
        ] {
            let n = text.chars().count();
            if n == 0 || n > max {
                out.push(format!(
                    "modal {what} has {n} characters, allowed 1 to {max}"
                ));
            }
        }
        if self.private_metadata.chars().count() > MAX_PRIVATE_METADATA {
            out.push("modal private_metadata is too long".to_owned());
        }
        out
    }
}

/// A submitted modal. Its `Debug` leaves out what was typed into the fields.
#[derive(Clone, PartialEq)]
pub struct Submission {
    pub team: TeamId,
    pub enterprise: Option<TeamId>,
    pub user: UserId,
    pub callback_id: String,
    pub private_metadata: String,
    /// `view.state.values`: block id → action id → the element's state.
    values: Value,
}

/// Why a submission cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionError {
    #[error("the view_submission lacks `{0}`")]
    Missing(&'static str),
    #[error("`{0}` is not valid: {1}")]
    Invalid(&'static str, String),
}

impl std::fmt::Debug for Submission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Submission")
            .field("team", &self.team)
            .field("user", &self.user)
            .field("callback_id", &self.callback_id)
            .finish_non_exhaustive()
    }
}

impl Submission {
    /// Reads a `view_submission` payload.
    pub fn parse(payload: &Value) -> Result<Self, SubmissionError> {
        let invalid =
            |key: &'static str| move |e: InvalidId| SubmissionError::Invalid(key, e.to_string());
        let team = str_at(payload, "/team/id")
            .or_else(|| str_at(payload, "/user/team_id"))
            .ok_or(SubmissionError::Missing("team.id"))?;
        let team = TeamId::parse(team).map_err(invalid("team.id"))?;
        let enterprise = str_at(payload, "/enterprise/id").and_then(|e| TeamId::parse(e).ok());
        let user = str_at(payload, "/user/id").ok_or(SubmissionError::Missing("user.id"))?;
        let user = UserId::parse(user).map_err(invalid("user.id"))?;
        let callback_id = str_at(payload, "/view/callback_id")
            .ok_or(SubmissionError::Missing("view.callback_id"))?;
        Ok(Self {
            team,
            enterprise,
            user,
            callback_id: truncate(callback_id, 255),
            private_metadata: str_at(payload, "/view/private_metadata")
                .unwrap_or_default()
                .to_owned(),
            values: payload
                .pointer("/view/state/values")
                .cloned()
                .unwrap_or(Value::Null),
        })
    }

    /// What was chosen or typed in field `block`/`action`: a text input's value, a select's
    /// or radio button's option value, or a time picker's `HH:mm`. `None` when left empty.
    pub fn value(&self, block: &str, action: &str) -> Option<&str> {
        let state = self.values.get(block)?.get(action)?;
        ["/value", "/selected_option/value", "/selected_time"]
            .iter()
            .find_map(|p| str_at(state, p))
    }
}

/// How a submission is acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewAck {
    /// Close the modal: the submission was taken.
    Close,
    /// Keep the modal open with a message under each named field (by block id).
    Errors(BTreeMap<String, String>),
}

impl ViewAck {
    /// One error under `block`.
    pub fn error(block: &str, message: impl Into<String>) -> Self {
        ViewAck::Errors(BTreeMap::from([(block.to_owned(), message.into())]))
    }

    /// The acknowledgement's body; `None` is an empty 200, which closes the modal.
    pub fn body(&self) -> Option<Value> {
        match self {
            ViewAck::Close => None,
            ViewAck::Errors(errors) => {
                Some(json!({ "response_action": "errors", "errors": errors }))
            }
        }
    }
}

impl SlackApi {
    /// `views.open`: shows `modal` to whoever's click or command gave `trigger_id`.
    pub async fn open_view(
        &self,
        token: &Token,
        trigger_id: &str,
        modal: &Modal,
    ) -> Result<(), ApiError> {
        self.call(
            token,
            "views.open",
            &json!({ "trigger_id": trigger_id, "view": modal }),
        )
        .await
        .map(drop)
    }
}
