//! Posting one claimed week to Slack and settling the claim by Slack's answer: 429 waits
//! `Retry-After` (and pauses the workspace), a connection that could not be made retries a
//! few times and then leaves the slot due, `not_in_channel` joins once, the permanent errors
//! deactivate the subscription with the reason, and an answer that leaves it open whether
//! the message arrived (timeout, reset, 5xx, `internal_error`…) makes the week "possibly
//! delivered", for a later run to settle from the channel's history.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::json;

use super::delivery::lease;
use super::scheduler::{Outcome, Run, SendSlot};
use super::settle::SETTLE_DELAY;
use crate::guidance::nudge::Nudge;
use crate::nudges::message::nudge_message;
use crate::slack::api::{ApiError, Token};
use crate::store::StoreError;
use crate::store::ledger::{self, End, State};
use crate::store::subscriptions::{self, Subscription};

/// 429s are always waited out, up to this much in one run; then the slot stays due.
const MAX_RATE_LIMITED: Duration = Duration::from_secs(15 * 60);

/// A claimed week being posted.
pub(crate) struct Posting<'a> {
    pub run: &'a Run,
    pub sub: &'a Subscription,
    pub claim_id: i64,
    pub token: Token,
    pub slot: Timestamp,
    pub after: Timestamp,
    pub week: String,
    /// Re-posting a week found missing from the channel: giving up leaves it to settle
    /// again instead of releasing it.
    pub settling: bool,
}

/// What to do after Slack's answer.
enum Next {
    RateLimited(Duration),
    /// Nothing reached Slack: try again.
    Transient,
    /// Slack may have posted it.
    Ambiguous,
    Join,
    Deactivate(String),
    Fail(String),
}

fn classify(error: &ApiError, joined: bool) -> Next {
    match error {
        ApiError::RateLimited(wait) => Next::RateLimited(*wait),
        ApiError::Slack(code) if code == "ratelimited" => Next::RateLimited(Duration::from_secs(1)),
        e if e.may_have_arrived() => Next::Ambiguous,
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
    pub async fn send(&self, nudge: &Nudge, mut permit: SendSlot) -> Result<Outcome, StoreError> {
        let (run, sub) = (self.run, self.sub);
        let db = &run.state.db;
        let message = crate::slack::render::message(&nudge_message(
            &run.state.guide.library,
            nudge,
            &sub.channel,
        ));
        // The marker a later run looks for in the channel's history.
        let metadata = json!({
            "event_type": "mops_nudge",
            "event_payload": { "subscription": sub.id, "week": self.week },
        });
        let policy = run.state.config.retry;
        let (mut failures, mut joined, mut limited) = (0u32, false, Duration::ZERO);
        loop {
            let error = match run
                .state
                .api
                .post_message_with_metadata(&self.token, &sub.channel, &message, &metadata)
                .await
            {
                Ok(ts) => {
                    let clock = run.state.clock.now();
                    let next = (sub.id, sub.next_slot, self.after);
                    let end = End::Sent { message_ts: &ts };
                    if !ledger::finish(db, self.claim_id, &run.owner, end, clock, Some(next))
                        .await?
                    {
                        // Only possible if this process stalled past its lease and another
                        // run took the week over: worth an operator's attention.
                        tracing::warn!("the claim was taken over while this nudge was posted");
                    }
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
                Next::Ambiguous => return self.possibly_delivered(&error).await,
                Next::Transient => {
                    failures += 1;
                    if failures >= policy.attempts {
                        return self.leave_due(&error).await;
                    }
                    policy.backoff(failures)
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
                    let (end, next) = (
                        End::Failed { error: &error },
                        (sub.id, sub.next_slot, self.after),
                    );
                    let clock = run.state.clock.now();
                    ledger::finish(db, self.claim_id, &run.owner, end, clock, Some(next)).await?;
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
            permit = match run.send_slot(&sub.team).await {
                Some(p) => p,
                None => return Ok(Outcome::Stopped),
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

    async fn possibly_delivered(&self, error: &ApiError) -> Result<Outcome, StoreError> {
        let (run, sub) = (self.run, self.sub);
        let clock = run.state.clock.now();
        let settle_after = clock.checked_add(SETTLE_DELAY).ok();
        let note = format!("Slack's answer left it open whether the nudge arrived ({error})");
        let next = (sub.id, sub.next_slot, self.after);
        let db = &run.state.db;
        let end = End::Unknown {
            error: &note,
            settle_after,
        };
        ledger::finish(db, self.claim_id, &run.owner, end, clock, Some(next)).await?;
        tracing::warn!(%error, week = %self.week, "the nudge was possibly delivered; not posting it again blindly");
        Ok(Outcome::PossiblyDelivered {
            week: self.week.clone(),
            reason: format!(
                "Slack's answer left it open ({error}); a later run checks the channel's history"
            ),
        })
    }

    async fn leave_due(&self, error: &ApiError) -> Result<Outcome, StoreError> {
        let db = &self.run.state.db;
        if self.settling {
            // Known missing and still not posted: settle again on a later run.
            let clock = self.run.state.clock.now();
            let again = clock.checked_add(SETTLE_DELAY).ok();
            let note = format!("not delivered yet; Slack was unavailable ({error})");
            let end = End::Unknown {
                error: &note,
                settle_after: again,
            };
            let next = (self.sub.id, self.sub.next_slot, self.after);
            ledger::finish(db, self.claim_id, &self.run.owner, end, clock, Some(next)).await?;
            return Ok(Outcome::LeftDue {
                error: error.to_string(),
            });
        }
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
