//! Bookkeeping rows (topics answered, feedback votes, unanswered questions) written many at a time, one
//! transaction per batch, so a burst of replies costs the database a few commits, not one each.

use super::Db;
use super::feedback::{self, Vote};
use super::history;
use super::unmatched;

/// A topic someone was answered on, as stored for their Home tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub team_id: String,
    pub user_id: String,
    pub topic: String,
    pub at: i64,
}

/// Writes every row in one transaction: all of them are stored, or none.
pub async fn write_batch(
    db: &Db,
    answered: &[Answered],
    votes: &[Vote<'_>],
    unmatched: &[(String, i64)],
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    for a in answered {
        sqlx::query(history::UPSERT)
            .bind(&a.team_id)
            .bind(&a.user_id)
            .bind(&a.topic)
            .bind(a.at)
            .execute(&mut *tx)
            .await?;
    }
    for vote in votes {
        feedback::bind_vote(sqlx::query(feedback::UPSERT), vote)
            .execute(&mut *tx)
            .await?;
    }
    for (question, at) in unmatched {
        // A full table stores nothing more until retention frees room (see `unmatched`).
        sqlx::query(unmatched::INSERT)
            .bind(question)
            .bind(at)
            .bind(unmatched::MAX_ROWS)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
