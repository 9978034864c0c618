//! Helpful / not-helpful votes on topics and nudges, and the counts content owners read.

use super::Db;

/// What a vote is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SubjectKind {
    Topic,
    Nudge,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Topic => "topic",
            SubjectKind::Nudge => "nudge",
        }
    }

    fn from_db(raw: &str) -> Option<Self> {
        match raw {
            "topic" => Some(SubjectKind::Topic),
            "nudge" => Some(SubjectKind::Nudge),
            _ => None,
        }
    }
}

/// One person's vote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote<'a> {
    pub team_id: &'a str,
    pub user_id: &'a str,
    pub kind: SubjectKind,
    pub subject_id: &'a str,
    pub helpful: bool,
    pub at: i64,
}

/// The votes one topic or nudge has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub kind: SubjectKind,
    pub subject_id: String,
    pub helpful: i64,
    pub not_helpful: i64,
}

/// Stores a vote, replacing that person's earlier vote on the same subject.
pub(super) const UPSERT: &str = "INSERT INTO feedback (team_id, user_id, subject_kind, subject_id, helpful, voted_at) \
     VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (team_id, user_id, subject_kind, subject_id) \
     DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at";

/// [`UPSERT`] for `rows` votes at once (no two with the same key).
pub(super) fn upsert_many(rows: usize) -> String {
    super::bookkeeping::values(
        "INSERT INTO feedback (team_id, user_id, subject_kind, subject_id, helpful, voted_at)",
        rows,
        6,
        "ON CONFLICT (team_id, user_id, subject_kind, subject_id) \
         DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at",
    )
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds `vote` to [`UPSERT`]'s parameters.
pub(super) fn bind_vote<'q>(query: Query<'q>, vote: &Vote<'q>) -> Query<'q> {
    query
        .bind(vote.team_id)
        .bind(vote.user_id)
        .bind(vote.kind.as_str())
        .bind(vote.subject_id)
        .bind(vote.helpful)
        .bind(vote.at)
}

/// Stores `vote`, replacing that person's earlier vote on the same subject.
pub async fn record(db: &Db, vote: &Vote<'_>) -> Result<(), sqlx::Error> {
    bind_vote(sqlx::query(UPSERT), vote)
        .execute(db.pool())
        .await
        .map(drop)
}

/// Every subject with votes: topics first, then nudges, each by id.
pub async fn tallies(db: &Db) -> Result<Vec<Tally>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT subject_kind, subject_id, \
         SUM(CASE WHEN helpful THEN 1 ELSE 0 END), \
         SUM(CASE WHEN helpful THEN 0 ELSE 1 END) \
         FROM feedback GROUP BY subject_kind, subject_id \
         ORDER BY subject_kind DESC, subject_id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, subject_id, helpful, not_helpful)| {
            Some(Tally {
                kind: SubjectKind::from_db(&kind)?,
                subject_id,
                helpful,
                not_helpful,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn votes_are_one_per_person_and_tallied_per_subject() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = Db::open(&url).await.expect("db opens");
        let vote = |user, kind, subject, helpful| Vote {
            team_id: "T1",
            user_id: user,
            kind,
            subject_id: subject,
            helpful,
            at: 1,
        };
        for v in [
            vote("U1", SubjectKind::Topic, "burnout", false),
            vote("U1", SubjectKind::Topic, "burnout", true),
            vote("U2", SubjectKind::Topic, "burnout", true),
            vote("U3", SubjectKind::Topic, "burnout", false),
            vote("U1", SubjectKind::Nudge, "log-invisible-work", true),
            vote("U1", SubjectKind::Topic, "metrics", false),
        ] {
            record(&db, &v).await.expect("stored");
        }
        let t = tallies(&db).await.expect("tallied");
        let shown: Vec<(SubjectKind, &str, i64, i64)> = t
            .iter()
            .map(|t| (t.kind, t.subject_id.as_str(), t.helpful, t.not_helpful))
            .collect();
        assert_eq!(
            shown,
            vec![
                (SubjectKind::Topic, "burnout", 2, 1),
                (SubjectKind::Topic, "metrics", 0, 1),
                (SubjectKind::Nudge, "log-invisible-work", 1, 0),
            ]
        );
    }
}
