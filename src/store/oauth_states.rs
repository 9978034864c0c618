//! OAuth `state` values already redeemed. States are signed, not stored, when the install page
//! hands them out; a row here only records that one was used, until it would have expired
//! anyway. Callers pass hashes, never the values themselves.

use jiff::Timestamp;

use super::Db;

/// Records the state as redeemed by the browser; `true` the first time, `false` if it was
/// already redeemed (a replay). One statement, so two redirects racing cannot both win.
/// Records past their expiry are cleared out on the way.
pub async fn redeem(
    db: &Db,
    state_hash: &str,
    browser_hash: &str,
    expires_at: Timestamp,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM oauth_states WHERE expires_at <= $1")
        .bind(now.as_second())
        .execute(db.pool())
        .await?;
    let done = sqlx::query(
        "INSERT INTO oauth_states (state_hash, browser_hash, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (state_hash) DO NOTHING",
    )
    .bind(state_hash)
    .bind(browser_hash)
    .bind(expires_at.as_second())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many redeemed states are remembered (for tests and operators).
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM oauth_states")
        .fetch_one(db.pool())
        .await
}
