//! Key rotation at rest: re-seals every stored secret (installation tokens) under the current
//! key, in one transaction. Values already sealed with it are left alone, so running it twice
//! changes nothing the second time; a value neither key opens stops the whole rotation
//! before anything is written, naming the installation (never the secret).

use sqlx::Row;

use super::Db;
use super::installations::context;
use crate::crypto::Cipher;
use crate::ids::TeamId;

/// What a rotation did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rekeyed {
    /// Installations whose tokens were re-sealed under the current key.
    pub resealed: u64,
    /// Installations already sealed with the current key.
    pub current: u64,
    /// Installations whose tokens changed while the rotation ran (a refresh stored a new
    /// pair); a second run takes them.
    pub changed_meanwhile: u64,
}

/// Why nothing was re-sealed.
#[derive(Debug, thiserror::Error)]
pub enum RekeyError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error(
        "the tokens of {} open with neither MOPS_ENCRYPTION_KEY nor MOPS_ENCRYPTION_KEY_OLD \
         (set MOPS_ENCRYPTION_KEY_OLD to the key they were stored with); nothing was changed",
        .0.join(", ")
    )]
    Unreadable(Vec<String>),
}

/// One installation's sealed tokens as stored.
struct Sealed {
    key: String,
    version: i64,
    bot: String,
    refresh: Option<String>,
}

/// Re-seals every installation's tokens with `cipher`'s current key.
pub async fn rotate(db: &Db, cipher: &Cipher) -> Result<Rekeyed, RekeyError> {
    let mut tx = db.pool().begin().await?;
    let rows = sqlx::query(
        "SELECT install_key, token_version, bot_token_sealed, refresh_token_sealed \
         FROM installations ORDER BY install_key",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut stored = Vec::with_capacity(rows.len());
    for row in rows {
        stored.push(Sealed {
            key: row.try_get("install_key")?,
            version: row.try_get("token_version")?,
            bot: row.try_get("bot_token_sealed")?,
            refresh: row.try_get("refresh_token_sealed")?,
        });
    }
    let mut done = Rekeyed::default();
    let (mut updates, mut unreadable) = (Vec::new(), Vec::new());
    for row in &stored {
        let all_current = cipher.is_current(&row.bot)
            && row.refresh.as_deref().is_none_or(|r| cipher.is_current(r));
        if all_current {
            done.current += 1;
            continue;
        }
        match reseal(cipher, row) {
            Some(update) => updates.push(update),
            None => unreadable.push(row.key.clone()),
        }
    }
    if !unreadable.is_empty() {
        tx.rollback().await?;
        return Err(RekeyError::Unreadable(unreadable));
    }
    for (row, (bot, refresh)) in &updates {
        // Guarded by the version read above: a refresh that stored a new pair meanwhile
        // (sealed by its own process) is not overwritten with the old one.
        let written = sqlx::query(
            "UPDATE installations SET bot_token_sealed = $1, refresh_token_sealed = $2 \
             WHERE install_key = $3 AND token_version = $4",
        )
        .bind(bot)
        .bind(refresh.as_deref())
        .bind(&row.key)
        .bind(row.version)
        .execute(&mut *tx)
        .await?;
        if written.rows_affected() == 1 {
            done.resealed += 1;
        } else {
            done.changed_meanwhile += 1;
        }
    }
    tx.commit().await?;
    Ok(done)
}

/// The row's tokens sealed anew under the current key; `None` if one does not open.
fn reseal<'a>(cipher: &Cipher, row: &'a Sealed) -> Option<(&'a Sealed, (String, Option<String>))> {
    use secrecy::ExposeSecret;
    let key = TeamId::parse(&row.key).ok()?;
    let again = |sealed: &str, role: &str| {
        let ctx = context(&key, role);
        let plain = cipher.open(sealed, &ctx).ok()?;
        Some(cipher.seal(plain.expose_secret(), &ctx))
    };
    let bot = again(&row.bot, "bot")?;
    let refresh = match &row.refresh {
        Some(sealed) => Some(again(sealed, "refresh")?),
        None => None,
    };
    Some((row, (bot, refresh)))
}
