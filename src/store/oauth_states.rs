//! OAuth `state` values: issued by the install page, consumed (once) by the redirect.
//! Callers pass hashes, never the values themselves.

use jiff::Timestamp;
use sqlx::Row;

use super::Db;

/// A state that was consumed: whom it was issued to, and until when it was good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub browser_hash: String,
    pub expires_at: Timestamp,
}

/// Records a new state, clearing out any that have expired.
pub async fn issue(
    db: &Db,
    state_hash: &str,
    browser_hash: &str,
    expires_at: Timestamp,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM oauth_states WHERE expires_at <= $1")
        .bind(now.as_second())
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO oauth_states (state_hash, browser_hash, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(state_hash)
    .bind(browser_hash)
    .bind(expires_at.as_second())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Removes the state and returns what it was issued with; `None` if it is unknown or was
/// already used. Deleting and reading in one statement makes a state usable only once even
/// under concurrent redirects.
pub async fn consume(db: &Db, state_hash: &str) -> Result<Option<Issued>, sqlx::Error> {
    let row = sqlx::query(
        "DELETE FROM oauth_states WHERE state_hash = $1 RETURNING browser_hash, expires_at",
    )
    .bind(state_hash)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let expires: i64 = row.try_get("expires_at")?;
    Ok(Some(Issued {
        browser_hash: row.try_get("browser_hash")?,
        expires_at: Timestamp::from_second(expires).unwrap_or(Timestamp::UNIX_EPOCH),
    }))
}

/// How many states issued are still usable at `now`.
pub async fn pending(db: &Db, now: Timestamp) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM oauth_states WHERE expires_at > $1")
        .bind(now.as_second())
        .fetch_one(db.pool())
        .await?
        .try_get("n")
}
