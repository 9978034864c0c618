//! The life of an installation: starting an "Add to Slack" install (a single-use `state`
//! bound to the browser), finishing it when Slack redirects back, and forgetting a workspace
//! when it uninstalls the app or revokes the bot's token.

use jiff::SignedDuration;
use url::Url;

use super::install_state::{Refusal, Signer, digest, random_hex};
use super::tokens::Installs;
use crate::slack::api::ApiError;
use crate::slack::ids::{TeamId, UserId};
use crate::slack::oauth::{self, GrantError};
use crate::state::AppState;
use crate::store::installations::{self, Installation};
use crate::store::{oauth_states, subscriptions};

/// How long someone has between opening the install page and approving in Slack.
pub const STATE_LIFETIME: SignedDuration = SignedDuration::from_mins(10);

/// An install that has begun: send the browser to `authorize_url` holding `browser` in a cookie.
pub struct Begun {
    pub authorize_url: Url,
    pub browser: String,
}

impl std::fmt::Debug for Begun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL carries the state; both are secrets until the install finishes.
        f.debug_struct("Begun").finish_non_exhaustive()
    }
}

/// The parts of Slack's redirect back to the bot. `Debug` hides the code and the state, which
/// are as good as credentials until used.
#[derive(Default, Clone, serde::Deserialize)]
pub struct Redirect {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

impl std::fmt::Debug for Redirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |v: &Option<String>| v.as_ref().map(|_| "[REDACTED]");
        f.debug_struct("Redirect")
            .field("code", &hidden(&self.code))
            .field("state", &hidden(&self.state))
            .field("error", &self.error.as_deref().map(sanitised))
            .finish()
    }
}

/// Slack's `error` codes are short snake_case words; only such a leading word of the
/// parameter is kept, so control characters, markup or a forged log line never reach a page
/// or a log.
pub fn sanitised(error: &str) -> String {
    let clean: String = error
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(60)
        .collect();
    if clean.is_empty() {
        "unknown".to_owned()
    } else {
        clean
    }
}

/// A finished install, for the success page.
#[derive(Debug, Clone)]
pub struct Installed {
    pub key: TeamId,
    pub team_name: Option<String>,
    pub app_id: Option<String>,
    pub is_enterprise_install: bool,
}

/// Why an install did not finish. Nothing is stored in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("installs are not enabled on this bot")]
    NotEnabled,
    #[error("the install link is invalid, already used, or from another browser")]
    BadState,
    #[error("the install link has expired")]
    Expired,
    #[error("the install was cancelled in Slack ({0})")]
    Denied(String),
    #[error("Slack's redirect lacks the code")]
    NoCode,
    #[error("Slack refused the install: {0}")]
    Refused(String),
    #[error("Slack could not be reached: {0}")]
    Unavailable(String),
    #[error("storage failed: {0}")]
    Storage(String),
}

fn installs(state: &AppState) -> Result<&Installs, InstallError> {
    state.installs.as_ref().ok_or(InstallError::NotEnabled)
}

/// Signs a fresh `state` bound to a fresh browser secret and builds Slack's authorize URL.
/// Writes nothing: any number of page loads costs no storage and locks nobody out.
pub fn begin(state: &AppState) -> Result<Begun, InstallError> {
    let installs = installs(state)?;
    let now = state.clock.now();
    let browser = random_hex();
    let expires = now.checked_add(STATE_LIFETIME).unwrap_or(now);
    let oauth_state = Signer::new(&installs.settings.client_secret).issue(&browser, expires);
    Ok(Begun {
        authorize_url: oauth::authorize_url(&installs.settings, &oauth_state),
        browser,
    })
}

