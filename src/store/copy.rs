//! `mops-bot db copy`: every row of one database into another, empty one, in one transaction
//! (SQLite to PostgreSQL when moving to several replicas, or back). Tables are listed here
//! with their columns, parents before children; a source holding a table this list does not
//! know is refused rather than copied in part.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Backend, Db, StoreError};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Text,
    Bool,
}

use Kind::{Bool, Int, Text};

/// Every table, parents first, with each column's kind.
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    (
        "nudge_subscriptions",
        &[
            ("id", Int),
            ("team_id", Text),
            ("channel_id", Text),
            ("weekday", Int),
            ("minute_of_day", Int),
            ("time_zone", Text),
            ("status", Text),
            ("inactive_reason", Text),
            ("inactive_at", Int),
            ("paused_until", Int),
            ("next_slot", Int),
            ("last_error", Text),
            ("last_error_at", Int),
            ("created_by", Text),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    ),
    (
        "nudge_deliveries",
        &[
            ("id", Int),
            ("subscription_id", Int),
            ("week", Text),
            ("slot_at", Int),
            ("nudge_id", Text),
            ("cycle", Int),
            ("state", Text),
            ("claimed_by", Text),
            ("claimed_at", Int),
            ("lease_until", Int),
            ("attempts", Int),
            ("message_ts", Text),
            ("error", Text),
            ("finished_at", Int),
            ("settle_after", Int),
        ],
    ),
    (
        "slack_events",
        &[
            ("event_id", Text),
            ("team_id", Text),
            ("received_at", Int),
            ("expires_at", Int),
        ],
    ),
    (
        "feedback",
        &[
            ("team_id", Text),
            ("user_id", Text),
            ("subject_kind", Text),
            ("subject_id", Text),
            ("helpful", Bool),
            ("voted_at", Int),
        ],
    ),
    (
        "answered_topics",
        &[
            ("team_id", Text),
            ("user_id", Text),
            ("topic", Text),
            ("answered_at", Int),
        ],
    ),
    (
        "installations",
        &[
            ("install_key", Text),
            ("team_id", Text),
            ("team_name", Text),
            ("enterprise_id", Text),
            ("is_enterprise_install", Int),
            ("app_id", Text),
            ("bot_user_id", Text),
            ("installed_by", Text),
            ("scope", Text),
            ("bot_token_sealed", Text),
            ("refresh_token_sealed", Text),
            ("expires_at", Int),
            ("installed_at", Int),
            ("updated_at", Int),
            ("token_version", Int),
            ("refresh_owner", Text),
            ("refresh_until", Int),
        ],
    ),
    (
        "installation_teams",
        &[("team_id", Text), ("install_key", Text)],
    ),
    (
        "work_log_entries",
        &[
            ("id", Int),
            ("team_id", Text),
            ("user_id", Text),
            ("minutes", Int),
            ("what", Text),
            ("asked_by", Text),
            ("logged_at", Int),
        ],
    ),
    (
        "unmatched_questions",
        &[("id", Int), ("question", Text), ("asked_at", Int)],
    ),
    (
        "oauth_states",
        &[
            ("state_hash", Text),
            ("browser_hash", Text),
            ("expires_at", Int),
        ],
    ),
    (
        "agent_contexts",
        &[
            ("team_id", Text),
            ("user_id", Text),
            ("channel_id", Text),
            ("expires_at", Int),
        ],
    ),
];

/// Tables not copied: the schema's own (filled by the migrations) and short-lived
/// coordination between replicas (pacing), which starts afresh.
const OWN: &[&str] = &["_sqlx_migrations", "schema_info", "nudge_pacing"];

/// Why a copy did not happen.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the target database already holds data (table {0}); copy only into a new database")]
    TargetNotEmpty(String),
    #[error("the source has a table this version does not know ({0}); upgrade mops-bot first")]
    UnknownTable(String),
    #[error("the source has a column this version does not know ({0}); upgrade mops-bot first")]
    UnknownColumn(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CopyError {
    fn from(e: sqlx::Error) -> Self {
        CopyError::Store(StoreError::Query(e))
    }
}

/// Copies every row of `from` into `to` (which must be empty); returns rows copied per table.
pub async fn copy(from: &Db, to: &Db) -> Result<Vec<(&'static str, u64)>, CopyError> {
    for table in tables(from).await? {
        if OWN.contains(&table.as_str()) {
            continue;
        }
        let Some((_, known)) = TABLES.iter().find(|(t, _)| *t == table) else {
            return Err(CopyError::UnknownTable(table));
        };
        for column in columns(from, &table).await? {
            if !known.iter().any(|(c, _)| *c == column) {
                return Err(CopyError::UnknownColumn(format!("{table}.{column}")));
            }
        }
    }
    for (table, _) in TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(to.pool())
            .await?;
        if n > 0 {
            return Err(CopyError::TargetNotEmpty((*table).to_owned()));
        }
    }
    let mut tx = to.pool().begin().await?;
    let mut copied = Vec::with_capacity(TABLES.len());
    for (table, columns) in TABLES {
        let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
        // Booleans are read as 0/1: the `Any` driver cannot read SQLite's BOOLEAN columns.
        let reads: Vec<String> = columns
            .iter()
            .map(|(c, kind)| match kind {
                Bool => format!("CASE WHEN {c} THEN 1 ELSE 0 END AS {c}"),
                _ => (*c).to_owned(),
            })
            .collect();
        let select = format!("SELECT {} FROM {table} ORDER BY 1", reads.join(", "));
        let params: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            params.join(", ")
        );
        let rows = sqlx::query(&select).fetch_all(from.pool()).await?;
        for row in &rows {
            bind_row(sqlx::query(&insert), row, columns)?
                .execute(&mut *tx)
                .await?;
        }
        if to.backend() == Backend::Postgres && names.first() == Some(&"id") {
            // Rows came with their ids; new rows must be numbered after them.
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(&mut *tx)
            .await?;
        }
        copied.push((*table, rows.len() as u64));
    }
    tx.commit().await?;
    Ok(copied)
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

fn bind_row<'q>(
    mut query: Query<'q>,
    row: &AnyRow,
    columns: &[(&str, Kind)],
) -> Result<Query<'q>, sqlx::Error> {
    for (i, (_, kind)) in columns.iter().enumerate() {
        query = match kind {
            Int => query.bind(row.try_get::<Option<i64>, _>(i)?),
            Text => query.bind(row.try_get::<Option<String>, _>(i)?),
            Bool => query.bind(row.try_get::<Option<i64>, _>(i)?.map(|v| v != 0)),
        };
    }
    Ok(query)
}

/// The tables in `db`'s schema.
async fn tables(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    sqlx::query_scalar(sql).fetch_all(db.pool()).await
}

/// The columns of `table` in `db`.
async fn columns(db: &Db, table: &str) -> Result<Vec<String>, sqlx::Error> {
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT name FROM pragma_table_info($1)",
        Backend::Postgres => {
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    sqlx::query_scalar(sql)
        .bind(table)
        .fetch_all(db.pool())
        .await
}

#[cfg(test)]
mod tests;
