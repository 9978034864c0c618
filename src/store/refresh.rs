//! Token rotation across processes: one refresh per installation at a time, whichever
//! process (or replica) wants it. A refresher first takes a short lease on the row, guarded
//! by the row's token version; the new pair is stored only if the version is still the one
//! the refresh started from (compare-and-swap), and storing it bumps the version.

use jiff::Timestamp;

use super::Db;
use super::installations::{Error, Rotated, context};
use crate::crypto::Cipher;
use crate::ids::TeamId;

/// Takes the refresh lease on `key` while its tokens are still at `version` and nobody
/// else holds a live lease; `false` otherwise.
pub async fn claim(
    db: &Db,
    key: &TeamId,
    version: i64,
    owner: &str,
    now: Timestamp,
    until: Timestamp,
) -> Result<bool, Error> {
    let done = sqlx::query(
        "UPDATE installations SET refresh_owner = $1, refresh_until = $2 \
         WHERE install_key = $3 AND token_version = $4 \
             AND (refresh_until IS NULL OR refresh_until < $5)",
    )
    .bind(owner)
    .bind(until.as_second())
    .bind(key.as_str())
    .bind(version)
    .bind(now.as_second())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores a rotated pair if the tokens are still at `version` (then at `version + 1`), and
/// lets the lease go; `false` when they changed meanwhile (a reinstall, another refresh).
pub async fn store(
    db: &Db,
    cipher: &Cipher,
    key: &TeamId,
    version: i64,
    rotated: &Rotated,
    now: Timestamp,
) -> Result<bool, Error> {
    let bot = cipher.seal(rotated.bot_token.expose(), &context(key, "bot"));
    let refresh = rotated
        .refresh_token
        .as_ref()
        .map(|t| cipher.seal(t.expose(), &context(key, "refresh")));
    let done = sqlx::query(
        "UPDATE installations SET bot_token_sealed = $1, \
             refresh_token_sealed = COALESCE($2, refresh_token_sealed), expires_at = $3, \
             updated_at = $4, token_version = token_version + 1, refresh_owner = NULL, \
             refresh_until = NULL \
         WHERE install_key = $5 AND token_version = $6",
    )
    .bind(bot)
    .bind(refresh)
    .bind(rotated.expires_at.map(Timestamp::as_second))
    .bind(now.as_second())
    .bind(key.as_str())
    .bind(version)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Lets go of `owner`'s refresh lease on `key` (the refresh failed).
pub async fn release(db: &Db, key: &TeamId, owner: &str) -> Result<(), Error> {
    sqlx::query(
        "UPDATE installations SET refresh_owner = NULL, refresh_until = NULL \
         WHERE install_key = $1 AND refresh_owner = $2",
    )
    .bind(key.as_str())
    .bind(owner)
    .execute(db.pool())
    .await?;
    Ok(())
}
