//! Events API deliveries, from HTTP or Socket Mode: read, deduplicated by `event_id` in the
//! database (so retries, restarts and replicas answer once), then handled in the background.

use std::time::Duration;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::time::Instant;
use tracing::Instrument;

use super::agent;
use super::conversation::{self, Conversation};
use super::uninstall::{self, Installer};
use super::work::Admission;
use crate::bot::state::AppState;
pub use crate::slack::envelope::{Callback, EnvelopeError, Event, parse};
use crate::store;

/// How long a delivery is remembered. Slack stops retrying within minutes; a day is ample.
pub const DEDUP_KEEP_SECS: i64 = 24 * 60 * 60;

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
        org_wide,
        bot_user,
        event,
        ..
    } = callback;
    let installer = Installer {
        team: &team,
        enterprise: enterprise.as_ref(),
        org_wide,
    };
    match event {
        Event::Message {
            user,
            channel,
            text,
            thread_ts,
            direct,
        } => {
            let text = conversation::strip_mention(&text, bot_user.as_ref());
            // In the DM, what the person is looking at elsewhere may matter to the answer.
            let note = if direct {
                agent::context_note(state, &team, &user).await
            } else {
                None
            };
            let where_ = Conversation {
                team,
                enterprise,
                channel,
                asker: user,
                thread_ts,
            };
            conversation::answer(state, &where_, &text, note).await;
        }
        Event::HomeOpened { user } => {
            super::home::publish(state, &team, enterprise.as_ref(), &user).await;
        }
        Event::MessagesOpened { user, channel } => {
            agent::messages_opened(state, &team, enterprise.as_ref(), &user, &channel).await;
        }
        Event::ContextChanged { user, looking_at } => {
            agent::context_changed(state, &team, &user, looking_at.as_ref()).await;
        }
        Event::StepRun(step) => super::step::run(state, *step).await,
        Event::Uninstalled => {
            let removed = uninstall::on_app_uninstalled(state, &installer).await;
            uninstall::log_failure(&team, removed);
        }
        Event::TokensRevoked { bots } => {
            let removed = uninstall::on_tokens_revoked(state, &installer, &bots).await;
            uninstall::log_failure(&team, removed);
        }
        Event::TeamAccessRevoked { teams } => {
            let removed = uninstall::on_team_access_revoked(state, &installer, &teams).await;
            uninstall::log_failure(&team, removed);
        }
        Event::Ignored(_) => {}
    }
}
