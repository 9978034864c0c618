//! Reading an Events API `event_callback` envelope into what the bot acts on. Workspace-level
//! and org-level (Enterprise Grid) envelopes differ: an org-wide install's events may carry no
//! `team_id`, and say in `authorizations[].is_enterprise_install` whom they speak for.

use serde_json::Value;

use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::text::Typed;

/// An `event_callback` envelope, reduced to what the bot uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub event_id: String,
    pub team: TeamId,
    /// The enterprise (org) the workspace belongs to, if any; finds org-wide installs.
    pub enterprise: Option<TeamId>,
    /// The event is about the org-wide install (`is_enterprise_install`), not a workspace's
    /// own: an uninstall or a revocation then removes the enterprise's installation only.
    pub org_wide: bool,
    /// The bot's own user id in this workspace, from `authorizations`.
    pub bot_user: Option<UserId>,
    pub event: Event,
}

/// The events the bot acts on; everything else is `Ignored` with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A mention or a direct message, each answered in its thread.
    Message {
        user: UserId,
        channel: ChannelId,
        text: Typed,
        thread_ts: Option<String>,
        /// A message in the person's DM with the bot (agent messaging), not a mention.
        direct: bool,
    },
    HomeOpened {
        user: UserId,
    },
    /// The person opened the bot's Messages tab, their DM `channel` with it.
    MessagesOpened {
        user: UserId,
        channel: ChannelId,
    },
    /// `app_context_changed`: the channel the person now looks at, `None` for anything else.
    ContextChanged {
        user: UserId,
        looking_at: Option<ChannelId>,
    },
    /// `function_executed`: a run of the Workflow Builder step the bot serves.
    StepRun(Box<super::step::StepRun>),
    /// `app_uninstalled`: the installation the event speaks for goes.
    Uninstalled,
    /// `tokens_revoked`: the bot user ids whose tokens were revoked (user tokens are ignored).
    TokensRevoked {
        bots: Vec<UserId>,
    },
    /// `team_access_revoked`: an org admin took these workspaces away from the org-wide
    /// install; the install itself stays for the others.
    TeamAccessRevoked {
        teams: Vec<TeamId>,
    },
    Ignored(String),
}

