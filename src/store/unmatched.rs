//! Questions the bot was not sure about, for content owners (`MOPS_RECORD_UNMATCHED`): only
//! the text and when it was asked, never who asked or in which workspace. Retention deletes
//! rows older than [`RETENTION_DAYS`]; the table never holds more than [`MAX_ROWS`].

use jiff::Timestamp;

use super::subscriptions::instant;
use super::{Db, StoreError};

/// How long a question is kept.
pub const RETENTION_DAYS: i64 = 30;
/// The most questions kept at once: past it, new ones are not stored until retention frees room.
pub const MAX_ROWS: i64 = 10_000;
/// The most characters of one question kept: enough to see what was asked.
pub const MAX_CHARS: usize = 500;

/// SQL that stores one question, unless the table is full.
pub(super) const INSERT: &str = "INSERT INTO unmatched_questions (question, asked_at) \
     SELECT $1, $2 WHERE (SELECT COUNT(*) FROM unmatched_questions) < $3";

/// `question` as stored: trimmed and cut to [`MAX_CHARS`].
pub fn clip(question: &str) -> String {
    question.trim().chars().take(MAX_CHARS).collect()
}

/// One question as the report lists it: how often it was asked and when last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub question: String,
    pub times: i64,
    pub last: Timestamp,
}

/// The questions kept, most often asked first (then most recently asked), at most `limit`.
pub async fn list(db: &Db, limit: i64) -> Result<Vec<Asked>, StoreError> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT question, COUNT(*), MAX(asked_at) FROM unmatched_questions GROUP BY question \
         ORDER BY COUNT(*) DESC, MAX(asked_at) DESC, question LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|(question, times, last)| {
            Ok(Asked {
                question,
                times,
                last: instant(last)?,
            })
        })
        .collect()
}

/// Retention: deletes every question asked before `cutoff`; returns how many.
pub async fn delete_older_than(db: &Db, cutoff: Timestamp) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM unmatched_questions WHERE asked_at < $1")
        .bind(cutoff.as_second())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_trimmed_and_cut_on_a_character_boundary() {
        assert_eq!(clip("  lasagna?  "), "lasagna?");
        let long = "é".repeat(MAX_CHARS + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CHARS);
    }
}
