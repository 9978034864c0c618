//! The delivery ledger: one row per channel per scheduled week, claimed before the message
//! is sent and settled after. The unique keys make the claim the single point where two
//! runs (or two processes) can race, and only one of them wins it.

use jiff::Timestamp;
use sqlx::FromRow;

use super::subscriptions::{self, instant};
use super::{Db, StoreError};

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Claimed; a request to Slack may be in flight.
    Sending,
    /// Claimed and known not to be posted (waiting to retry).
    Waiting,
    Sent,
    /// The claimer died while a request may have been in flight.
    Unknown,
    /// Slack refused it for good; the week is over for this channel.
    Failed,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Sending => "sending",
            State::Waiting => "waiting",
            State::Sent => "sent",
            State::Unknown => "unknown",
            State::Failed => "failed",
        }
    }

    fn parse(raw: &str) -> Result<Self, StoreError> {
        Ok(match raw {
            "sending" => State::Sending,
            "waiting" => State::Waiting,
            "sent" => State::Sent,
            "unknown" => State::Unknown,
            "failed" => State::Failed,
            other => return Err(StoreError::Corrupt(format!("delivery state {other:?}"))),
        })
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: i64,
    pub subscription_id: i64,
    pub week: String,
    pub slot_at: Timestamp,
    pub nudge_id: String,
    pub state: State,
    pub claimed_by: String,
    pub lease_until: Timestamp,
}

#[derive(FromRow)]
pub(super) struct Row {
    id: i64,
    subscription_id: i64,
    week: String,
    slot_at: i64,
    nudge_id: String,
    state: String,
    claimed_by: String,
    lease_until: i64,
}

pub(super) const COLUMNS: &str =
    "id, subscription_id, week, slot_at, nudge_id, state, claimed_by, lease_until";

impl TryFrom<Row> for Delivery {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.id,
            subscription_id: r.subscription_id,
            week: r.week,
            slot_at: instant(r.slot_at)?,
            nudge_id: r.nudge_id,
            state: State::parse(&r.state)?,
            claimed_by: r.claimed_by,
            lease_until: instant(r.lease_until)?,
        })
    }
}

/// A claim about to be made.
#[derive(Debug, Clone)]
pub struct Claim<'a> {
    pub subscription_id: i64,
    pub week: &'a str,
    pub slot_at: Timestamp,
    pub nudge_id: &'a str,
    pub cycle: i64,
    pub owner: &'a str,
    pub now: Timestamp,
    pub lease_until: Timestamp,
}

/// The ledger row for `week`, if any.
pub async fn find(
    db: &Db,
    subscription_id: i64,
    week: &str,
) -> Result<Option<Delivery>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM nudge_deliveries WHERE subscription_id = $1 AND week = $2");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(subscription_id)
        .bind(week)
        .fetch_optional(db.pool())
        .await?;
    row.map(Delivery::try_from).transpose()
}

/// The current rotation cycle (0 before the first delivery) and the nudges used in it.
pub async fn rotation(db: &Db, subscription_id: i64) -> Result<(i64, Vec<String>), StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT cycle, nudge_id FROM nudge_deliveries WHERE subscription_id = $1 AND cycle = \
             (SELECT MAX(cycle) FROM nudge_deliveries WHERE subscription_id = $1)",
    )
    .bind(subscription_id)
    .fetch_all(db.pool())
    .await?;
    let cycle = rows.first().map_or(0, |(c, _)| *c);
    Ok((cycle, rows.into_iter().map(|(_, id)| id).collect()))
}

/// Claims the week in state `sending`; `None` when another row holds it already.
pub async fn claim(db: &Db, c: &Claim<'_>) -> Result<Option<i64>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO nudge_deliveries (subscription_id, week, slot_at, nudge_id, cycle, state, \
             claimed_by, claimed_at, lease_until, attempts) \
         VALUES ($1, $2, $3, $4, $5, 'sending', $6, $7, $8, 1) \
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(c.subscription_id)
    .bind(c.week)
    .bind(c.slot_at.as_second())
    .bind(c.nudge_id)
    .bind(c.cycle)
    .bind(c.owner)
    .bind(c.now.as_second())
    .bind(c.lease_until.as_second())
    .fetch_optional(db.pool())
    .await?;
    Ok(id)
}

/// Moves the owner's open claim to `sending` or `waiting` with a new lease; `false` when
/// the claim is no longer this owner's.
pub async fn hold(
    db: &Db,
    id: i64,
    owner: &str,
    state: State,
    lease_until: Timestamp,
) -> Result<bool, StoreError> {
    let bump = i64::from(state == State::Sending);
    let done = sqlx::query(
        "UPDATE nudge_deliveries SET state = $1, lease_until = $2, attempts = attempts + $3 \
         WHERE id = $4 AND claimed_by = $5 AND state IN ('sending', 'waiting')",
    )
    .bind(state.as_str())
    .bind(lease_until.as_second())
    .bind(bump)
    .bind(id)
    .bind(owner)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a claim ends.
#[derive(Debug, Clone, Copy)]
pub enum End<'a> {
    Sent {
        message_ts: &'a str,
    },
    /// Refused for good; the week is over for this channel.
    Failed {
        error: &'a str,
    },
    /// Possibly delivered: a run checks the channel's history from `settle_after`, or, with
    /// `None`, it stays "possibly delivered".
    Unknown {
        error: &'a str,
        settle_after: Option<Timestamp>,
    },
}

/// Ends the owner's open claim and, with `next` (subscription, from, to), moves the
/// subscription's next slot in the same transaction (if nobody moved it first); `false` when
/// the claim is no longer this owner's.
pub async fn finish(
    db: &Db,
    id: i64,
    owner: &str,
    end: End<'_>,
    now: Timestamp,
    next: Option<(i64, Timestamp, Timestamp)>,
) -> Result<bool, StoreError> {
    let (state, message_ts, error, settle_after) = match end {
        End::Sent { message_ts } => (State::Sent, Some(message_ts), None, None),
        End::Failed { error } => (State::Failed, None, Some(error), None),
        End::Unknown {
            error,
            settle_after,
        } => (State::Unknown, None, Some(error), settle_after),
    };
    let mut tx = db.pool().begin().await?;
    let done = sqlx::query(
        "UPDATE nudge_deliveries SET state = $1, message_ts = $2, error = $3, finished_at = $4, \
             settle_after = $5 \
         WHERE id = $6 AND claimed_by = $7 AND state IN ('sending', 'waiting')",
    )
    .bind(state.as_str())
    .bind(message_ts)
    .bind(error)
    .bind(now.as_second())
    .bind(settle_after.map(Timestamp::as_second))
    .bind(id)
    .bind(owner)
    .execute(&mut *tx)
    .await?;
    if let Some((subscription_id, from, to)) = next {
        let sent = matches!(end, End::Sent { .. });
        subscriptions::move_slot(&mut *tx, subscription_id, from, to, now, sent).await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Gives the week back (nothing was posted): the slot stays due for a later run.
pub async fn release(db: &Db, id: i64, owner: &str) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "DELETE FROM nudge_deliveries WHERE id = $1 AND claimed_by = $2 \
             AND state IN ('sending', 'waiting')",
    )
    .bind(id)
    .bind(owner)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
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

/// Messages delivered to this subscription, ever.
pub async fn sent_count(db: &Db, subscription_id: i64) -> Result<i64, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM nudge_deliveries WHERE subscription_id = $1 AND state = 'sent'",
    )
    .bind(subscription_id)
    .fetch_one(db.pool())
    .await?;
    Ok(n)
}
