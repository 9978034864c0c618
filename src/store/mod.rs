//! Every SQL query the bot runs lives under this module. The database is SQLite by default
//! (a file created on first run); migrations are embedded in the binary and run at start-up.

pub mod events;
pub mod feedback;
pub mod history;
pub mod installations;
pub mod oauth_states;

use std::str::FromStr;
use std::time::Duration;

pub mod ledger;
pub mod subscriptions;
pub mod unsettled;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL: {0}; expected something like sqlite://mops-bot.db")]
    BadUrl(String),
    #[error("could not open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not apply database migrations: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// A query that failed, or a stored value this version cannot read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("unexpected value in the database: {0}")]
    Corrupt(String),
}

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        if !url.starts_with("sqlite:") {
            return Err(OpenError::BadUrl(format!(
                "only sqlite: URLs are supported, got {:?}",
                scheme_of(url)
            )));
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| OpenError::BadUrl(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Several processes (serve and a cron run-due) may share the file.
            .busy_timeout(Duration::from_secs(10));
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| OpenError::Connect(sqlx::Error::Io(e)))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(OpenError::Connect)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(OpenError::Migrate)?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Whether the database answers a trivial query now (for readiness).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection; later queries fail (shutdown, and tests of an unavailable
    /// database).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn scheme_of(url: &str) -> &str {
    url.split_once(':').map_or(url, |(s, _)| s)
}
