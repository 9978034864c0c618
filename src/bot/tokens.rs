//! Which bot token to act with in a workspace: in single-workspace mode `SLACK_BOT_TOKEN`; in
//! OAuth mode the workspace's own install (or its enterprise's), refreshed shortly before it
//! expires when token rotation is on. [`TokenService`] is the narrow handle the rest of the
//! bot asks.
//!
//! Slack's refresh tokens are single-use, so two processes refreshing at once could lock a
//! workspace out. A refresh therefore takes a lease on the installation row in the database
//! (guarded by the row's token version), and stores the new pair only over the version it
//! started from. Whoever finds the lease taken waits for the row to change and uses the new
//! token; a refresh refused because the token was already used re-reads the row the same
//! way. There is no lock across installations: each waits only for its own.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::clock::SharedClock;
use crate::crypto::Cipher;
use crate::slack::api::{ApiError, SlackApi, Token};
use crate::slack::ids::TeamId;
use crate::slack::oauth::{self, GrantError, OAuthSettings};
use crate::store::Db;
use crate::store::installations::{self, Installation, Rotated};
use crate::store::refresh;

/// A rotating token is renewed when it has less than this left to live.
pub const REFRESH_MARGIN: SignedDuration = SignedDuration::from_mins(15);
/// A refresh lease outlives one call to Slack by far; a dead holder's lapses after it.
const REFRESH_LEASE: SignedDuration = SignedDuration::from_secs(60);
/// How long a request waits for another process's refresh, checking every `POLL`; after
/// Slack said the refresh token was already used, the pair it bought is stored within
/// moments, so the wait is shorter.
const WAIT_FOR_OTHERS: Duration = Duration::from_secs(15);
const WAIT_AFTER_USED: Duration = Duration::from_secs(2);
const POLL: Duration = Duration::from_millis(25);

/// What OAuth mode needs at hand: the app's credentials and the cipher for tokens at rest.
#[derive(Debug, Clone)]
pub struct Installs {
    pub settings: OAuthSettings,
    pub cipher: Cipher,
}

impl Installs {
    pub fn new(settings: OAuthSettings) -> Self {
        let cipher = Cipher::with_old(&settings.encryption_key, settings.previous_key.as_ref());
        Self { settings, cipher }
    }
}

/// Why there is no token to act in a workspace with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Definitive: no installation serves the workspace (it was uninstalled or never
    /// installed), or no bot token is configured.
    #[error("the app is not installed in this workspace")]
    NotInstalled,
    /// Temporary, as far as the bot can tell (the database failed, a stored token could not
    /// be decrypted, a refresh failed): try again later, stop nothing.
    #[error("{0}")]
    Unavailable(String),
}

/// Finds the bot token for a workspace; cheap to clone.
#[derive(Debug, Clone)]
pub struct TokenService {
    db: Db,
    api: SlackApi,
    clock: SharedClock,
    /// OAuth mode; `None` is single-workspace mode with `single`.
    installs: Option<Installs>,
    single: Option<Token>,
}

impl TokenService {
    pub fn new(
        db: Db,
        api: SlackApi,
        clock: SharedClock,
        installs: Option<Installs>,
        single: Option<Token>,
    ) -> Self {
        Self {
            db,
            api,
            clock,
            installs,
            single,
        }
    }

    /// The bot token for a request from `team`, part of `enterprise` if Slack says so: the
    /// workspace's own install, else its enterprise's org-wide install. In single-workspace
    /// mode, `SLACK_BOT_TOKEN`. Never another workspace's token.
    pub async fn for_request(&self, team: &TeamId, enterprise: Option<&TeamId>) -> Option<Token> {
        self.lookup(team, enterprise).await.ok()
    }

    /// Like [`TokenService::for_request`], telling a workspace without an installation apart
    /// from a lookup that failed for now (which must never stop anything for good).
    pub async fn lookup(
        &self,
        team: &TeamId,
        enterprise: Option<&TeamId>,
    ) -> Result<Token, TokenError> {
        match &self.installs {
            Some(installs) => lookup(self, installs, team, enterprise).await,
            None => self.single.clone().ok_or(TokenError::NotInstalled),
        }
    }
}

fn unreadable(error: impl std::fmt::Display) -> TokenError {
    TokenError::Unavailable(format!(
        "could not read the workspace's installation ({error})"
    ))
}

/// The token for a request from `team` (in `enterprise`, if any). `NotInstalled` only when no
/// installation serves the workspace; a failure to read or refresh is `Unavailable`.
async fn lookup(
    state: &TokenService,
    installs: &Installs,
    team: &TeamId,
    enterprise: Option<&TeamId>,
) -> Result<Token, TokenError> {
    let found = installations::find_for(&state.db, &installs.cipher, team, enterprise).await;
    let inst = match found {
        Ok(Some(inst)) => inst,
        Ok(None) => {
            tracing::info!(%team, "the bot is not installed in this workspace");
            return Err(TokenError::NotInstalled);
        }
        Err(error) => {
            tracing::error!(%team, %error, "could not read the workspace's installation");
            return Err(unreadable(error));
        }
    };
    let now = state.clock.now();
    if needs_refresh(&inst, now) {
        refresh(state, installs, inst, now).await
    } else {
        Ok(inst.bot_token)
    }
}

