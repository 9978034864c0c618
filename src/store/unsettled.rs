//! Claims another run takes over: deliveries whose outcome is not known (Slack's answer was
//! ambiguous: state `unknown`; or their claimer died: `sending` with a lapsed lease), which a
//! later run settles from the channel's history (`ledger::finish`), and `waiting` claims whose
//! holder's lease lapsed. These are the queries that find and take such rows.

use jiff::Timestamp;

use super::ledger::{COLUMNS, Delivery, Row};
use super::subscriptions::instant;
use super::{Db, StoreError};

/// Rows of active subscriptions ready to be settled at `now`, oldest slot first, at most
/// `limit` (the rest wait for the next run).
pub async fn ready(db: &Db, now: Timestamp, limit: i64) -> Result<Vec<Delivery>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM nudge_deliveries d \
         WHERE ((d.state = 'unknown' AND d.settle_after <= $1) \
             OR (d.state = 'sending' AND d.lease_until < $1)) \
             AND EXISTS (SELECT 1 FROM nudge_subscriptions s \
                 WHERE s.id = d.subscription_id AND s.status = 'active') \
         ORDER BY d.slot_at, d.id LIMIT $2"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(now.as_second())
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.into_iter().map(Delivery::try_from).collect()
}

/// Which claims a run may take over from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takeover {
    /// `waiting` with its holder's lease lapsed: nothing was in flight, so it may be posted.
    Waiting,
    /// To settle from the channel's history: "possibly delivered" and due for a check, or
    /// `sending` with its holder's lease lapsed (it died around its request).
    Unsettled,
}

/// Takes the row over as `owner`, in state `sending` with a new lease, in one statement and
/// only while it still is what `which` says: `false` when another run took it first or its
/// holder renewed it, so a live claim is never taken.
pub async fn take(
    db: &Db,
    id: i64,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
    which: Takeover,
) -> Result<bool, StoreError> {
    let (claimed, open) = match which {
        Takeover::Waiting => (
            ", claimed_at = $2",
            "state = 'waiting' AND lease_until < $2",
        ),
        Takeover::Unsettled => (
            "",
            "((state = 'unknown' AND settle_after <= $2) OR (state = 'sending' AND lease_until < $2))",
        ),
    };
    let sql = format!(
        "UPDATE nudge_deliveries SET state = 'sending', claimed_by = $1, lease_until = $3, \
             settle_after = NULL, attempts = attempts + 1{claimed} WHERE id = $4 AND {open}"
    );
    let done = sqlx::query(&sql)
        .bind(owner)
        .bind(now.as_second())
        .bind(lease_until.as_second())
        .bind(id)
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
