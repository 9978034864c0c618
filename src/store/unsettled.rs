//! Deliveries whose outcome is not known: Slack's answer was ambiguous (state `unknown`), or
//! their claimer died (`sending` with a lapsed lease). A later run takes such a row, looks
//! for the nudge in the channel's history, and settles it; these are its queries.

use jiff::Timestamp;
use sqlx::FromRow;

use super::ledger::{Delivery, State};
use super::subscriptions::instant;
use super::{Db, StoreError};

#[derive(FromRow)]
struct Row {
    id: i64,
    subscription_id: i64,
    week: String,
    slot_at: i64,
    nudge_id: String,
    claimed_by: String,
    lease_until: i64,
    state: String,
}

/// Records the owner's claim as "possibly delivered" and moves the subscription on to
/// `next.2` (from `next.1`), together. With `settle_after`, a run from then on checks the
/// channel's history; without, the week stays "possibly delivered".
pub async fn possibly_delivered(
    db: &Db,
    id: i64,
    owner: &str,
    error: &str,
    now: Timestamp,
    settle_after: Option<Timestamp>,
    next: (i64, Timestamp, Timestamp),
) -> Result<bool, StoreError> {
    let (subscription_id, from, to) = next;
    let mut tx = db.pool().begin().await?;
    let done = sqlx::query(
        "UPDATE nudge_deliveries SET state = 'unknown', error = $1, finished_at = $2, \
             settle_after = $3 \
         WHERE id = $4 AND claimed_by = $5 AND state IN ('sending', 'waiting')",
    )
    .bind(error)
    .bind(now.as_second())
    .bind(settle_after.map(Timestamp::as_second))
    .bind(id)
    .bind(owner)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE nudge_subscriptions SET next_slot = $1, updated_at = $2 \
         WHERE id = $3 AND next_slot = $4",
    )
    .bind(to.as_second())
    .bind(now.as_second())
    .bind(subscription_id)
    .bind(from.as_second())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Rows of active subscriptions ready to be settled at `now`, oldest slot first, at most
/// `limit` (the rest wait for the next run).
pub async fn ready(db: &Db, now: Timestamp, limit: i64) -> Result<Vec<Delivery>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT d.id, d.subscription_id, d.week, d.slot_at, d.nudge_id, d.claimed_by, \
             d.lease_until, d.state \
         FROM nudge_deliveries d JOIN nudge_subscriptions s ON s.id = d.subscription_id \
         WHERE s.status = 'active' AND ((d.state = 'unknown' AND d.settle_after <= $1) \
             OR (d.state = 'sending' AND d.lease_until < $1)) \
         ORDER BY d.slot_at, d.id LIMIT $2",
    )
    .bind(now.as_second())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Delivery {
                id: r.id,
                subscription_id: r.subscription_id,
                week: r.week,
                slot_at: instant(r.slot_at)?,
                nudge_id: r.nudge_id,
                state: if r.state == "sending" {
                    State::Sending
                } else {
                    State::Unknown
                },
                claimed_by: r.claimed_by,
                lease_until: instant(r.lease_until)?,
            })
        })
        .collect()
}

/// Takes a row that is ready to be settled, as `owner`, in state `sending`; `false` when
/// another run took it first (or it is not ready).
pub async fn take(
    db: &Db,
    id: i64,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE nudge_deliveries SET state = 'sending', claimed_by = $1, lease_until = $2, \
             settle_after = NULL, attempts = attempts + 1 \
         WHERE id = $3 AND ((state = 'unknown' AND settle_after <= $4) \
             OR (state = 'sending' AND lease_until < $4))",
    )
    .bind(owner)
    .bind(lease_until.as_second())
    .bind(id)
    .bind(now.as_second())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a taken row back as "possibly delivered": to be looked at again from
/// `settle_after`, or (with `None`) never.
pub async fn give_back(
    db: &Db,
    id: i64,
    owner: &str,
    error: &str,
    now: Timestamp,
    settle_after: Option<Timestamp>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE nudge_deliveries SET state = 'unknown', error = $1, finished_at = $2, \
             settle_after = $3 \
         WHERE id = $4 AND claimed_by = $5 AND state IN ('sending', 'waiting')",
    )
    .bind(error)
    .bind(now.as_second())
    .bind(settle_after.map(Timestamp::as_second))
    .bind(id)
    .bind(owner)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The most recent week still "possibly delivered", and whether a later run will check it.
pub async fn latest(
    db: &Db,
    subscription_id: i64,
) -> Result<Option<(Timestamp, bool)>, StoreError> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT slot_at, settle_after FROM nudge_deliveries \
         WHERE subscription_id = $1 AND state = 'unknown' ORDER BY slot_at DESC LIMIT 1",
    )
    .bind(subscription_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|(slot, check)| Ok((instant(slot)?, check.is_some())))
        .transpose()
}

/// When a message was last (possibly) posted to the subscription's channel: the latest
/// claim that is sent, possibly delivered, or in flight.
pub async fn last_posted(db: &Db, subscription_id: i64) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(claimed_at) FROM nudge_deliveries WHERE subscription_id = $1 \
             AND state IN ('sent', 'unknown', 'sending')",
    )
    .bind(subscription_id)
    .fetch_one(db.pool())
    .await?;
    at.map(instant).transpose()
}
