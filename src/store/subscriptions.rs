//! Channel subscriptions to weekly nudges. Queries stay within SQL that SQLite and
//! PostgreSQL share (`$n` parameters, `ON CONFLICT … DO UPDATE`, `RETURNING`).

use jiff::Timestamp;
use sqlx::FromRow;

use super::{Db, StoreError};
use crate::ids::{ChannelId, TeamId, UserId};

mod changes;
pub use changes::{deactivate, deactivate_team, note_error, set_paused, turn_off};

/// Whether a subscription is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    /// Turned off by a person.
    Off,
    /// Stopped by an error Slack gave (the reason is kept).
    Inactive,
}

impl Status {
    fn parse(raw: &str) -> Result<Self, StoreError> {
        match raw {
            "active" => Ok(Self::Active),
            "off" => Ok(Self::Off),
            "inactive" => Ok(Self::Inactive),
            other => Err(StoreError::Corrupt(format!(
                "subscription status {other:?}"
            ))),
        }
    }
}

/// One channel's subscription.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub id: i64,
    pub team: TeamId,
    pub channel: ChannelId,
    pub weekday: i64,
    pub minute_of_day: i64,
    pub time_zone: String,
    pub status: Status,
    pub inactive_reason: Option<String>,
    pub inactive_at: Option<Timestamp>,
    pub paused_until: Option<Timestamp>,
    pub next_slot: Timestamp,
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
}

/// What `/mops nudge on` stores.
#[derive(Debug, Clone)]
pub struct NewSubscription<'a> {
    pub team: &'a TeamId,
    pub channel: &'a ChannelId,
    pub weekday: i64,
    pub minute_of_day: i64,
    pub time_zone: &'a str,
    pub next_slot: Timestamp,
    pub created_by: &'a UserId,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    team_id: String,
    channel_id: String,
    weekday: i64,
    minute_of_day: i64,
    time_zone: String,
    status: String,
    inactive_reason: Option<String>,
    inactive_at: Option<i64>,
    paused_until: Option<i64>,
    next_slot: i64,
    last_error: Option<String>,
    last_error_at: Option<i64>,
}

const COLUMNS: &str = "id, team_id, channel_id, weekday, minute_of_day, time_zone, status, \
    inactive_reason, inactive_at, paused_until, next_slot, last_error, last_error_at";

pub(crate) fn instant(secs: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(secs).map_err(|_| StoreError::Corrupt(format!("instant {secs}")))
}

fn opt_instant(secs: Option<i64>) -> Result<Option<Timestamp>, StoreError> {
    secs.map(instant).transpose()
}

impl TryFrom<Row> for Subscription {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.id,
            team: TeamId::parse(&r.team_id).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            channel: ChannelId::parse(&r.channel_id)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            weekday: r.weekday,
            minute_of_day: r.minute_of_day,
            time_zone: r.time_zone,
            status: Status::parse(&r.status)?,
            inactive_reason: r.inactive_reason,
            inactive_at: opt_instant(r.inactive_at)?,
            paused_until: opt_instant(r.paused_until)?,
            next_slot: instant(r.next_slot)?,
            last_error: r.last_error,
            last_error_at: opt_instant(r.last_error_at)?,
        })
    }
}

/// Creates the channel's subscription, or updates its schedule and turns it back on.
pub async fn upsert(
    db: &Db,
    new: &NewSubscription<'_>,
    now: Timestamp,
) -> Result<Subscription, StoreError> {
    let sql = format!(
        "INSERT INTO nudge_subscriptions (team_id, channel_id, weekday, minute_of_day, time_zone, \
             status, next_slot, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $8) \
         ON CONFLICT (team_id, channel_id) DO UPDATE SET weekday = excluded.weekday, \
             minute_of_day = excluded.minute_of_day, time_zone = excluded.time_zone, \
             status = 'active', inactive_reason = NULL, inactive_at = NULL, paused_until = NULL, \
             next_slot = excluded.next_slot, last_error = NULL, last_error_at = NULL, \
             updated_at = excluded.updated_at \
         RETURNING {COLUMNS}"
    );
    let row: Row = sqlx::query_as(&sql)
        .bind(new.team.as_str())
        .bind(new.channel.as_str())
        .bind(new.weekday)
        .bind(new.minute_of_day)
        .bind(new.time_zone)
        .bind(new.next_slot.as_second())
        .bind(new.created_by.as_str())
        .bind(now.as_second())
        .fetch_one(db.pool())
        .await?;
    row.try_into()
}

/// The channel's subscription, if it ever had one.
pub async fn get(
    db: &Db,
    team: &TeamId,
    channel: &ChannelId,
) -> Result<Option<Subscription>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM nudge_subscriptions WHERE team_id = $1 AND channel_id = $2");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(team.as_str())
        .bind(channel.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(Subscription::try_from).transpose()
}

/// The subscription with this id.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<Subscription>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM nudge_subscriptions WHERE id = $1");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.map(Subscription::try_from).transpose()
}

/// Active subscriptions whose next slot is at or before `now`, oldest first.
pub async fn due(db: &Db, now: Timestamp) -> Result<Vec<Subscription>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM nudge_subscriptions WHERE status = 'active' AND next_slot <= $1 \
         ORDER BY next_slot, id"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(now.as_second())
        .fetch_all(db.pool())
        .await?;
    rows.into_iter().map(Subscription::try_from).collect()
}

/// Moves the next slot from `from` to `to`; `false` when someone else changed it first
/// (a new schedule, or another run), which then stands.
pub async fn advance(
    db: &Db,
    id: i64,
    from: Timestamp,
    to: Timestamp,
    now: Timestamp,
) -> Result<bool, StoreError> {
    Ok(move_slot(db.pool(), id, from, to, now, false).await?)
}

/// [`advance`] through `ex` (a transaction, or the pool); `delivered` clears the last problem.
pub(crate) async fn move_slot<'e>(
    ex: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: i64,
    from: Timestamp,
    to: Timestamp,
    now: Timestamp,
    delivered: bool,
) -> Result<bool, sqlx::Error> {
    let clear = if delivered {
        ", last_error = NULL, last_error_at = NULL"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE nudge_subscriptions SET next_slot = $1, updated_at = $2{clear} \
         WHERE id = $3 AND next_slot = $4"
    );
    let done = sqlx::query(&sql)
        .bind(to.as_second())
        .bind(now.as_second())
        .bind(id)
        .bind(from.as_second())
        .execute(ex)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every subscription (for operators and tests), by workspace and channel.
pub async fn all(db: &Db) -> Result<Vec<Subscription>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM nudge_subscriptions ORDER BY team_id, channel_id");
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(db.pool()).await?;
    rows.into_iter().map(Subscription::try_from).collect()
}

/// The subscriptions `user` set up in `team` (the channels they manage), at most `limit`.
pub async fn set_up_by(
    db: &Db,
    team: &TeamId,
    user: &UserId,
    limit: i64,
) -> Result<Vec<Subscription>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM nudge_subscriptions WHERE team_id = $1 AND created_by = $2 \
         ORDER BY channel_id LIMIT $3"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(team.as_str())
        .bind(user.as_str())
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.into_iter().map(Subscription::try_from).collect()
}
