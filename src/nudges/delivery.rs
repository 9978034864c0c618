//! One due subscription in one run: decide (grace, pause, ledger), wait for its turn, claim
//! the week, post, and settle the claim according to Slack's answer.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::OwnedSemaphorePermit;

use super::commands::schedule_of;
use super::message::nudge_message;
use super::rotation;
use super::scheduler::{Outcome, Run};
use crate::guidance::nudge::Nudge;
use crate::slack::api::{ApiError, Token};
use crate::store::StoreError;
use crate::store::ledger::{self, Claim, State};
use crate::store::subscriptions::{self, Subscription};

/// A claim in `sending` is trusted to its owner this long: far beyond one request's
/// ten-second timeout, so only a dead owner lets it lapse.
const SEND_LEASE: SignedDuration = SignedDuration::from_mins(2);
/// 429s are always waited out, up to this much in one run; then the slot stays due.
const MAX_RATE_LIMITED: Duration = Duration::from_secs(15 * 60);

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

fn lease(run: &Run, extra: Duration) -> Timestamp {
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
                if !ledger::mark_unknown(db, d.id, run.state.clock.now()).await? {
                    return Ok(Outcome::Busy);
                }
                advance(after).await?;
                tracing::warn!(%week, "a claim was left mid-send by a stopped process; not posting again");
                return Ok(Outcome::PossiblyDelivered { week });
            }
            State::Waiting => Some(d),
        },
    };

    let team = &sub.team;
    let Some(token) = run.token(team).await else {
        subscriptions::deactivate(db, sub.id, "not_installed", now).await?;
        return Ok(Outcome::Deactivated {
            reason: "not_installed".to_owned(),
        });
    };
    // Rate-limit waits hold no permit, and come before the claim so it is short-lived.
    drop(checking);
    run.pacer.workspace_turn(team).await;
    let Ok(permit) = run.permits.clone().acquire_owned().await else {
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
    let (claim_id, nudge) = match waiting {
        Some(d) => {
            let Some(nudge) = library.nudge(&d.nudge_id) else {
                // The nudge left the library; give the week back for a fresh pick.
                ledger::release(db, d.id, &d.claimed_by).await?;
                return Ok(Outcome::Busy);
            };
            let clock = run.state.clock.now();
            if !ledger::take_over(db, d.id, &run.owner, clock, lease(run, Duration::ZERO)).await? {
                return Ok(Outcome::Busy);
            }
            (d.id, nudge)
        }
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
    };
    posting.send(nudge, permit).await
}

/// A claimed week being posted.
struct Posting<'a> {
    run: &'a Run,
    sub: &'a Subscription,
    claim_id: i64,
    token: Token,
    slot: Timestamp,
    after: Timestamp,
}

/// What to do after Slack's answer.
enum Next {
    RateLimited(Duration),
    Transient,
    Join,
    Deactivate(String),
    Fail(String),
}

fn classify(error: &ApiError, joined: bool) -> Next {
    match error {
        ApiError::RateLimited(wait) => Next::RateLimited(*wait),
        ApiError::Slack(code) if code == "ratelimited" => Next::RateLimited(Duration::from_secs(1)),
        e if e.is_transient() => Next::Transient,
        ApiError::Slack(code) => match code.as_str() {
            "not_in_channel" if !joined => Next::Join,
            "not_in_channel" | "channel_not_found" | "is_archived" | "account_inactive"
            | "token_revoked" | "invalid_auth" | "not_authed" | "missing_scope" => {
                Next::Deactivate(code.clone())
            }
            _ => Next::Fail(error.to_string()),
        },
        other => Next::Fail(other.to_string()),
    }
}

fn workspace_wide(code: &str) -> bool {
    matches!(
        code,
        "account_inactive" | "token_revoked" | "invalid_auth" | "not_authed"
    )
}

