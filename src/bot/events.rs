//! Events API deliveries, from HTTP or Socket Mode: read, deduplicated by `event_id` in the
//! database (so retries, restarts and replicas answer once), then handled in the background.

use std::time::Duration;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::time::Instant;
use tracing::Instrument;

use super::conversation::{self, Conversation};
use super::installs;
use super::work::Admission;
use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::state::AppState;
use crate::store;

/// How long a delivery is remembered. Slack stops retrying within minutes; a day is ample.
pub const DEDUP_KEEP_SECS: i64 = 24 * 60 * 60;

/// An `event_callback` envelope, reduced to what the bot uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub event_id: String,
    pub team: TeamId,
    /// The enterprise (org) the workspace belongs to, if any; finds org-wide installs.
    pub enterprise: Option<TeamId>,
    /// The bot's own user id in this workspace, from `authorizations`.
    pub bot_user: Option<UserId>,
    pub event: Event,
}

/// The events the bot acts on; everything else is `Ignored` with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A mention (answered in its thread) or a direct message (answered in the DM).
    Message {
        user: UserId,
        channel: ChannelId,
        text: String,
        thread_ts: Option<String>,
    },
    HomeOpened {
        user: UserId,
    },
    /// `app_uninstalled`: the workspace's installation goes.
    Uninstalled,
    /// `tokens_revoked`: the bot user ids whose tokens were revoked (user tokens are ignored).
    TokensRevoked {
        bots: Vec<UserId>,
    },
    Ignored(String),
}

/// Why an envelope cannot be read; the HTTP endpoint answers these with 400.
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
        bot_user,
        event,
    })
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
    Ok(match kind {
        "app_mention" | "message" if from_a_bot => {
            Event::Ignored(format!("{kind} from a bot or with a subtype"))
        }
        "app_mention" => Event::Message {
            user: user()?,
            channel: channel()?,
            text: text(),
            thread_ts: Some(
                text_at(event, "thread_ts")
                    .or_else(|| text_at(event, "ts"))
                    .ok_or(EnvelopeError::Missing("event.ts"))?
                    .to_owned(),
            ),
        },
        "message" if text_at(event, "channel_type") == Some("im") => Event::Message {
            user: user()?,
            channel: channel()?,
            text: text(),
            thread_ts: None,
        },
        "message" => Event::Ignored("message outside a DM".to_owned()),
        "app_home_opened" if text_at(event, "tab") == Some("home") => {
            Event::HomeOpened { user: user()? }
        }
        "app_home_opened" => Event::Ignored("app_home_opened on the messages tab".to_owned()),
        "app_uninstalled" => Event::Uninstalled,
        "tokens_revoked" => Event::TokensRevoked {
            bots: event
                .pointer("/tokens/bot")
                .and_then(Value::as_array)
                .map(|ids| {
                    ids.iter()
                        .filter_map(Value::as_str)
                        .filter_map(|u| UserId::parse(u).ok())
                        .collect()
                })
                .unwrap_or_default(),
        },
        other => Event::Ignored(format!("event type {:?}", truncate(other))),
    })
}

fn truncate(s: &str) -> String {
    crate::slack::blocks::truncate(s, 60)
}

/// The longest the acknowledgement waits for the delivery to be recorded (Slack allows 3 s).
pub const ACK_WAIT: Duration = Duration::from_secs(1);
/// The longest the background work waits for that record before answering regardless.
pub const CLAIM_LIMIT: Duration = Duration::from_secs(10);

/// Accepts an `event_callback` envelope: claims its `event_id`, then handles it in the
/// background. The acknowledgement waits for the claim (so a retry that arrives while the
/// first copy is being answered is already a duplicate), but never more than [`ACK_WAIT`]:
/// with a slow database the claim carries on in the background and the event is answered
/// once it is recorded. If the record cannot be made at all (an error, or more than
/// [`CLAIM_LIMIT`]), the event is answered anyway: a rare repeated answer beats silence.
pub async fn accept(state: &AppState, envelope: Value, started: Instant) -> Admission {
    let callback = match parse(&envelope) {
        Ok(callback) => callback,
        Err(error) => {
            tracing::warn!(%error, "dropped an event envelope that could not be read");
            return Admission::Accepted;
        }
    };
    if let Event::Ignored(why) = &callback.event {
        tracing::debug!(event_id = %callback.event_id, %why, "event ignored");
        return Admission::Accepted;
    }
    // A reply slot first: when there is none, nothing is claimed, so Slack's redelivery of
    // this event is answered (see `super::work`).
    let Some(slot) = state.work.admit(started).await else {
        return Admission::Busy;
    };
    let span = tracing::info_span!(
        "event",
        event_id = %callback.event_id,
        team = %callback.team,
        topic = tracing::field::Empty,
    );
    let (claimed, settled) = oneshot::channel();
    let state_for_task = state.clone();
    slot.spawn(
        async move {
            let go = claim(&state_for_task, &callback).await;
            let _ = claimed.send(());
            if go {
                handle(&state_for_task, callback).await;
            }
        }
        .instrument(span),
    );
    if tokio::time::timeout(ACK_WAIT, settled).await.is_err() {
        tracing::warn!("the database is slow; acknowledged before the event was recorded");
    }
    Admission::Accepted
}

/// `true` when this delivery is the one to answer.
async fn claim(state: &AppState, callback: &Callback) -> bool {
    let now = state.clock.now().as_second();
    let claim = store::events::claim(
        &state.db,
        &callback.event_id,
        callback.team.as_str(),
        now,
        DEDUP_KEEP_SECS,
    );
    match tokio::time::timeout(CLAIM_LIMIT, claim).await {
        Ok(Ok(true)) => true,
        Ok(Ok(false)) => {
            tracing::info!("duplicate delivery; already handled");
            false
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "could not record the event; handling it anyway");
            true
        }
        Err(_) => {
            tracing::warn!(limit = ?CLAIM_LIMIT, "could not record the event in time; handling it anyway");
            true
        }
    }
}

async fn handle(state: &AppState, callback: Callback) {
    let Callback {
        team,
        enterprise,
        bot_user,
        event,
        ..
    } = callback;
    match event {
        Event::Message {
            user,
            channel,
            text,
            thread_ts,
        } => {
            let text = conversation::strip_mention(&text, bot_user.as_ref());
            let where_ = Conversation {
                team,
                enterprise,
                channel,
                asker: user,
                thread_ts,
            };
            conversation::answer(state, &where_, &text).await;
        }
        Event::HomeOpened { user } => {
            super::home::publish(state, &team, enterprise.as_ref(), &user).await;
        }
        Event::Uninstalled => {
            let removed = installs::on_app_uninstalled(state, &team, enterprise.as_ref()).await;
            installs::log_failure(&team, removed);
        }
        Event::TokensRevoked { bots } => {
            let removed =
                installs::on_tokens_revoked(state, &team, enterprise.as_ref(), &bots).await;
            installs::log_failure(&team, removed);
        }
        Event::Ignored(_) => {}
    }
}
