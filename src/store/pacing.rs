//! Per-workspace pacing of nudges shared by every scheduler in every replica: each message to
//! a workspace reserves the next free sending instant in one statement, so N schedulers
//! together keep to the workspace's rate as one would. Instants are unix milliseconds.

use super::Db;

/// Reserves `team`'s next sending instant at or after `now_ms` (and after any 429 pause) and
/// moves the next free one `interval_ms` further; returns the reserved instant.
pub async fn reserve(
    db: &Db,
    team: &str,
    now_ms: i64,
    interval_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO nudge_pacing (team_id, next_free_ms, blocked_until_ms) \
         VALUES ($1, $2 + $3, 0) \
         ON CONFLICT (team_id) DO UPDATE SET next_free_ms = \
             (CASE WHEN nudge_pacing.next_free_ms >= nudge_pacing.blocked_until_ms \
                    AND nudge_pacing.next_free_ms > $2 THEN nudge_pacing.next_free_ms \
                   WHEN nudge_pacing.blocked_until_ms > $2 THEN nudge_pacing.blocked_until_ms \
                   ELSE $2 END) + $3 \
         RETURNING next_free_ms - $3",
    )
    .bind(team)
    .bind(now_ms)
    .bind(interval_ms)
    .fetch_one(db.pool())
    .await
}

/// Slack answered 429 for `team`: nothing goes to it before `until_ms`.
pub async fn block(db: &Db, team: &str, until_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO nudge_pacing (team_id, next_free_ms, blocked_until_ms) VALUES ($1, 0, $2) \
         ON CONFLICT (team_id) DO UPDATE SET blocked_until_ms = \
             CASE WHEN nudge_pacing.blocked_until_ms > $2 THEN nudge_pacing.blocked_until_ms \
                  ELSE $2 END",
    )
    .bind(team)
    .bind(until_ms)
    .execute(db.pool())
    .await
    .map(drop)
}

/// The end of `team`'s 429 pause (0 when there is none).
pub async fn blocked_until(db: &Db, team: &str) -> Result<i64, sqlx::Error> {
    let until: Option<i64> =
        sqlx::query_scalar("SELECT blocked_until_ms FROM nudge_pacing WHERE team_id = $1")
            .bind(team)
            .fetch_optional(db.pool())
            .await?;
    Ok(until.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reservations_are_spaced_per_workspace_and_wait_out_a_pause() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::open(&url).await.expect("db opens");
        let slots = [
            reserve(&db, "T1", 1_000, 250).await.unwrap(),
            reserve(&db, "T1", 1_000, 250).await.unwrap(),
            reserve(&db, "T1", 1_010, 250).await.unwrap(),
            reserve(&db, "T2", 1_010, 250).await.unwrap(),
        ];
        assert_eq!(slots, [1_000, 1_250, 1_500, 1_010]);
        // Idle for a while: the next slot is now, not a backlog.
        assert_eq!(reserve(&db, "T1", 9_000, 250).await.unwrap(), 9_000);
        block(&db, "T1", 20_000).await.unwrap();
        block(&db, "T1", 15_000).await.unwrap();
        assert_eq!(blocked_until(&db, "T1").await.unwrap(), 20_000);
        assert_eq!(reserve(&db, "T1", 9_100, 250).await.unwrap(), 20_000);
        assert_eq!(reserve(&db, "T1", 9_100, 250).await.unwrap(), 20_250);
        assert_eq!(blocked_until(&db, "T3").await.unwrap(), 0);
    }
}
