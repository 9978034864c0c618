//! Interactive payloads (button clicks, modal submissions, the message shortcut), from HTTP or
//! Socket Mode, once `slack::interaction` has read them: each one's effect runs in the
//! background. Action ids and values are documented in
//! [`crate::guidance::actions`].

use serde_json::Value;
use tokio::time::Instant;
use tracing::Instrument;

use super::clicks;
use super::modals;
use super::shortcut;
use super::work::Admission;
use crate::bot::state::AppState;
use crate::guidance::actions::Action;
use crate::guidance::answer::Answer;
use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::slack::interaction::{Interaction, parse};
use crate::slack::views::{Submission, ViewAck};

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
