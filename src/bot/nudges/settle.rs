//! Settling a week that was possibly delivered (Slack's answer was ambiguous, or the claimer
//! died around its request): look for the nudge's metadata marker in the channel's recent
//! history. Found: it was delivered. Absent: it was not, and it is posted now (within the
//! grace period). Without the history scopes it stays "possibly delivered".

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::delivery::lease;
use super::posting::Posting;
use super::scheduler::{Outcome, Run};
use crate::ids::{ChannelId, TeamId};
use crate::nudges::schedule::schedule_of;
use crate::slack::api::{ApiError, Token};
use crate::store::StoreError;
use crate::store::ledger::{self, Delivery, End};
use crate::store::subscriptions::{self, Status, Subscription};
use crate::store::unsettled::{self, Takeover};

/// How long after an ambiguous answer the channel's history is looked at: time for Slack
/// to finish what it may have been doing.
pub(crate) const SETTLE_DELAY: SignedDuration = SignedDuration::from_mins(2);
/// History is searched this far before the slot (clock differences), in pages of this many
/// messages, at most this many pages; beyond that the week stays possibly delivered.
const LOOK_BEFORE_SLOT: SignedDuration = SignedDuration::from_hours(1);
const PAGE: u16 = 200;
const MAX_PAGES: usize = 5;

/// What the channel's history says about a week.
enum Found {
    Delivered(String),
    Missing,
    /// Cannot be told (no history scope, too much history): stays possibly delivered.
    Never(String),
    /// Slack did not answer for now: look again later.
    Later(String),
}

/// Settles `d` (of a subscription that is not due now).
pub(crate) async fn handle(run: &Run, d: Delivery) -> Option<(TeamId, ChannelId, Outcome)> {
    let sub = match subscriptions::by_id(&run.state.db, d.subscription_id).await {
        Ok(Some(sub)) if sub.status == Status::Active => sub,
        Ok(_) => return None,
        Err(error) => {
            tracing::error!(%error, "could not read a subscription to settle");
            return None;
        }
    };
    let outcome = match settle(run, d, &sub).await {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(%error, "settling a delivery hit a storage error");
            Outcome::Error {
                error: error.to_string(),
            }
        }
    };
    Some((sub.team, sub.channel, outcome))
}

/// Settles `d`, whose owner gave it up as possibly delivered or died holding it.
pub(crate) async fn settle(
    run: &Run,
    d: Delivery,
    sub: &Subscription,
) -> Result<Outcome, StoreError> {
    let db = &run.state.db;
    let week = d.week.clone();
    let still_open = |reason: String| {
        Ok(Outcome::PossiblyDelivered {
            week: d.week.clone(),
            reason,
        })
    };
    let Some(schedule) = schedule_of(sub) else {
        return still_open("the channel's time zone is no longer known".to_owned());
    };
    let token = match run.token(&sub.team).await {
        Ok(token) => token,
        Err(error) => return still_open(format!("no token to check with for now ({error})")),
    };
    let clock = run.state.clock.now();
    let until = lease(run, Duration::ZERO);
    if !unsettled::take(db, d.id, &run.owner, clock, until, Takeover::Unsettled).await? {
        return Ok(Outcome::Busy);
    }
    let after = schedule.first_after(d.slot_at);
    let next = (sub.id, d.slot_at, after);
    let found = look(run, &token, sub, &d).await;
    let clock = run.state.clock.now();
    match found {
        Found::Delivered(ts) => {
            let end = End::Sent { message_ts: &ts };
            ledger::finish(db, d.id, &run.owner, end, clock, Some(next)).await?;
            tracing::info!(%week, "a possibly delivered nudge was found in the channel");
            Ok(Outcome::Confirmed { week })
        }
        Found::Never(reason) => {
            let end = End::Unknown {
                error: &reason,
                settle_after: None,
            };
            ledger::finish(db, d.id, &run.owner, end, clock, Some(next)).await?;
            tracing::warn!(%week, %reason, "cannot tell whether the nudge arrived");
            still_open(format!("cannot check the channel ({reason})"))
        }
        Found::Later(reason) => {
            let again = clock.checked_add(SETTLE_DELAY).ok();
            let end = End::Unknown {
                error: &reason,
                settle_after: again,
            };
            ledger::finish(db, d.id, &run.owner, end, clock, Some(next)).await?;
            still_open(format!(
                "the check of the channel failed for now ({reason})"
            ))
        }
        Found::Missing => post_missing(run, d, sub, token, after).await,
    }
}

/// The week is not in the channel: post it now if it is not too late.
async fn post_missing(
    run: &Run,
    d: Delivery,
    sub: &Subscription,
    token: Token,
    after: Timestamp,
) -> Result<Outcome, StoreError> {
    let db = &run.state.db;
    let grace = SignedDuration::try_from(run.state.config.nudges.grace).unwrap_or_default();
    let clock = run.state.clock.now();
    let nudge = run.state.guide.library.nudge(&d.nudge_id);
    let too_late = run.now.duration_since(d.slot_at) > grace;
    let Some(nudge) = nudge.filter(|_| !too_late) else {
        let error = if too_late {
            "not delivered: missing from the channel, found too late to post"
        } else {
            "not delivered: its nudge left the library"
        };
        let next = (sub.id, d.slot_at, after);
        ledger::finish(
            db,
            d.id,
            &run.owner,
            End::Failed { error },
            clock,
            Some(next),
        )
        .await?;
        subscriptions::note_error(db, sub.id, Some(error), run.now).await?;
        return Ok(Outcome::Failed {
            error: error.to_owned(),
        });
    };
    run.pacer.workspace_turn(&sub.team).await;
    let Some(permit) = run.send_slot(&sub.team).await else {
        return Ok(Outcome::Stopped);
    };
    run.pacer.channel_turn(&sub.channel).await;
    let lease_until = lease(run, Duration::ZERO);
    let held = ledger::hold(db, d.id, &run.owner, ledger::State::Sending, lease_until);
    if run.stop.is_cancelled() || !held.await? {
        return Ok(Outcome::Busy);
    }
    tracing::info!(week = %d.week, "a possibly delivered nudge is missing from the channel; posting it");
    let posting = Posting {
        run,
        sub,
        claim_id: d.id,
        token,
        slot: d.slot_at,
        after,
        week: d.week.clone(),
        settling: true,
    };
    posting.send(nudge, permit).await
}

/// Searches the channel's history since shortly before the slot for the week's marker.
async fn look(run: &Run, token: &Token, sub: &Subscription, d: &Delivery) -> Found {
    let oldest = d
        .slot_at
        .checked_sub(LOOK_BEFORE_SLOT)
        .unwrap_or(d.slot_at)
        .as_second()
        .to_string();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = run
            .state
            .api
            .history_page(token, &sub.channel, &oldest, cursor.as_deref(), PAGE)
            .await;
        let page = match page {
            Ok(page) => page,
            Err(error @ ApiError::Slack(_)) if !error.is_transient() => {
                return Found::Never(error.to_string());
            }
            Err(error) if error.is_transient() || error.may_have_arrived() => {
                return Found::Later(error.to_string());
            }
            Err(error) => return Found::Never(error.to_string()),
        };
        let marker = page.messages.iter().find(|m| {
            m.event_type.as_deref() == Some("mops_nudge")
                && m.event_payload["subscription"].as_i64() == Some(sub.id)
                && m.event_payload["week"].as_str() == Some(d.week.as_str())
        });
        if let Some(m) = marker {
            return Found::Delivered(m.ts.clone());
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Found::Missing,
        }
    }
    Found::Never("more channel history than can be searched".to_owned())
}
