//! `mops-bot keys rotate`: after `MOPS_ENCRYPTION_KEY` is set to a new key and
//! `MOPS_ENCRYPTION_KEY_OLD` to the previous one, re-seals every stored secret under the new
//! key, so the old key can then be dropped. Safe to run again, and beside a running bot.

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;

use crate::config::Config;
use crate::store::{Db, rekey};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Re-seal every stored token with MOPS_ENCRYPTION_KEY, reading old ones with
    /// MOPS_ENCRYPTION_KEY_OLD (reads DATABASE_URL). All or nothing; running it again is harmless.
    Rotate,
}

pub fn run(command: KeysCommand) -> anyhow::Result<ExitCode> {
    let KeysCommand::Rotate = command;
    let config = Config::from_env()?;
    let Some(keys) = config.encryption_keys else {
        anyhow::bail!(
            "MOPS_ENCRYPTION_KEY: not set; set it to the new key and MOPS_ENCRYPTION_KEY_OLD to \
             the one the tokens were stored with"
        );
    };
    let cipher = keys.cipher();
    let runtime = tokio::runtime::Runtime::new()?;
    let done = runtime.block_on(async {
        let db = Db::open(&config.database_url).await?;
        let done = rekey::rotate(&db, &cipher).await;
        db.close().await;
        anyhow::Ok(done?)
    })?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "re-sealed the tokens of {} installation(s) with key {}; {} already used it",
        done.resealed,
        cipher.key_id(),
        done.current
    )?;
    if done.changed_meanwhile > 0 {
        writeln!(
            out,
            "{} installation(s) stored new tokens while this ran; run `mops-bot keys rotate` again",
            done.changed_meanwhile
        )?;
        return Ok(ExitCode::FAILURE);
    }
    if keys.previous.is_some() {
        writeln!(
            out,
            "every stored secret now uses the current key: MOPS_ENCRYPTION_KEY_OLD can be removed"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
