//! The private work log. Every query that reads or changes entries is scoped by team *and*
//! user, so no code path can reach another person's entries; the only query without them
//! is retention, which deletes by age alone.

use jiff::Timestamp;
use sqlx::FromRow;

use super::subscriptions::instant;
use super::{Db, StoreError};
use crate::ids::{TeamId, UserId};
use crate::text::Typed;

/// One stored entry, as its author sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub minutes: i64,
    pub what: Typed,
    /// The team that asked for the work (`for <team>`), lower case; `None` when not given.
    pub asked_by: Option<String>,
    pub logged_at: jiff::Timestamp,
}

/// An entry to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub minutes: i64,
    pub what: Typed,
    pub asked_by: Option<String>,
}

/// Whose log.
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub team: &'a TeamId,
    pub user: &'a UserId,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    minutes: i64,
    what: String,
    asked_by: Option<String>,
    logged_at: i64,
}

impl TryFrom<Row> for Entry {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Entry {
            id: r.id,
            minutes: r.minutes,
            what: r.what.into(),
            asked_by: r.asked_by,
            logged_at: instant(r.logged_at)?,
        })
    }
}

const COLUMNS: &str = "id, minutes, what, asked_by, logged_at";

/// Stores `entry` unless the person already holds `cap` entries; `None` when full.
pub async fn add(
    db: &Db,
    owner: Owner<'_>,
    entry: &NewEntry,
    now: Timestamp,
    cap: i64,
) -> Result<Option<i64>, StoreError> {
    let id: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO work_log_entries (team_id, user_id, minutes, what, asked_by, logged_at) \
         SELECT $1, $2, $3, $4, $5, $6 \
         WHERE (SELECT COUNT(*) FROM work_log_entries WHERE team_id = $1 AND user_id = $2) < $7 \
         RETURNING id",
    )
    .bind(owner.team.as_str())
    .bind(owner.user.as_str())
    .bind(entry.minutes)
    .bind(entry.what.as_str())
    .bind(entry.asked_by.as_deref())
    .bind(now.as_second())
    .bind(cap)
    .fetch_optional(db.pool())
    .await?;
    Ok(id.map(|(id,)| id))
}

/// The person's entries logged at or after `from`, oldest first, at most `limit`.
pub async fn since(
    db: &Db,
    owner: Owner<'_>,
    from: Timestamp,
    limit: i64,
) -> Result<Vec<Entry>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM work_log_entries WHERE team_id = $1 AND user_id = $2 \
         AND logged_at >= $3 ORDER BY logged_at, id LIMIT $4"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(owner.team.as_str())
        .bind(owner.user.as_str())
        .bind(from.as_second())
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.into_iter().map(Entry::try_from).collect()
}

/// How many entries the person holds.
pub async fn count(db: &Db, owner: Owner<'_>) -> Result<i64, StoreError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM work_log_entries WHERE team_id = $1 AND user_id = $2")
            .bind(owner.team.as_str())
            .bind(owner.user.as_str())
            .fetch_one(db.pool())
            .await?;
    Ok(n)
}

/// The person's newest entry.
pub async fn latest(db: &Db, owner: Owner<'_>) -> Result<Option<Entry>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM work_log_entries WHERE team_id = $1 AND user_id = $2 \
         ORDER BY id DESC LIMIT 1"
    );
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(owner.team.as_str())
        .bind(owner.user.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(Entry::try_from).transpose()
}

/// Deletes the person's entry `id`; `false` if it is not theirs or already gone.
pub async fn delete(db: &Db, owner: Owner<'_>, id: i64) -> Result<bool, StoreError> {
    let done =
        sqlx::query("DELETE FROM work_log_entries WHERE team_id = $1 AND user_id = $2 AND id = $3")
            .bind(owner.team.as_str())
            .bind(owner.user.as_str())
            .bind(id)
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes every entry of the person up to and including `up_to` (the newest one when they
/// asked to clear, so an entry logged after the question stays); returns how many.
pub async fn clear(db: &Db, owner: Owner<'_>, up_to: i64) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "DELETE FROM work_log_entries WHERE team_id = $1 AND user_id = $2 AND id <= $3",
    )
    .bind(owner.team.as_str())
    .bind(owner.user.as_str())
    .bind(up_to)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Retention: deletes every entry logged before `cutoff`, whoever wrote it.
pub async fn delete_older_than(db: &Db, cutoff: Timestamp) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM work_log_entries WHERE logged_at < $1")
        .bind(cutoff.as_second())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}
