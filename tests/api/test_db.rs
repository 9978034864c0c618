//! Which database the suite runs on. SQLite by default: a file in each app's temporary folder.
//! With `MOPS_TEST_DATABASE_URL` (an administrator's URL, set by `scripts/with-postgres`), each
//! temporary folder gets its own schema on that PostgreSQL server, named after the folder, so
//! an app restarted on the same folder finds its data and apps on different folders never meet.

use std::hash::{Hash, Hasher};
use std::path::Path;

use sqlx::{Connection, Executor, Row};

/// The administrator's URL of the test PostgreSQL server, when the suite runs on one.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("MOPS_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// The `DATABASE_URL` for the database that belongs to `folder` (created on first use).
pub fn database_url(folder: &Path) -> String {
    let Some(admin) = postgres_admin_url() else {
        return format!("sqlite://{}", folder.join("mops-test.db").display());
    };
    let schema = schema_of(folder);
    let (url, name) = (admin.clone(), schema.clone());
    block_on(async move {
        let mut conn = sqlx::PgConnection::connect(&url)
            .await
            .expect("the test PostgreSQL server answers");
        conn.execute(format!("CREATE SCHEMA IF NOT EXISTS {name}").as_str())
            .await
            .expect("schema created");
    });
    with_search_path(&admin, &schema)
}

/// `admin` with every connection's search path set to `schema`.
pub fn with_search_path(admin: &str, schema: &str) -> String {
    let sep = if admin.contains('?') { '&' } else { '?' };
    format!("{admin}{sep}options=-c%20search_path%3D{schema}")
}

/// The schema that belongs to `folder`.
pub fn schema_of(folder: &Path) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    folder.hash(&mut h);
    format!("t_{:016x}", h.finish())
}

/// Every stored value of `folder`'s database (a SQLite folder's files, or every row of the
/// schema as text), for checks that something is never stored in clear text.
pub fn stored_bytes(folder: &Path) -> Vec<u8> {
    if postgres_admin_url().is_none() {
        let mut all = Vec::new();
        for entry in std::fs::read_dir(folder).expect("db dir") {
            let path = entry.expect("entry").path();
            all.extend(std::fs::read(&path).unwrap_or_default());
        }
        return all;
    }
    let url = database_url(folder);
    block_on(async move {
        let mut conn = sqlx::PgConnection::connect(&url).await.expect("connects");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema()",
        )
        .fetch_all(&mut conn)
        .await
        .expect("tables listed");
        let mut all = Vec::new();
        for table in tables {
            let rows = sqlx::query(&format!("SELECT t::text AS r FROM \"{table}\" t"))
                .fetch_all(&mut conn)
                .await
                .expect("rows read");
            for row in rows {
                all.extend(row.get::<String, _>("r").into_bytes());
            }
        }
        all
    })
}

/// Runs `fut` to completion on a runtime of its own, so sync helpers can be called from
/// inside async tests.
fn block_on<T: Send + 'static>(fut: impl std::future::Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(fut)
    })
    .join()
    .expect("helper thread")
}
