//! Changes to one subscription's state after it is set up: off, paused, stopped because Slack
//! refused it (one channel or a whole workspace), and the last problem shown by `status`.

use jiff::Timestamp;

use crate::ids::TeamId;
use crate::store::{Db, StoreError};

/// Turns the subscription off at a person's request.
pub async fn turn_off(db: &Db, id: i64, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query("UPDATE nudge_subscriptions SET status = 'off', updated_at = $1 WHERE id = $2")
        .bind(now.as_second())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Skips slots before `until` (`None` resumes).
pub async fn set_paused(
    db: &Db,
    id: i64,
    until: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE nudge_subscriptions SET paused_until = $1, updated_at = $2 WHERE id = $3")
        .bind(until.map(|t| t.as_second()))
        .bind(now.as_second())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Stops deliveries because of `reason` (a Slack error code), kept for `status`.
pub async fn deactivate(db: &Db, id: i64, reason: &str, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE nudge_subscriptions SET status = 'inactive', inactive_reason = $1, \
             inactive_at = $2, updated_at = $2 WHERE id = $3 AND status = 'active'",
    )
    .bind(reason)
    .bind(now.as_second())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Stops every active subscription of `team` (the app was uninstalled or its token revoked);
/// returns how many stopped.
pub async fn deactivate_team(
    db: &Db,
    team: &TeamId,
    reason: &str,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE nudge_subscriptions SET status = 'inactive', inactive_reason = $1, \
             inactive_at = $2, updated_at = $2 WHERE team_id = $3 AND status = 'active'",
    )
    .bind(reason)
    .bind(now.as_second())
    .bind(team.as_str())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Records the latest problem for `status` (`None` clears it).
pub async fn note_error(
    db: &Db,
    id: i64,
    error: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE nudge_subscriptions SET last_error = $1, last_error_at = $2 WHERE id = $3")
        .bind(error)
        .bind(error.map(|_| now.as_second()))
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