/// Why an envelope cannot be read; the HTTP endpoint acknowledges these with a log line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("not an event_callback envelope")]
    NotACallback,
    #[error("the envelope lacks `{0}`")]
    Missing(&'static str),
    #[error("`{0}` is not valid: {1}")]
    Invalid(&'static str, String),
}

fn text_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn need<'a>(v: &'a Value, key: &'static str) -> Result<&'a str, EnvelopeError> {
    text_at(v, key).ok_or(EnvelopeError::Missing(key))
}

fn id<T>(
    raw: &str,
    key: &'static str,
    parse: fn(&str) -> Result<T, crate::slack::ids::InvalidId>,
) -> Result<T, EnvelopeError> {
    parse(raw).map_err(|e| EnvelopeError::Invalid(key, e.to_string()))
}

/// A JSON `true` (or the string `"true"`, as some Slack payloads spell flags).
fn flag(v: Option<&Value>) -> bool {
    v.is_some_and(|f| f.as_bool() == Some(true) || f.as_str() == Some("true"))
}

/// Reads an `event_callback` envelope.
pub fn parse(envelope: &Value) -> Result<Callback, EnvelopeError> {
    if text_at(envelope, "type") != Some("event_callback") {
        return Err(EnvelopeError::NotACallback);
    }
    let event_id = need(envelope, "event_id")?.to_owned();
    let auth = envelope
        .get("authorizations")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    // Org-level (Enterprise Grid) events carry no `team_id`: the team is then the context's,
    // the authorization's, or, for an org-wide install, the enterprise itself.
    let team = text_at(envelope, "team_id")
        .or_else(|| text_at(envelope, "context_team_id"))
        .or_else(|| auth.and_then(|a| text_at(a, "team_id")))
        .or_else(|| text_at(envelope, "enterprise_id"))
        .or_else(|| auth.and_then(|a| text_at(a, "enterprise_id")))
        .ok_or(EnvelopeError::Missing("team_id"))?;
    let team = id(team, "team_id", TeamId::parse)?;
    let enterprise = text_at(envelope, "enterprise_id")
        .or_else(|| auth.and_then(|a| text_at(a, "enterprise_id")))
        .and_then(|e| TeamId::parse(e).ok());
    let org_wide = enterprise.is_some()
        && (flag(auth.and_then(|a| a.get("is_enterprise_install")))
            || flag(envelope.get("is_enterprise_install")));
    let bot_user = auth
        .and_then(|a| text_at(a, "user_id"))
        .and_then(|u| UserId::parse(u).ok());
    let event = envelope
        .get("event")
        .filter(|e| e.is_object())
        .ok_or(EnvelopeError::Missing("event"))?;
    let event = read_event(event, bot_user.as_ref())?;
    Ok(Callback {
        event_id,
        team,
        enterprise,
        org_wide,
        bot_user,
        event,
    })
}

/// The valid ids in the array at `pointer` (anything else in it is skipped).
fn ids_at<T>(
    event: &Value,
    pointer: &str,
    parse: fn(&str) -> Result<T, crate::slack::ids::InvalidId>,
) -> Vec<T> {
    event
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Value::as_str)
                .filter_map(|raw| parse(raw).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn read_event(event: &Value, bot_user: Option<&UserId>) -> Result<Event, EnvelopeError> {
    let kind = need(event, "type")?;
    // The bot's own posts come back as events; answering them would loop forever.
    // A person's message with a file attached (`file_share`) is still theirs to answer.
    let subtype = event.get("subtype").filter(|s| !s.is_null());
    let from_a_bot = event.get("bot_id").is_some_and(|b| !b.is_null())
        || subtype.is_some_and(|s| s.as_str() != Some("file_share"))
        || text_at(event, "user").is_some_and(|u| bot_user.is_some_and(|b| b.as_str() == u));
    let user = || id(need(event, "user")?, "event.user", UserId::parse);
    let channel = || id(need(event, "channel")?, "event.channel", ChannelId::parse);
    let text = || text_at(event, "text").unwrap_or_default().to_owned();
    // The thread to answer in: the message's own, or the one it starts.
    let thread = || {
        text_at(event, "thread_ts")
            .or_else(|| text_at(event, "ts"))
            .map(str::to_owned)
            .ok_or(EnvelopeError::Missing("event.ts"))
    };
    Ok(match kind {
        "app_mention" | "message" if from_a_bot => {
            Event::Ignored(format!("{kind} from a bot or with a subtype"))
        }
        "app_mention" => Event::Message {
            user: user()?,
            channel: channel()?,
            text: text().into(),
            thread_ts: Some(thread()?),
            direct: false,
        },
        "message" if text_at(event, "channel_type") == Some("im") => Event::Message {
            user: user()?,
            channel: channel()?,
            text: text().into(),
            thread_ts: Some(thread()?),
            direct: true,
        },
        "message" => Event::Ignored("message outside a DM".to_owned()),
        "app_home_opened" if text_at(event, "tab") == Some("home") => {
            Event::HomeOpened { user: user()? }
        }
        "app_home_opened" if text_at(event, "tab") == Some("messages") => Event::MessagesOpened {
            user: user()?,
            channel: channel()?,
        },
        "app_home_opened" => Event::Ignored("app_home_opened on another tab".to_owned()),
        "app_context_changed" => Event::ContextChanged {
            user: user()?,
            looking_at: looking_at(event),
        },
        "function_executed" => Event::StepRun(Box::new(super::step::StepRun::parse(event)?)),
        "app_uninstalled" => Event::Uninstalled,
        "tokens_revoked" => Event::TokensRevoked {
            bots: ids_at(event, "/tokens/bot", UserId::parse),
        },
        "team_access_revoked" => Event::TeamAccessRevoked {
            teams: ids_at(event, "/team_ids", TeamId::parse),
        },
        other => Event::Ignored(format!("event type {:?}", truncate(other))),
    })
}

/// The channel in an `app_context_changed` context: a channel's, or a message's channel.
fn looking_at(event: &Value) -> Option<ChannelId> {
    let entities = event.pointer("/context/entities")?.as_array()?;
    entities
        .iter()
        .filter_map(|e| text_at(e, "channel_id"))
        .find_map(|c| ChannelId::parse(c).ok())
}

fn truncate(s: &str) -> String {
    crate::slack::blocks::truncate(s, 60)
}
