//! Installations made through "Add to Slack": one row per workspace (or per enterprise for
//! org-wide installs) with its tokens sealed by [`Cipher`]. Tokens go in and come out of
//! this module as [`Token`]s; only sealed text ever reaches the database.

use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::Db;
use crate::crypto::Token;
use crate::crypto::{Cipher, Unreadable};
use crate::ids::{TeamId, UserId};

/// One installation of the bot.
#[derive(Debug, Clone)]
pub struct Installation {
    /// The team id, or the enterprise id for an org-wide install.
    pub key: TeamId,
    pub team_id: Option<TeamId>,
    pub team_name: Option<String>,
    pub enterprise_id: Option<TeamId>,
    pub is_enterprise_install: bool,
    pub app_id: Option<String>,
    pub bot_user_id: Option<UserId>,
    pub installed_by: Option<UserId>,
    pub scope: String,
    pub bot_token: Token,
    /// Present when token rotation is on.
    pub refresh_token: Option<Token>,
    pub expires_at: Option<Timestamp>,
    /// Bumped whenever the stored token pair changes (see `store::refresh`); 0 when new.
    pub version: i64,
}

/// A fresh token pair from a refresh.
#[derive(Debug, Clone)]
pub struct Rotated {
    pub bot_token: Token,
    pub refresh_token: Option<Token>,
    pub expires_at: Option<Timestamp>,
}

/// Why installations could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Unreadable(#[from] Unreadable),
}

// Each sealed token is bound to its row and role, so ciphertext moved between rows is useless.
pub(crate) fn context(key: &TeamId, role: &str) -> String {
    format!("mops-bot/installation/{key}/{role}")
}

/// Stores `inst`, replacing any earlier install under the same key (a reinstall).
pub async fn save(
    db: &Db,
    cipher: &Cipher,
    inst: &Installation,
    now: Timestamp,
) -> Result<(), Error> {
    let bot = cipher.seal(inst.bot_token.expose(), &context(&inst.key, "bot"));
    let refresh = inst
        .refresh_token
        .as_ref()
        .map(|t| cipher.seal(t.expose(), &context(&inst.key, "refresh")));
    sqlx::query(
        "INSERT INTO installations (install_key, team_id, team_name, enterprise_id, \
         is_enterprise_install, app_id, bot_user_id, installed_by, scope, bot_token_sealed, \
         refresh_token_sealed, expires_at, installed_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (install_key) DO UPDATE SET team_id = excluded.team_id, \
         team_name = excluded.team_name, enterprise_id = excluded.enterprise_id, \
         is_enterprise_install = excluded.is_enterprise_install, app_id = excluded.app_id, \
         bot_user_id = excluded.bot_user_id, installed_by = excluded.installed_by, \
         scope = excluded.scope, bot_token_sealed = excluded.bot_token_sealed, \
         refresh_token_sealed = excluded.refresh_token_sealed, expires_at = excluded.expires_at, \
         installed_at = excluded.installed_at, updated_at = excluded.updated_at, \
         token_version = installations.token_version + 1, refresh_owner = NULL, \
         refresh_until = NULL",
    )
    .bind(inst.key.as_str())
    .bind(inst.team_id.as_ref().map(TeamId::as_str))
    .bind(inst.team_name.as_deref())
    .bind(inst.enterprise_id.as_ref().map(TeamId::as_str))
    .bind(i64::from(inst.is_enterprise_install))
    .bind(inst.app_id.as_deref())
    .bind(inst.bot_user_id.as_ref().map(UserId::as_str))
    .bind(inst.installed_by.as_ref().map(UserId::as_str))
    .bind(&inst.scope)
    .bind(bot)
    .bind(refresh)
    .bind(inst.expires_at.map(Timestamp::as_second))
    .bind(now.as_second())
    .bind(now.as_second())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The installation stored under exactly `key`.
pub async fn find(db: &Db, cipher: &Cipher, key: &TeamId) -> Result<Option<Installation>, Error> {
    let row = sqlx::query("SELECT * FROM installations WHERE install_key = $1")
        .bind(key.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| decode(&r, cipher)).transpose()
}

/// The installation that serves a request from `team` (part of `enterprise`, if any): the
/// workspace's own install first, then its enterprise's org-wide install. Without an
/// enterprise id, an org-wide install this team was earlier seen acting under.
pub async fn find_for(
    db: &Db,
    cipher: &Cipher,
    team: &TeamId,
    enterprise: Option<&TeamId>,
) -> Result<Option<Installation>, Error> {
    if let Some(own) = find(db, cipher, team).await? {
        return Ok(Some(own));
    }
    let Some(enterprise) = enterprise else {
        let learned = sqlx::query("SELECT install_key FROM installation_teams WHERE team_id = $1")
            .bind(team.as_str())
            .fetch_optional(db.pool())
            .await?;
        let key = learned
            .map(|r| r.try_get::<String, _>("install_key"))
            .transpose()?
            .and_then(|k| TeamId::parse(&k).ok());
        return match key {
            Some(key) => find(db, cipher, &key).await,
            None => Ok(None),
        };
    };
    let Some(org) = find(db, cipher, enterprise).await? else {
        return Ok(None);
    };
    if !org.is_enterprise_install {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO installation_teams (team_id, install_key) VALUES ($1, $2) \
         ON CONFLICT (team_id) DO UPDATE SET install_key = excluded.install_key",
    )
    .bind(team.as_str())
    .bind(org.key.as_str())
    .execute(db.pool())
    .await?;
    Ok(Some(org))
}

/// Removes the installation under `key` (and what was learned about its teams); `true` if
/// there was one.
pub async fn delete(db: &Db, key: &TeamId) -> Result<bool, Error> {
    let done = sqlx::query("DELETE FROM installations WHERE install_key = $1")
        .bind(key.as_str())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Forgets that `team` acts under the org-wide install `key` (its access was revoked);
/// `true` if it was known to.
pub async fn forget_team(db: &Db, key: &TeamId, team: &TeamId) -> Result<bool, Error> {
    let done =
        sqlx::query("DELETE FROM installation_teams WHERE team_id = $1 AND install_key = $2")
            .bind(team.as_str())
            .bind(key.as_str())
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() > 0)
}

/// The workspaces an installation serves: its own team and every team seen acting under it.
pub async fn teams_of(db: &Db, key: &TeamId) -> Result<Vec<TeamId>, Error> {
    let rows = sqlx::query(
        "SELECT team_id FROM installations WHERE install_key = $1 AND team_id IS NOT NULL \
         UNION SELECT team_id FROM installation_teams WHERE install_key = $2 ORDER BY team_id",
    )
    .bind(key.as_str())
    .bind(key.as_str())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>("team_id").ok())
        .filter_map(|t| TeamId::parse(&t).ok())
        .collect())
}

