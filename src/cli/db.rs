//! `mops-bot db copy --from <url> --to <url>`: moves every row to a new database, e.g. from
//! the SQLite file to PostgreSQL before running several replicas.

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;

use crate::store::{Db, copy};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy every row into a new, empty database (its schema is created first). Stop the bot
    /// while copying; then point DATABASE_URL at the new database.
    Copy {
        /// The database to read, e.g. sqlite://mops-bot.db.
        #[arg(long)]
        from: String,
        /// The new database, e.g. postgres://mops@db.internal/mops.
        #[arg(long)]
        to: String,
    },
}

pub fn run(command: DbCommand) -> anyhow::Result<ExitCode> {
    let DbCommand::Copy { from, to } = command;
    let runtime = tokio::runtime::Runtime::new()?;
    let copied = runtime.block_on(async {
        let source = Db::open(&from)
            .await
            .map_err(|e| anyhow::anyhow!("--from: {e}"))?;
        let target = Db::open(&to)
            .await
            .map_err(|e| anyhow::anyhow!("--to: {e}"))?;
        let copied = copy::copy(&source, &target).await;
        source.close().await;
        target.close().await;
        anyhow::Ok(copied?)
    })?;
    let mut out = std::io::stdout().lock();
    let total: u64 = copied.iter().map(|(_, n)| n).sum();
    for (table, n) in &copied {
        writeln!(out, "{table:<24} {n:>8}")?;
    }
    writeln!(out, "copied {total} rows")?;
    Ok(ExitCode::SUCCESS)
}
