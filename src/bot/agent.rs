//! The agent messaging experience (manifest `features.agent_view`): when someone opens the
//! bot's Messages tab, its suggested prompts are set for that DM (at most once a day per
//! person); `app_context_changed` keeps the channel they are looking at, and the next DM
//! answer mentions that channel's weekly nudges. DM messages themselves are answered in their
//! thread by `super::conversation`.

use crate::bot::state::AppState;
use crate::guidance::answer::Part;
use crate::nudges::schedule::schedule_of;
use crate::slack::agent::Prompt;
use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::store::subscriptions::Status;
use crate::store::{self, agent_context};

/// The prompts pinned in the Messages tab; the manifests' `agent_view.suggested_prompts` are
/// the same four.
pub const PROMPTS: [Prompt; 4] = [
    Prompt {
        title: "I'm burning out",
        message: "I'm exhausted and the requests never stop. How do I deal with burnout in marketing ops?",
    },
    Prompt {
        title: "Be seen as strategic",
        message: "How do I get leadership to see marketing ops as strategic instead of a ticket queue?",
    },
    Prompt {
        title: "Should I move on?",
        message: "How do I know whether it's time to leave my marketing ops job?",
    },
    Prompt {
        title: "Hiring a MOPs leader",
        message: "We're hiring our first marketing ops leader. What should we look for?",
    },
];

/// The heading over the prompts.
pub const PROMPTS_TITLE: &str = "Ask about your marketing ops career";

/// How long before one person's prompts are set again.
const PROMPTS_EVERY_SECS: i64 = 24 * 60 * 60;
/// How long a person's context is kept when Slack says nothing new.
const CONTEXT_KEEP_SECS: i64 = 24 * 60 * 60;

/// `app_home_opened` on the Messages tab: sets the suggested prompts in `dm`, unless this
/// person already got them in the last day (on any replica).
pub async fn messages_opened(
    state: &AppState,
    team: &TeamId,
    enterprise: Option<&TeamId>,
    user: &UserId,
    dm: &ChannelId,
) {
    let now = state.clock.now().as_second();
    // The delivery record doubles as the once-a-day mark: one row per person, expiring.
    let key = format!("suggested-prompts:{team}:{user}");
    match store::events::claim(&state.db, &key, team.as_str(), now, PROMPTS_EVERY_SECS).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!("suggested prompts already set today");
            return;
        }
        Err(error) => {
            // Better no prompts today than the same prompts on every visit.
            tracing::warn!(%error, "could not record the prompts; not setting them");
            return;
        }
    }
    let Some(token) = state.token_for_request(team, enterprise).await else {
        tracing::warn!(%team, "no token for this workspace; no suggested prompts");
        return;
    };
    match state
        .api
        .set_suggested_prompts(&token, dm, PROMPTS_TITLE, &PROMPTS)
        .await
    {
        Ok(()) => tracing::info!("suggested prompts set"),
        Err(error) => tracing::warn!(%error, "could not set the suggested prompts"),
    }
}

/// `app_context_changed`: keeps the channel `user` now looks at, or forgets it.
pub async fn context_changed(
    state: &AppState,
    team: &TeamId,
    user: &UserId,
    looking_at: Option<&ChannelId>,
) {
    let now = state.clock.now().as_second();
    let kept = match looking_at {
        Some(channel) => {
            let until = now.saturating_add(CONTEXT_KEEP_SECS);
            agent_context::save(&state.db, team, user, channel, now, until).await
        }
        None => agent_context::clear(&state.db, team, user).await,
    };
    if let Err(error) = kept {
        tracing::warn!(%error, "could not keep the person's context");
    }
}

/// A line for the next DM answer about the channel `user` is looking at: its weekly nudges
/// if it has them, else how to turn them on. `None` without a known channel.
pub async fn context_note(state: &AppState, team: &TeamId, user: &UserId) -> Option<Part> {
    let now = state.clock.now().as_second();
    let channel = agent_context::current(&state.db, team, user, now)
        .await
        .map_err(|error| tracing::warn!(%error, "could not read the person's context"))
        .ok()??;
    let sub = store::subscriptions::get(&state.db, team, &channel)
        .await
        .map_err(|error| tracing::warn!(%error, "could not read the channel's nudges"))
        .ok()?;
    let line = match sub.as_ref().map(|s| (s.status, schedule_of(s))) {
        Some((Status::Active, Some(schedule))) => format!(
            ":seedling: <#{channel}>, where you are, gets a weekly nudge every {}. \
             `/mops nudge status` there shows the next one.",
            schedule.describe()
        ),
        _ => format!(
            ":seedling: <#{channel}>, where you are, has no weekly nudges. \
             `/mops nudge on` there gives its team one practical nudge a week."
        ),
    };
    Some(Part::Note(line))
}