/// Every installation key, for operators and tests.
pub async fn keys(db: &Db) -> Result<Vec<TeamId>, Error> {
    let rows = sqlx::query("SELECT install_key FROM installations ORDER BY install_key")
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>("install_key").ok())
        .filter_map(|k| TeamId::parse(&k).ok())
        .collect())
}

fn decode(row: &AnyRow, cipher: &Cipher) -> Result<Installation, Error> {
    let text = |name: &str| row.try_get::<Option<String>, _>(name);
    let team = |name: &str| text(name).map(|v| v.and_then(|s| TeamId::parse(&s).ok()));
    let user = |name: &str| text(name).map(|v| v.and_then(|s| UserId::parse(&s).ok()));
    let key_text: String = row.try_get("install_key")?;
    let key = TeamId::parse(&key_text).map_err(|_| Unreadable)?;
    let bot_sealed: String = row.try_get("bot_token_sealed")?;
    let bot_token = Token::from(cipher.open(&bot_sealed, &context(&key, "bot"))?);
    let refresh_token = match text("refresh_token_sealed")? {
        Some(sealed) => Some(Token::from(
            cipher.open(&sealed, &context(&key, "refresh"))?,
        )),
        None => None,
    };
    let expires_at = row
        .try_get::<Option<i64>, _>("expires_at")?
        .and_then(|s| Timestamp::from_second(s).ok());
    Ok(Installation {
        team_id: team("team_id")?,
        team_name: text("team_name")?,
        enterprise_id: team("enterprise_id")?,
        is_enterprise_install: row.try_get::<i64, _>("is_enterprise_install")? != 0,
        app_id: text("app_id")?,
        bot_user_id: user("bot_user_id")?,
        installed_by: user("installed_by")?,
        scope: row.try_get("scope")?,
        bot_token,
        refresh_token,
        expires_at,
        version: row.try_get("token_version")?,
        key,
    })
}
