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

/// Rows per statement: a few hundred parameters, far below either database's limit.
const ROWS_PER_STATEMENT: usize = 64;

/// Writes every row in one transaction: all of them are stored, or none. Rows for the same key
/// (one person and topic, one person's vote on one subject) collapse to the last one first, as
/// the one-by-one upserts would have left them; the rest go in multi-row statements, so a
/// batch costs the database a handful of round trips however many replies it covers.
pub async fn write_batch(
    db: &Db,
    answered: &[Answered],
    votes: &[Vote<'_>],
    unmatched: &[(String, i64)],
) -> Result<(), sqlx::Error> {
    let answered = latest_by(answered, |a| (&a.team_id, &a.user_id, &a.topic), |a| a.at);
    let votes = last_by(votes, |v| {
        (v.team_id, v.user_id, v.kind.as_str(), v.subject_id)
    });
    let mut tx = db.pool().begin().await?;
    for chunk in answered.chunks(ROWS_PER_STATEMENT) {
        let sql = history::upsert_many(chunk.len());
        let mut query = sqlx::query(&sql);
        for a in chunk {
            query = query
                .bind(&a.team_id)
                .bind(&a.user_id)
                .bind(&a.topic)
                .bind(a.at);
        }
        query.execute(&mut *tx).await?;
    }
    for chunk in votes.chunks(ROWS_PER_STATEMENT) {
        let sql = feedback::upsert_many(chunk.len());
        let mut query = sqlx::query(&sql);
        for vote in chunk {
            query = feedback::bind_vote(query, vote);
        }
        query.execute(&mut *tx).await?;
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

/// One row per key: the one with the greatest `at` (the first of equals).
fn latest_by<'r, T, K: Eq + std::hash::Hash>(
    rows: &'r [T],
    key: impl Fn(&'r T) -> K,
    at: impl Fn(&T) -> i64,
) -> Vec<&'r T> {
    let mut best: std::collections::HashMap<K, &'r T> = std::collections::HashMap::new();
    for row in rows {
        let slot = best.entry(key(row)).or_insert(row);
        if at(row) > at(slot) {
            *slot = row;
        }
    }
    best.into_values().collect()
}

/// One row per key: the last one given.
fn last_by<'r, T, K: Eq + std::hash::Hash>(rows: &'r [T], key: impl Fn(&'r T) -> K) -> Vec<&'r T> {
    let mut last: std::collections::HashMap<K, &'r T> = std::collections::HashMap::new();
    for row in rows {
        last.insert(key(row), row);
    }
    last.into_values().collect()
}

/// `INSERT … VALUES ($1, …, $width), …` for `rows` rows of `width` columns, as both databases
/// read numbered placeholders.
pub(super) fn values(head: &str, rows: usize, width: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * width * 5);
    sql.push_str(head);
    for row in 0..rows {
        sql.push_str(if row == 0 { " VALUES (" } else { ", (" });
        for col in 0..width {
            if col > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(row * width + col + 1).to_string());
        }
        sql.push(')');
    }
    sql.push(' ');
    sql.push_str(tail);
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_numbers_every_placeholder_once() {
        assert_eq!(
            values("INSERT INTO t (a, b)", 2, 2, "ON CONFLICT DO NOTHING"),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
    }

    #[test]
    fn the_latest_row_per_key_wins() {
        let rows = [("a", 1), ("b", 5), ("a", 3), ("a", 2)];
        let mut kept = latest_by(&rows, |r| r.0, |r| r.1);
        kept.sort();
        assert_eq!(kept, [&("a", 3), &("b", 5)]);
        let mut last = last_by(&rows, |r| r.0);
        last.sort();
        assert_eq!(last, [&("a", 2), &("b", 5)]);
    }
}
