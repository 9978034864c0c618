//! The start of an installation: an "Add to Slack" install (a single-use `state` bound to
//! the browser), finished when Slack redirects back. Its end is `super::uninstall`.

use jiff::SignedDuration;
use url::Url;

use super::install_state::{Refusal, Signer, digest, random_hex};
use super::tokens::Installs;
use crate::bot::state::AppState;
use crate::slack::api::ApiError;
use crate::slack::ids::TeamId;
use crate::slack::oauth::{self, GrantError};
use crate::store::installations::{self, Installation};
use crate::store::oauth_states;

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
