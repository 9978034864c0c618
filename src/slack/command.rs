//! The slash-command payload, parsed from Slack's form body into checked types.

use serde::Deserialize;
use url::Url;

use super::ids::{ChannelId, TeamId, UserId};
use crate::text::Typed;

/// A slash command as Slack sends it, reduced to what the bot uses. Its `Debug` shows the
/// text's length only and leaves out `response_url` and `trigger_id`, which let anyone
/// holding them answer in the person's name.
#[derive(Clone, PartialEq, Eq)]
pub struct SlashCommand {
    pub team_id: TeamId,
    pub enterprise_id: Option<TeamId>,
    pub channel_id: ChannelId,
    pub user_id: UserId,
    pub command: String,
    /// What the person typed after the command.
    pub text: Typed,
    pub response_url: Url,
    pub trigger_id: Option<String>,
}

impl std::fmt::Debug for SlashCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlashCommand")
            .field("team_id", &self.team_id)
            .field("enterprise_id", &self.enterprise_id)
            .field("channel_id", &self.channel_id)
            .field("user_id", &self.user_id)
            .field("command", &self.command)
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

/// What is wrong with a command payload; shown to the caller as a 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("the body is not a form (application/x-www-form-urlencoded)")]
    NotAForm,
    #[error("the form lacks `{0}`")]
    Missing(&'static str),
    #[error("`{0}` is not valid: {1}")]
    Invalid(&'static str, String),
}

#[derive(Deserialize)]
struct RawCommand {
    team_id: Option<String>,
    enterprise_id: Option<String>,
    channel_id: Option<String>,
    user_id: Option<String>,
    command: Option<String>,
    text: Option<String>,
    response_url: Option<String>,
    trigger_id: Option<String>,
}

impl SlashCommand {
    /// Parses a form body. Unknown fields are ignored, as Slack adds fields over time.
    pub fn from_form(body: &[u8]) -> Result<Self, PayloadError> {
        let raw: RawCommand =
            serde_urlencoded::from_bytes(body).map_err(|_| PayloadError::NotAForm)?;
        Self::from_raw(raw)
    }

    /// Parses the JSON object Socket Mode carries, which has the same fields.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, PayloadError> {
        let raw: RawCommand =
            serde_json::from_value(value.clone()).map_err(|_| PayloadError::NotAForm)?;
        Self::from_raw(raw)
    }

    fn from_raw(raw: RawCommand) -> Result<Self, PayloadError> {
        fn need(v: Option<String>, name: &'static str) -> Result<String, PayloadError> {
            v.filter(|s| !s.is_empty())
                .ok_or(PayloadError::Missing(name))
        }
        let invalid = |name: &'static str| {
            move |e: super::ids::InvalidId| PayloadError::Invalid(name, e.to_string())
        };
        let team_id = TeamId::parse(&need(raw.team_id, "team_id")?).map_err(invalid("team_id"))?;
        let channel_id = ChannelId::parse(&need(raw.channel_id, "channel_id")?)
            .map_err(invalid("channel_id"))?;
        let user_id = UserId::parse(&need(raw.user_id, "user_id")?).map_err(invalid("user_id"))?;
        let response_url = need(raw.response_url, "response_url")?;
        let response_url = Url::parse(&response_url)
            .map_err(|e| PayloadError::Invalid("response_url", e.to_string()))?;
        let enterprise_id = match raw.enterprise_id.filter(|s| !s.is_empty()) {
            Some(e) => Some(TeamId::parse(&e).map_err(invalid("enterprise_id"))?),
            None => None,
        };
        Ok(Self {
            team_id,
            enterprise_id,
            channel_id,
            user_id,
            command: raw.command.unwrap_or_else(|| "/mops".to_owned()),
            text: raw.text.unwrap_or_default().into(),
            response_url,
            trigger_id: raw.trigger_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "token=x&team_id=T1DC2JH3J&team_domain=t&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fmops&text=advice+burnout&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2F3&trigger_id=1.2.3";

    #[test]
    fn a_real_payload_parses() {
        let c = SlashCommand::from_form(BODY.as_bytes()).expect("valid");
        assert_eq!(c.team_id.as_str(), "T1DC2JH3J");
        assert_eq!(c.text.as_str(), "advice burnout");
        assert_eq!(c.response_url.host_str(), Some("hooks.slack.com"));
    }

    #[test]
    fn missing_and_invalid_fields_are_named() {
        for field in ["response_url", "team_id", "user_id", "channel_id"] {
            let body: String = BODY
                .split('&')
                .filter(|kv| !kv.starts_with(&format!("{field}=")))
                .collect::<Vec<_>>()
                .join("&");
            assert_eq!(
                SlashCommand::from_form(body.as_bytes()),
                Err(PayloadError::Missing(field))
            );
        }
        let bad = BODY.replace("user_id=U2CERLKJA", "user_id=%3Cscript%3E");
        assert!(matches!(
            SlashCommand::from_form(bad.as_bytes()),
            Err(PayloadError::Invalid("user_id", _))
        ));
        let bad = BODY.replace(
            "response_url=https%3A%2F%2Fhooks",
            "response_url=not+a+url%2F%2Fhooks",
        );
        assert!(matches!(
            SlashCommand::from_form(bad.as_bytes()),
            Err(PayloadError::Invalid("response_url", _))
        ));
        assert_eq!(
            SlashCommand::from_form(b"team_id=T1&team_id=T2"),
            Err(PayloadError::NotAForm)
        );
    }
}
