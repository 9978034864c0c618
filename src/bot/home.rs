//! The App Home tab: what the bot does, every topic with a button, how nudges work, the
//! person's recent answers, and what is theirs alone (their own weekly nudge and work log,
//! see `mine`). Published on every visit and after a topic is sent from it; what is read
//! here is rendered by `slack::render::home`.

pub mod mine;

use std::time::Duration;

use super::bookkeeping::Record;
use crate::bot::state::AppState;
use crate::nudges::scope::Scope;
use crate::slack::ids::{TeamId, UserId};
use crate::slack::render::home::{ChannelSchedule, RECENT_SHOWN, SCHEDULES_SHOWN, home_view};
use crate::store;
use crate::store::subscriptions::Status;

/// How long publishing the Home tab waits for recent answers to be written.
const FLUSH_WAIT: Duration = Duration::from_secs(1);

/// The channels `user` set nudges up in, with their schedules; none if they cannot be read.
async fn schedules(state: &AppState, team: &TeamId, user: &UserId) -> Vec<ChannelSchedule> {
    let limit = i64::try_from(SCHEDULES_SHOWN).unwrap_or(10);
    let subs = store::subscriptions::set_up_by(&state.db, team, user, limit)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "could not read the person's channels; showing none");
            Vec::new()
        });
    subs.iter()
        // The person's own subscription (by DM) has its own line under "Just for you".
        .filter(|sub| Scope::of_target(&sub.channel) == Scope::Channel)
        .map(|sub| ChannelSchedule {
            channel: sub.channel.clone(),
            shown: match (crate::nudges::schedule::schedule_of(sub), sub.status) {
                (Some(schedule), Status::Active) => format!("every {}", schedule.describe()),
                (Some(schedule), _) => format!("off (was every {})", schedule.describe()),
                (None, _) => "a schedule that needs setting again".to_owned(),
            },
        })
        .collect()
}

/// Publishes the Home tab for `user`, with their recent answers.
pub async fn publish(state: &AppState, team: &TeamId, enterprise: Option<&TeamId>, user: &UserId) {
    let Some(token) = state.token_for_request(team, enterprise).await else {
        tracing::warn!(%team, "no token for this workspace; cannot publish the Home tab");
        return;
    };
    // The answer that led here (a topic sent from Home, a command just answered) should show.
    if !state.bookkeeper.flush(FLUSH_WAIT).await {
        tracing::debug!("recent answers may be a moment behind");
    }
    let limit = i64::try_from(RECENT_SHOWN).unwrap_or(5);
    let recent = store::history::recent(&state.db, team.as_str(), user.as_str(), limit)
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(%error, "could not read recent answers; showing none");
            Vec::new()
        });
    let schedules = schedules(state, team, user).await;
    let mine = mine::read(state, team, user).await;
    let view = home_view(&state.guide.library, &recent, &schedules, Some(&mine));
    let value = match serde_json::to_value(&view) {
        Ok(v) => v,
        Err(error) => {
            tracing::error!(%error, "could not serialize the Home tab");
            return;
        }
    };
    let result = super::deliver::with_retries(&state.config.retry, || {
        state.api.publish_home(&token, user, &value)
    })
    .await;
    match result {
        Ok(()) => tracing::info!("published the Home tab"),
        Err(error) => tracing::warn!(%error, "could not publish the Home tab"),
    }
}

/// Notes that `user` was answered on `topic`, for their Home tab, without waiting: it is
/// written after the reply, in a batch. Failure only costs history.
pub fn remember(state: &AppState, team: &TeamId, user: &UserId, topic: &str) {
    state.bookkeeper.note(Record::Answered {
        team: team.clone(),
        user: user.clone(),
        topic: topic.to_owned(),
        at: state.clock.now().as_second(),
    });
}
