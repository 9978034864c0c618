//! The end of an installation: `app_uninstalled`, a `tokens_revoked` naming the bot, or (for
//! an org-wide install on Enterprise Grid) `team_access_revoked` for some of its workspaces.
//! Each removes exactly the access the event speaks for, and stops the nudges of every
//! workspace that lost the bot, so no later run posts there.

use crate::bot::state::AppState;
use crate::slack::ids::{TeamId, UserId};
use crate::store::{installations, subscriptions};

/// Whom an uninstall or revocation event speaks for.
#[derive(Debug, Clone, Copy)]
pub struct Installer<'a> {
    /// The workspace the event came from (for an org-level event without a team, the
    /// enterprise).
    pub team: &'a TeamId,
    pub enterprise: Option<&'a TeamId>,
    /// The event is about the org-wide install (`is_enterprise_install`), never the
    /// workspace's own, and the other way round.
    pub org_wide: bool,
}

impl Installer<'_> {
    /// The key of the installation the event speaks for.
    fn key(&self) -> &TeamId {
        match self.enterprise {
            Some(enterprise) if self.org_wide => enterprise,
            _ => self.team,
        }
    }
}

/// What an uninstall or revocation removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// The key of the installation deleted; `None` if nothing was stored (single-workspace
    /// mode, already removed, or only some workspaces lost access).
    pub installation: Option<TeamId>,
    /// Every workspace that lost the bot: the event's own and, for an org-wide install, each
    /// workspace seen acting under it. Their subscriptions stop.
    pub teams: Vec<TeamId>,
}

/// `app_uninstalled`: forgets the installation the event speaks for (the workspace's own, or
/// the org-wide one), so no later work can act with it.
pub async fn on_app_uninstalled(
    state: &AppState,
    installer: &Installer<'_>,
) -> Result<Removed, installations::Error> {
    let removed = remove(state, installer, "app_uninstalled").await?;
    tracing::info!(team = %installer.team, installation = ?removed.installation, "the app was uninstalled");
    Ok(removed)
}

/// `tokens_revoked`: when a bot token is among those revoked, forgets the installation it
/// belonged to. User tokens are none of the bot's business.
pub async fn on_tokens_revoked(
    state: &AppState,
    installer: &Installer<'_>,
    bot_users: &[UserId],
) -> Result<Removed, installations::Error> {
    if bot_users.is_empty() {
        return Ok(Removed::default());
    }
    let removed = remove(state, installer, "token_revoked").await?;
    tracing::info!(team = %installer.team, installation = ?removed.installation, "the bot's token was revoked");
    Ok(removed)
}

/// `team_access_revoked`: an org admin took `teams` away from the org-wide install. The
/// install stays for its other workspaces; these are forgotten and their nudges stop.
pub async fn on_team_access_revoked(
    state: &AppState,
    installer: &Installer<'_>,
    teams: &[TeamId],
) -> Result<Removed, installations::Error> {
    let org = installer.enterprise.unwrap_or(installer.team);
    if state.installs.is_some() {
        for team in teams {
            installations::forget_team(&state.db, org, team).await?;
        }
    }
    let teams = still_unserved(state, teams.to_vec()).await?;
    stop(state, &teams, "team_access_revoked").await;
    tracing::info!(enterprise = %org, teams = teams.len(), "workspaces lost access to the org-wide install");
    Ok(Removed {
        installation: None,
        teams,
    })
}

/// Removes the installation, then stops the nudges of every workspace that lost the bot (also
/// in single-workspace mode, where there is no installation row).
async fn remove(
    state: &AppState,
    installer: &Installer<'_>,
    reason: &str,
) -> Result<Removed, installations::Error> {
    let removed = remove_installation(state, installer).await?;
    stop(state, &removed.teams, reason).await;
    Ok(removed)
}

/// Stops the nudges of `teams`, giving `reason`; a failure is logged (Slack does not resend).
async fn stop(state: &AppState, teams: &[TeamId], reason: &str) {
    let now = state.clock.now();
    for lost in teams {
        match subscriptions::deactivate_team(&state.db, lost, reason, now).await {
            Ok(0) => {}
            Ok(stopped) => tracing::info!(team = %lost, stopped, "stopped the workspace's nudges"),
            Err(error) => {
                tracing::error!(team = %lost, %error, "could not stop the workspace's nudges")
            }
        }
    }
}

async fn remove_installation(
    state: &AppState,
    installer: &Installer<'_>,
) -> Result<Removed, installations::Error> {
    let key = installer.key();
    // An org-level event without a workspace names the enterprise itself: not a workspace.
    let own = (installer.team != key || !installer.org_wide).then(|| installer.team.clone());
    let mut removed = Removed {
        installation: None,
        teams: own.into_iter().collect(),
    };
    if state.installs.is_none() {
        return Ok(removed);
    }
    // Exactly the installation the event speaks for: a workspace's uninstall never touches
    // its enterprise's org-wide install, nor an org-wide uninstall a workspace's own.
    for team in installations::teams_of(&state.db, key).await? {
        if !removed.teams.contains(&team) {
            removed.teams.push(team);
        }
    }
    if installations::delete(&state.db, key).await? {
        removed.installation = Some(key.clone());
    }
    if installer.org_wide {
        // A workspace with an install of its own keeps the bot.
        removed.teams = still_unserved(state, removed.teams).await?;
    }
    Ok(removed)
}

/// `teams` less those served by an installation of their own.
async fn still_unserved(
    state: &AppState,
    teams: Vec<TeamId>,
) -> Result<Vec<TeamId>, installations::Error> {
    if state.installs.is_none() {
        return Ok(teams);
    }
    let installed = installations::keys(&state.db).await?;
    Ok(teams
        .into_iter()
        .filter(|t| !installed.contains(t))
        .collect())
}

/// Logs an uninstall or revocation that could not be acted on; Slack does not resend them.
pub fn log_failure(team: &TeamId, outcome: Result<Removed, installations::Error>) {
    if let Err(error) = outcome {
        tracing::error!(%team, %error, "could not remove the workspace's installation");
    }
}