impl Posting<'_> {
    async fn send(
        &self,
        nudge: &Nudge,
        mut permit: OwnedSemaphorePermit,
    ) -> Result<Outcome, StoreError> {
        let (run, sub) = (self.run, self.sub);
        let db = &run.state.db;
        let message = nudge_message(&run.state.guide.library, nudge, &sub.channel);
        let policy = run.state.config.retry;
        let (mut failures, mut joined, mut limited) = (0u32, false, Duration::ZERO);
        loop {
            let error = match run
                .state
                .api
                .post_message(&self.token, &sub.channel, &message, None)
                .await
            {
                Ok(ts) => {
                    let clock = run.state.clock.now();
                    let next = (sub.id, sub.next_slot, self.after);
                    ledger::settle_sent(db, self.claim_id, &run.owner, &ts, clock, next).await?;
                    tracing::info!(nudge = %nudge.id, slot = %self.slot, "nudge sent");
                    return Ok(Outcome::Sent {
                        nudge: nudge.id.clone(),
                    });
                }
                Err(error) => error,
            };
            tracing::warn!(%error, "posting the nudge failed");
            let wait = match classify(&error, joined) {
                Next::RateLimited(wait) => {
                    limited += wait;
                    if limited > MAX_RATE_LIMITED {
                        return self.leave_due(&error).await;
                    }
                    run.pacer.block_workspace(&sub.team, wait);
                    wait
                }
                Next::Transient => {
                    failures += 1;
                    if failures >= policy.attempts {
                        return self.leave_due(&error).await;
                    }
                    policy.base_delay * 2u32.saturating_pow(failures - 1)
                }
                Next::Join => {
                    joined = true;
                    match run.state.api.join(&self.token, &sub.channel).await {
                        Ok(()) => Duration::ZERO,
                        Err(join_error) => {
                            tracing::warn!(%join_error, "could not join the channel");
                            return self.deactivate("not_in_channel").await;
                        }
                    }
                }
                Next::Deactivate(code) => return self.deactivate(&code).await,
                Next::Fail(error) => {
                    ledger::settle_failed(
                        db,
                        self.claim_id,
                        &run.owner,
                        &error,
                        run.state.clock.now(),
                    )
                    .await?;
                    subscriptions::advance(db, sub.id, sub.next_slot, self.after, run.now).await?;
                    subscriptions::note_error(
                        db,
                        sub.id,
                        Some(&format!("Slack refused this week's nudge: {error}")),
                        run.now,
                    )
                    .await?;
                    return Ok(Outcome::Failed { error });
                }
            };
            // Nothing was posted: the claim waits, so a takeover after our death is safe.
            if !ledger::hold(
                db,
                self.claim_id,
                &run.owner,
                State::Waiting,
                lease(run, wait),
            )
            .await?
            {
                return Ok(Outcome::Busy);
            }
            drop(permit);
            tokio::time::sleep(wait).await;
            run.pacer.workspace_turn(&sub.team).await;
            permit = match run.permits.clone().acquire_owned().await {
                Ok(p) => p,
                Err(_) => return Ok(Outcome::Stopped),
            };
            run.pacer.channel_turn(&sub.channel).await;
            if !ledger::hold(
                db,
                self.claim_id,
                &run.owner,
                State::Sending,
                lease(run, Duration::ZERO),
            )
            .await?
            {
                return Ok(Outcome::Busy);
            }
        }
    }

    async fn leave_due(&self, error: &ApiError) -> Result<Outcome, StoreError> {
        let db = &self.run.state.db;
        ledger::release(db, self.claim_id, &self.run.owner).await?;
        let note = format!(
            "Slack was unavailable ({error}); the nudge stays due and the next run tries again"
        );
        subscriptions::note_error(db, self.sub.id, Some(&note), self.run.now).await?;
        Ok(Outcome::LeftDue {
            error: error.to_string(),
        })
    }

    async fn deactivate(&self, code: &str) -> Result<Outcome, StoreError> {
        let db = &self.run.state.db;
        ledger::release(db, self.claim_id, &self.run.owner).await?;
        subscriptions::deactivate(db, self.sub.id, code, self.run.now).await?;
        if workspace_wide(code) {
            self.run.pacer.mark_dead(&self.sub.team, code);
        }
        tracing::warn!(reason = code, "nudges deactivated for the channel");
        Ok(Outcome::Deactivated {
            reason: code.to_owned(),
        })
    }
}