fn needs_refresh(inst: &Installation, now: Timestamp) -> bool {
    match inst.expires_at {
        Some(at) => at.duration_since(now) <= REFRESH_MARGIN,
        None => false,
    }
}

/// Refreshes `current`'s token once across every process, or waits for the refresh another
/// process is making.
async fn refresh(
    state: &TokenService,
    installs: &Installs,
    mut current: Installation,
    now: Timestamp,
) -> Result<Token, TokenError> {
    let owner = format!("{}-{:08x}", std::process::id(), rand::random::<u32>());
    let mut deadline = tokio::time::Instant::now() + WAIT_FOR_OTHERS;
    let mut problem = None;
    loop {
        if !needs_refresh(&current, now) {
            return Ok(current.bot_token);
        }
        let clock = state.clock.now();
        let until = clock.saturating_add(REFRESH_LEASE).unwrap_or(clock);
        // After "already used", only wait: the pair that token bought is being stored.
        let claimed = problem.is_none()
            && refresh::claim(
                &state.db,
                &current.key,
                current.version,
                &owner,
                clock,
                until,
            )
            .await
            .map_err(unreadable)?;
        if claimed {
            match refresh_now(state, installs, &current, &owner, now).await {
                Ok(token) => return Ok(token),
                // Already used: another process refreshed; its pair is on the way.
                Err(Refusal::AlreadyUsed(why)) => {
                    problem = Some(why);
                    deadline = deadline.min(tokio::time::Instant::now() + WAIT_AFTER_USED);
                }
                Err(Refusal::Failed(why)) => return still_valid(current, now, why),
            }
        }
        if tokio::time::Instant::now() >= deadline {
            let why = problem.unwrap_or_else(|| "another refresh is taking too long".to_owned());
            return still_valid(current, now, why);
        }
        tokio::time::sleep(POLL).await;
        current = match installations::find(&state.db, &installs.cipher, &current.key).await {
            Ok(Some(row)) => row,
            Ok(None) => return Err(TokenError::NotInstalled),
            Err(error) => return Err(unreadable(error)),
        };
    }
}

/// Why a refresh this process made gave no token.
enum Refusal {
    /// Slack says the refresh token was already used (or revoked meanwhile).
    AlreadyUsed(String),
    Failed(String),
}

/// Spends `current`'s refresh token (this process holds the lease) and stores the new pair
/// over the version it came from.
async fn refresh_now(
    state: &TokenService,
    installs: &Installs,
    current: &Installation,
    owner: &str,
    now: Timestamp,
) -> Result<Token, Refusal> {
    let key = &current.key;
    let release = || refresh::release(&state.db, key, owner);
    let Some(refresh_token) = &current.refresh_token else {
        let _ = release().await;
        return Err(Refusal::Failed("the token cannot be refreshed".to_owned()));
    };
    let grant = match oauth::refresh(&state.api, &installs.settings, refresh_token).await {
        Ok(grant) => grant,
        Err(error) => {
            tracing::warn!(team = %key, %error, "could not refresh the workspace's token");
            let _ = release().await;
            let why = format!("could not refresh the workspace's token ({error})");
            return Err(match &error {
                GrantError::Api(ApiError::Slack(code))
                    if matches!(
                        code.as_str(),
                        "invalid_refresh_token" | "invalid_grant_type"
                    ) =>
                {
                    Refusal::AlreadyUsed(why)
                }
                _ => Refusal::Failed(why),
            });
        }
    };
    let rotated = Rotated {
        bot_token: grant.bot_token,
        refresh_token: grant.refresh_token,
        expires_at: grant
            .expires_in
            .and_then(|s| now.checked_add(SignedDuration::from_secs(s)).ok()),
    };
    let cipher = &installs.cipher;
    match refresh::store(&state.db, cipher, key, current.version, &rotated, now).await {
        Ok(true) => tracing::info!(team = %key, "refreshed the workspace's token"),
        Ok(false) => tracing::warn!(team = %key, "the installation changed during the refresh"),
        // The new token works now; the lease lapses and a later request refreshes again.
        Err(error) => tracing::error!(team = %key, %error, "could not store the refreshed token"),
    }
    Ok(rotated.bot_token)
}

fn still_valid(inst: Installation, now: Timestamp, why: String) -> Result<Token, TokenError> {
    match inst.expires_at {
        Some(at) if at <= now => {
            tracing::warn!(team = %inst.key, "the workspace's token has expired");
            Err(TokenError::Unavailable(why))
        }
        _ => Ok(inst.bot_token),
    }
}