/// Checks the redirect's `state` against the browser's cookie, redeems it (once), exchanges
/// the code and stores the installation (replacing an earlier one for the same workspace).
pub async fn finish(
    state: &AppState,
    redirect: &Redirect,
    browser: Option<&str>,
) -> Result<Installed, InstallError> {
    let installs = installs(state)?;
    let now = state.clock.now();
    let presented = redirect.state.as_deref().unwrap_or_default();
    let checked = Signer::new(&installs.settings.client_secret).check(presented, browser, now);
    // A good state is spent by this redirect, whatever else it says (a cancelled install
    // too). A bad one writes nothing, so nobody can spend another browser's state.
    if let (Ok(good), Some(browser)) = (&checked, browser) {
        let first = oauth_states::redeem(
            &state.db,
            &digest(presented),
            &digest(browser),
            good.expires_at,
            now,
        )
        .await
        .map_err(|e| InstallError::Storage(e.to_string()))?;
        if !first && redirect.error.is_none() {
            return Err(InstallError::BadState);
        }
    }
    if let Some(error) = &redirect.error {
        return Err(InstallError::Denied(sanitised(error)));
    }
    match checked {
        Ok(_) => {}
        Err(Refusal::Expired) => return Err(InstallError::Expired),
        Err(Refusal::Invalid) => return Err(InstallError::BadState),
    }
    let code = redirect.code.as_deref().filter(|c| !c.is_empty());
    let code = code.ok_or(InstallError::NoCode)?;
    let grant = oauth::exchange(&state.api, &installs.settings, code)
        .await
        .map_err(|e| match e {
            GrantError::Api(ApiError::Slack(why)) => InstallError::Refused(why),
            GrantError::Api(other) if other.is_transient() => {
                InstallError::Unavailable(other.to_string())
            }
            other => InstallError::Refused(other.to_string()),
        })?;
    let key = grant
        .install_key()
        .cloned()
        .ok_or_else(|| InstallError::Refused("no workspace in the answer".into()))?;
    let installation = Installation {
        key: key.clone(),
        team_id: grant.team.as_ref().map(|t| t.id.clone()),
        team_name: grant.team.as_ref().and_then(|t| t.name.clone()),
        enterprise_id: grant.enterprise.as_ref().map(|e| e.id.clone()),
        is_enterprise_install: grant.is_enterprise_install,
        app_id: grant.app_id.clone(),
        bot_user_id: grant.bot_user_id.clone(),
        installed_by: grant.authed_user.clone(),
        scope: grant.scope.clone(),
        bot_token: grant.bot_token.clone(),
        refresh_token: grant.refresh_token.clone(),
        expires_at: grant
            .expires_in
            .and_then(|s| now.checked_add(SignedDuration::from_secs(s)).ok()),
        version: 0,
    };
    installations::save(&state.db, &installs.cipher, &installation, now)
        .await
        .map_err(|e| InstallError::Storage(e.to_string()))?;
    tracing::info!(team = %key, enterprise = grant.is_enterprise_install, "installed");
    let name = grant.team.or(grant.enterprise).and_then(|n| n.name);
    Ok(Installed {
        key,
        team_name: name,
        app_id: grant.app_id,
        is_enterprise_install: grant.is_enterprise_install,
    })
}

/// What an uninstall or revocation removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// The key of the installation deleted; `None` if nothing was stored (single-workspace
    /// mode, or already removed).
    pub installation: Option<TeamId>,
    /// Every workspace that lost the bot: the event's own team and, for an org-wide install,
    /// each workspace seen acting under it. Their subscriptions stop.
    pub teams: Vec<TeamId>,
}

/// `app_uninstalled`: forgets the workspace's installation (the team's own, or the org-wide
/// one it was served by) so no later work can act there.
pub async fn on_app_uninstalled(
    state: &AppState,
    team: &TeamId,
    enterprise: Option<&TeamId>,
) -> Result<Removed, installations::Error> {
    let removed = remove(state, team, enterprise, "app_uninstalled").await?;
    tracing::info!(%team, installation = ?removed.installation, "the app was uninstalled");
    Ok(removed)
}

/// `tokens_revoked`: when a bot token is among those revoked, forgets the installation it
/// belonged to. User tokens are none of the bot's business.
pub async fn on_tokens_revoked(
    state: &AppState,
    team: &TeamId,
    enterprise: Option<&TeamId>,
    bot_users: &[UserId],
) -> Result<Removed, installations::Error> {
    if bot_users.is_empty() {
        return Ok(Removed::default());
    }
    let removed = remove(state, team, enterprise, "token_revoked").await?;
    tracing::info!(%team, installation = ?removed.installation, "the bot's token was revoked");
    Ok(removed)
}

/// Removes the installation, then stops the nudges of every workspace that lost the bot (also
/// in single-workspace mode, where there is no installation row).
async fn remove(
    state: &AppState,
    team: &TeamId,
    enterprise: Option<&TeamId>,
    reason: &str,
) -> Result<Removed, installations::Error> {
    let removed = remove_installation(state, team, enterprise).await?;
    let now = state.clock.now();
    for lost in &removed.teams {
        match subscriptions::deactivate_team(&state.db, lost, reason, now).await {
            Ok(0) => {}
            Ok(stopped) => tracing::info!(team = %lost, stopped, "stopped the workspace's nudges"),
            Err(error) => {
                tracing::error!(team = %lost, %error, "could not stop the workspace's nudges")
            }
        }
    }
    Ok(removed)
}

async fn remove_installation(
    state: &AppState,
    team: &TeamId,
    enterprise: Option<&TeamId>,
) -> Result<Removed, installations::Error> {
    let mut removed = Removed {
        installation: None,
        teams: vec![team.clone()],
    };
    let Some(installs) = &state.installs else {
        return Ok(removed);
    };
    let found = installations::find_for(&state.db, &installs.cipher, team, enterprise).await;
    let key = match found {
        Ok(Some(inst)) => inst.key,
        Ok(None) => return Ok(removed),
        // A row that cannot be decrypted must still be removable.
        Err(installations::Error::Unreadable(_)) => team.clone(),
        Err(e) => return Err(e),
    };
    for other in installations::teams_of(&state.db, &key).await? {
        if !removed.teams.contains(&other) {
            removed.teams.push(other);
        }
    }
    if installations::delete(&state.db, &key).await? {
        removed.installation = Some(key);
    }
    Ok(removed)
}

/// Logs an uninstall or revocation that could not be acted on; Slack does not resend them.
pub fn log_failure(team: &TeamId, outcome: Result<Removed, installations::Error>) {
    if let Err(error) = outcome {
        tracing::error!(%team, %error, "could not remove the workspace's installation");
    }
}
