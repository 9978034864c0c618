//! Short leases held through the database: whoever holds `name` does the work it stands for
//! (refreshing one workspace's token), so two replicas never do it at once. A lease ends when
//! its holder releases it, or at `expires_at` if the holder died.

use super::Db;

/// Takes `name` for `holder` until `until` (unix seconds) unless someone else holds it past
/// `now`; `true` when taken. One statement, so two replicas cannot both win.
pub async fn acquire(
    db: &Db,
    name: &str,
    holder: &str,
    now: i64,
    until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
         expires_at = excluded.expires_at WHERE leases.expires_at <= $4",
    )
    .bind(name)
    .bind(holder)
    .bind(until)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives `name` up, if `holder` still holds it.
pub async fn release(db: &Db, name: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .execute(db.pool())
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lease_has_one_holder_until_released_or_expired() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::open(&url).await.expect("db opens");
        assert!(acquire(&db, "job", "a", 100, 130).await.unwrap());
        assert!(!acquire(&db, "job", "b", 101, 131).await.unwrap());
        assert!(acquire(&db, "other", "b", 101, 131).await.unwrap());
        release(&db, "job", "b").await.unwrap();
        assert!(
            !acquire(&db, "job", "b", 102, 132).await.unwrap(),
            "not b's"
        );
        release(&db, "job", "a").await.unwrap();
        assert!(acquire(&db, "job", "b", 102, 132).await.unwrap());
        assert!(acquire(&db, "job", "c", 132, 160).await.unwrap(), "expired");
    }
}
