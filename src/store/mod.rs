//! Every SQL query the bot runs lives under this module, and only this module knows which
//! database it talks to: SQLite by default (a file created on first run) or PostgreSQL for
//! several replicas. Queries go through sqlx's `Any` driver with `$n` placeholders and SQL
//! both databases accept, so each is written once. Each backend has its own migrations
//! (`migrations/sqlite`, `migrations/postgres`), embedded in the binary and applied at start-up.

pub mod agent_context;
pub mod bookkeeping;
pub mod copy;
pub mod events;
pub mod feedback;
pub mod history;
pub mod installations;
pub mod oauth_states;
pub mod pacing;

use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

pub mod ledger;
pub mod refresh;
pub mod rekey;
pub mod subscriptions;
pub mod unmatched;
pub mod unsettled;
pub mod worklog;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "DATABASE_URL: {0}; expected sqlite://mops-bot.db or postgres://user:password@host/database"
    )]
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

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names; the error names only the scheme, never the rest
    /// (it may hold a password).
    pub fn of_url(url: &str) -> Result<Self, OpenError> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => Ok(Backend::Sqlite),
            Some("postgres" | "postgresql") => Ok(Backend::Postgres),
            Some(other) => Err(OpenError::BadUrl(format!("unsupported scheme {other:?}"))),
            None => Err(OpenError::BadUrl("not a URL".to_owned())),
        }
    }
}

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// How many connections one process opens at most.
const MAX_CONNECTIONS: u32 = 8;

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Opens (creating if needed) the database at `url` and brings its schema up to date.
    /// On PostgreSQL, migrations run under an advisory lock, so replicas starting together
    /// on an empty database wait for each other and all come up.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = Backend::of_url(url)?;
        if backend == Backend::Sqlite {
            busy_retry(|| prepare_sqlite(url)).await?;
        }
        let options =
            AnyConnectOptions::from_str(url).map_err(|e| OpenError::BadUrl(e.to_string()))?;
        let pool = busy_retry(|| connect(backend, options.clone())).await?;
        match backend {
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await,
            Backend::Sqlite => migrate_sqlite(&pool).await,
        }
        .map_err(OpenError::Migrate)?;
        Ok(Self { pool, backend })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
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

/// The connection pool, each connection set up as it opens.
async fn connect(backend: Backend, options: AnyConnectOptions) -> Result<AnyPool, OpenError> {
    AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // Several processes (serve and a cron run-due) may share the file.
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(OpenError::Connect)
}

/// SQLite answers "database is locked" at once, busy timeout or not, when several processes
/// create or switch the same new file to WAL together (replicas or a cron run starting beside
/// `serve`); trying again a little later finds the file ready.
async fn busy_retry<T, F, Fut>(mut step: F) -> Result<T, OpenError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, OpenError>>,
{
    let mut attempt = 1;
    loop {
        match step().await {
            Err(OpenError::Connect(sqlx::Error::Database(e)))
                if attempt < 6 && e.code().as_deref() == Some("5") =>
            {
                tokio::time::sleep(Duration::from_millis(20 * attempt)).await;
                attempt += 1;
            }
            done => return done,
        }
    }
}

/// SQLite has no lock for the migrator to take, so two processes opening a new file at once
/// (serve and a cron `run-due`) can race to apply the same migration; the loser's transaction
/// rolls back. Trying again then finds it applied, so a few attempts settle every race, and a
/// migration that is broken still fails on the last one.
async fn migrate_sqlite(pool: &AnyPool) -> Result<(), sqlx::migrate::MigrateError> {
    let mut attempt = 1;
    loop {
        match SQLITE_MIGRATIONS.run(pool).await {
            Err(
                sqlx::migrate::MigrateError::Execute(_)
                | sqlx::migrate::MigrateError::ExecuteMigration(..),
            ) if attempt < 5 => {
                tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                attempt += 1;
            }
            done => return done,
        }
    }
}

/// Creates the SQLite file (and its folder) if missing and switches it to WAL, which is a
/// property of the file; the per-connection settings are made as each connection opens.
async fn prepare_sqlite(url: &str) -> Result<(), OpenError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| OpenError::BadUrl(e.to_string()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10));
    if let Some(parent) = options.get_filename().parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| OpenError::Connect(sqlx::Error::Io(e)))?;
        }
    }
    let conn = options.connect().await.map_err(OpenError::Connect)?;
    conn.close().await.map_err(OpenError::Connect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted_and_errors_hide_the_rest() {
        assert_eq!(Backend::of_url("sqlite://a.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u:p@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::of_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
        let err = Backend::of_url("mysql://root:hunter2@db/x")
            .expect_err("refused")
            .to_string();
        assert!(err.contains("\"mysql\""), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        assert!(!err.contains('\n'));
        assert!(Backend::of_url("mops.db").is_err());
    }
}
