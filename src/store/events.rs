//! The record of Events API deliveries already accepted, keyed by Slack's `event_id`.

use super::Db;

/// Records `event_id` as accepted unless a live record exists. `true` means this call claimed
/// it and the event should be handled; `false` means it was already handled (a retry).
///
/// One statement, so two copies arriving together (or on two replicas) cannot both win. An
/// expired record is claimed afresh; expired records are pruned on the way.
pub async fn claim(
    db: &Db,
    event_id: &str,
    team_id: &str,
    now: i64,
    keep_for_secs: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM slack_events WHERE expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    let done = sqlx::query(
        "INSERT INTO slack_events (event_id, team_id, received_at, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (event_id) DO UPDATE SET team_id = excluded.team_id, \
         received_at = excluded.received_at, expires_at = excluded.expires_at \
         WHERE slack_events.expires_at <= excluded.received_at",
    )
    .bind(event_id)
    .bind(team_id)
    .bind(now)
    .bind(now.saturating_add(keep_for_secs))
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many delivery records are kept (for tests and operators).
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM slack_events")
        .fetch_one(db.pool())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::open(&url).await.expect("db opens");
        (dir, db)
    }

    #[tokio::test]
    async fn an_event_is_claimed_once_until_its_record_expires() {
        let (_dir, db) = db().await;
        assert!(claim(&db, "Ev1", "T1", 1000, 60).await.unwrap());
        assert!(!claim(&db, "Ev1", "T1", 1001, 60).await.unwrap());
        assert!(claim(&db, "Ev2", "T1", 1001, 60).await.unwrap());
        assert!(!claim(&db, "Ev1", "T1", 1059, 60).await.unwrap());
        // After expiry the old record is pruned and the id can be claimed again.
        assert!(claim(&db, "Ev1", "T1", 1060, 60).await.unwrap());
        assert_eq!(count(&db).await.unwrap(), 2);
        assert!(claim(&db, "Ev3", "T1", 5000, 60).await.unwrap());
        assert_eq!(count(&db).await.unwrap(), 1, "expired records are pruned");
    }

    #[tokio::test]
    async fn concurrent_claims_let_exactly_one_win() {
        let (_dir, db) = db().await;
        let tries = (0..8).map(|_| claim(&db, "EvSame", "T1", 1000, 60));
        let results = futures_util::future::join_all(tries).await;
        let wins = results.into_iter().filter(|r| *r.as_ref().unwrap()).count();
        assert_eq!(wins, 1);
    }
}
