//! The topics each person has been answered on, newest first, for their Home tab.

use super::Db;

/// Notes a topic answered, keeping only the latest time per person and topic.
pub(super) const UPSERT: &str = "INSERT INTO answered_topics (team_id, user_id, topic, answered_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (team_id, user_id, topic) DO UPDATE SET answered_at = excluded.answered_at";

/// [`UPSERT`] for `rows` rows at once (no two with the same key).
pub(super) fn upsert_many(rows: usize) -> String {
    super::bookkeeping::values(
        "INSERT INTO answered_topics (team_id, user_id, topic, answered_at)",
        rows,
        4,
        "ON CONFLICT (team_id, user_id, topic) DO UPDATE SET answered_at = excluded.answered_at",
    )
}

/// Notes that `user` in `team` was answered on `topic` at `at` (unix seconds).
pub async fn remember(
    db: &Db,
    team_id: &str,
    user_id: &str,
    topic: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(UPSERT)
        .bind(team_id)
        .bind(user_id)
        .bind(topic)
        .bind(at)
        .execute(db.pool())
        .await
        .map(drop)
}

/// The `limit` topics `user` was most recently answered on, newest first.
pub async fn recent(
    db: &Db,
    team_id: &str,
    user_id: &str,
    limit: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT topic FROM answered_topics WHERE team_id = $1 AND user_id = $2 \
         ORDER BY answered_at DESC, topic LIMIT $3",
    )
    .bind(team_id)
    .bind(user_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn recent_topics_are_newest_first_without_repeats() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::open(&url).await.expect("db opens");
        for (topic, at) in [("burnout", 1), ("metrics", 2), ("role", 3), ("burnout", 4)] {
            remember(&db, "T1", "U1", topic, at).await.expect("stored");
        }
        remember(&db, "T1", "U2", "strategic", 9)
            .await
            .expect("stored");
        assert_eq!(
            recent(&db, "T1", "U1", 2).await.expect("read"),
            vec!["burnout", "role"]
        );
        assert_eq!(recent(&db, "T1", "U1", 10).await.expect("read").len(), 3);
        assert!(recent(&db, "T2", "U1", 10).await.expect("read").is_empty());
    }
}
