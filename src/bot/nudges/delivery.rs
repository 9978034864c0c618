//! One due subscription in one run: decide (grace, pause, ledger), wait for its turn, claim
//! the week, and hand it to `posting`. Only Slack's definitive answers stop a subscription:
//! a token that cannot be had for now leaves the slot due, with the reason for `status`.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::posting::Posting;
use super::scheduler::{Outcome, Run};
use super::settle;
use crate::bot::state::TokenError;
use crate::nudges::rotation;
use crate::nudges::schedule::schedule_of;
use crate::store::StoreError;
use crate::store::ledger::{self, Claim, State};
use crate::store::subscriptions::{self, Subscription};
use crate::store::unsettled::{self, Takeover};

/// A claim in `sending` is trusted to its owner this long: far beyond one request's
/// ten-second timeout, so only a dead owner lets it lapse.
const SEND_LEASE: SignedDuration = SignedDuration::from_mins(2);

/// Handles `sub`, due at `run.now`.
pub(crate) async fn handle(run: &Run, sub: Subscription) -> Outcome {
    match try_handle(run, &sub).await {
        Ok(outcome) => outcome,
        Err(error) => {
            tracing::error!(%error, "nudge delivery hit a storage error");
            Outcome::Error {
                error: error.to_string(),
            }
        }
    }
}

pub(crate) fn lease(run: &Run, extra: Duration) -> Timestamp {
    let now = run.state.clock.now();
    let extra = SignedDuration::try_from(extra).unwrap_or(SignedDuration::ZERO);
    now.saturating_add(SEND_LEASE)
        .and_then(|t| t.saturating_add(extra))
        .unwrap_or(now)
}

async fn try_handle(run: &Run, sub: &Subscription) -> Result<Outcome, StoreError> {
    // The checks below hit the database: bounded like the sending itself.
    let Ok(checking) = run.permits.clone().acquire_owned().await else {
        return Ok(Outcome::Stopped);
    };
    if run.stop.is_cancelled() {
        return Ok(Outcome::Stopped);
    }
    let db = &run.state.db;
    let now = run.now;
    let Some(schedule) = schedule_of(sub) else {
        subscriptions::deactivate(db, sub.id, "unknown_time_zone", now).await?;
        return Ok(Outcome::Deactivated {
            reason: format!("time zone {:?} is no longer known", sub.time_zone),
        });
    };
    let advance = |to: Timestamp| subscriptions::advance(db, sub.id, sub.next_slot, to, now);
    let grace = SignedDuration::try_from(run.state.config.nudges.grace).unwrap_or_default();
    let slot = match schedule.latest_at_or_before(now, sub.next_slot) {
        Some(slot) if now.duration_since(slot) <= grace => slot,
        // Past the grace period (or a stale next slot): skip to the future, no backlog.
        _ => {
            advance(schedule.first_after(now)).await?;
            tracing::info!(next_slot = %sub.next_slot, "missed slot skipped");
            return Ok(Outcome::Missed);
        }
    };
    let after = schedule.first_after(slot);
    if sub.paused_until.is_some_and(|until| slot < until) {
        advance(after).await?;
        return Ok(Outcome::Paused);
    }
    let week = schedule.week_of(slot);
    let waiting = match ledger::find(db, sub.id, &week).await? {
        None => None,
        Some(d) => match d.state {
            State::Sent | State::Failed | State::Unknown => {
                advance(after).await?;
                return Ok(Outcome::AlreadyDone);
            }
            _ if d.lease_until >= run.state.clock.now() => return Ok(Outcome::Busy),
            State::Sending => {
                // Its owner died around the request: settled like an ambiguous answer.
                tracing::warn!(%week, "a claim was left mid-send by a stopped process");
                drop(checking);
                return settle::settle(run, d, sub).await;
            }
            State::Waiting => Some(d),
        },
    };

    let team = &sub.team;
    // The token lookup (perhaps a refresh) holds no permit: a slow workspace delays only
    // itself. So do rate-limit waits, which come before the claim so it is short-lived.
    drop(checking);
    let token = match run.token(team).await {
        Ok(token) => token,
        Err(TokenError::NotInstalled) => {
            // No install serves the workspace: skip the week, stop nothing (a reinstall
            // brings the next one); an uninstall event has stopped it already if it was one.
            advance(after).await?;
            let note = "the app is not installed in this workspace; this week was skipped";
            subscriptions::note_error(db, sub.id, Some(note), now).await?;
            return Ok(Outcome::Skipped {
                reason: "not_installed".to_owned(),
            });
        }
        Err(TokenError::Unavailable(reason)) => {
            tracing::warn!(%reason, "no token for the workspace for now; the slot stays due");
            let note = format!("{reason}; the nudge stays due and the next run tries again");
            subscriptions::note_error(db, sub.id, Some(&note), now).await?;
            return Ok(Outcome::LeftDue { error: reason });
        }
    };
    run.pacer.workspace_turn(team).await;
    let Some(permit) = run.send_slot(team).await else {
        return Ok(Outcome::Stopped);
    };
    run.pacer.channel_turn(&sub.channel).await;
    if run.stop.is_cancelled() {
        return Ok(Outcome::Stopped);
    }
    // Another channel of this workspace learnt meanwhile that its token is dead.
    if let Some(reason) = run.pacer.dead(team) {
        subscriptions::deactivate(db, sub.id, &reason, now).await?;
        return Ok(Outcome::Deactivated { reason });
    }

    let library = &run.state.guide.library;
    let mut waiting = waiting;
    if let Some(d) = &waiting {
        // Taken over first: a claim is only ever changed (or given back) by its holder,
        // so a run never deletes another run's live claim.
        let clock = run.state.clock.now();
        let until = lease(run, Duration::ZERO);
        if !unsettled::take(db, d.id, &run.owner, clock, until, Takeover::Waiting).await? {
            return Ok(Outcome::Busy);
        }
        let scope = crate::nudges::scope::Scope::of_target(&sub.channel);
        if library.nudge(&d.nudge_id).is_none_or(|n| !scope.fits(n)) {
            // The nudge left the library or became personal; give the week back for a
            // fresh pick.
            ledger::release(db, d.id, &run.owner).await?;
            waiting = None;
        }
    }
    let claimed = waiting.and_then(|d| Some((d.id, library.nudge(&d.nudge_id)?)));
    let (claim_id, nudge) = match claimed {
        Some((id, nudge)) => (id, nudge),
        None => {
            let (cycle, used) = ledger::rotation(db, sub.id).await?;
            let Some(pick) = rotation::next(library.nudges(), team, &sub.channel, cycle, &used)
            else {
                return Ok(Outcome::Failed {
                    error: "the nudge library is empty".to_owned(),
                });
            };
            let claim = Claim {
                subscription_id: sub.id,
                week: &week,
                slot_at: slot,
                nudge_id: &pick.nudge.id,
                cycle: pick.cycle,
                owner: &run.owner,
                now: run.state.clock.now(),
                lease_until: lease(run, Duration::ZERO),
            };
            match ledger::claim(db, &claim).await? {
                Some(id) => (id, pick.nudge),
                None => return Ok(Outcome::Busy),
            }
        }
    };
    let posting = Posting {
        run,
        sub,
        claim_id,
        token,
        slot,
        after,
        week,
        settling: false,
    };
    posting.send(nudge, permit).await
}
