//! Which bot token to act with in a workspace, in OAuth mode: the workspace's own install (or
//! its enterprise's), refreshed shortly before it expires when token rotation is on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Mutex as AsyncMutex;

use crate::config::OAuthSettings;
use crate::crypto::Cipher;
use crate::slack::api::Token;
use crate::slack::ids::TeamId;
use crate::slack::oauth;
use crate::state::{AppState, TokenError};
use crate::store::installations::{self, Installation, Rotated};

/// A rotating token is renewed when it has less than this left to live.
pub const REFRESH_MARGIN: SignedDuration = SignedDuration::from_mins(15);

/// What OAuth mode needs at hand: the app's credentials, the cipher for tokens at rest, and
/// one lock per installation so concurrent requests refresh a token only once.
#[derive(Debug, Clone)]
pub struct Installs {
    pub settings: OAuthSettings,
    pub cipher: Cipher,
    refreshing: Arc<Mutex<HashMap<TeamId, Arc<AsyncMutex<()>>>>>,
}

impl Installs {
    pub fn new(settings: OAuthSettings) -> Self {
        let cipher = Cipher::new(&settings.encryption_key);
        Self {
            settings,
            cipher,
            refreshing: Arc::default(),
        }
    }

    fn lock_for(&self, key: &TeamId) -> Arc<AsyncMutex<()>> {
        let mut locks = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        locks.entry(key.clone()).or_default().clone()
    }
}

/// The token for a request from `team` (in `enterprise`, if any). `NotInstalled` only when no
/// installation serves the workspace; a failure to read or refresh is `Unavailable`.
pub async fn lookup(
    state: &AppState,
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
            return Err(TokenError::Unavailable(format!(
                "could not read the workspace's installation ({error})"
            )));
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

async fn refresh(
    state: &AppState,
    installs: &Installs,
    stale: Installation,
    now: Timestamp,
) -> Result<Token, TokenError> {
    let lock = installs.lock_for(&stale.key);
    let _held = lock.lock().await;
    // Whoever held the lock before us may have refreshed already.
    let current = match installations::find(&state.db, &installs.cipher, &stale.key).await {
        Ok(Some(current)) => current,
        Ok(None) => return Err(TokenError::NotInstalled),
        Err(error) => {
            tracing::error!(team = %stale.key, %error, "could not read the installation");
            return Err(TokenError::Unavailable(format!(
                "could not read the workspace's installation ({error})"
            )));
        }
    };
    if !needs_refresh(&current, now) {
        return Ok(current.bot_token);
    }
    let Some(refresh_token) = &current.refresh_token else {
        return still_valid(current, now).ok_or_else(|| {
            TokenError::Unavailable(
                "the workspace's token has expired and cannot be refreshed".into(),
            )
        });
    };
    let grant = match oauth::refresh(&state.api, &installs.settings, refresh_token).await {
        Ok(grant) => grant,
        Err(error) => {
            tracing::warn!(team = %current.key, %error, "could not refresh the workspace's token");
            return still_valid(current, now).ok_or_else(|| {
                TokenError::Unavailable(format!(
                    "could not refresh the workspace's token ({error})"
                ))
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
    let saved =
        installations::update_tokens(&state.db, &installs.cipher, &current.key, &rotated, now);
    match saved.await {
        Ok(true) => tracing::info!(team = %current.key, "refreshed the workspace's token"),
        Ok(false) => return Err(TokenError::NotInstalled),
        Err(error) => {
            // The new token works now; the next request will refresh again.
            tracing::error!(team = %current.key, %error, "could not store the refreshed token");
        }
    }
    Ok(rotated.bot_token)
}

fn still_valid(inst: Installation, now: Timestamp) -> Option<Token> {
    match inst.expires_at {
        Some(at) if at <= now => {
            tracing::warn!(team = %inst.key, "the workspace's token has expired");
            None
        }
        _ => Some(inst.bot_token),
    }
}
