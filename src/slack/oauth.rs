//! OAuth v2 with Slack: the authorize URL people are sent to, the exchange of the code Slack
//! sends back for a bot token, and the refresh of rotating tokens.

use serde_json::Value;
use url::Url;

use super::api::{ApiError, SlackApi, Token};
use super::ids::{TeamId, UserId};
use secrecy::SecretString;

use crate::crypto::EncryptionKey;
use secrecy::ExposeSecret;

pub const AUTHORIZE_URL: &str = "https://slack.com/oauth/v2/authorize";

/// "Add to Slack" installs: present when `SLACK_CLIENT_ID` is set, and then complete.
#[derive(Debug, Clone)]
pub struct OAuthSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    /// Where Slack sends people back to; `{public_url}/slack/oauth_redirect`.
    pub public_url: Url,
    pub encryption_key: EncryptionKey,
    /// `MOPS_ENCRYPTION_KEY_OLD`: values sealed with it still open (see `crypto`).
    pub previous_key: Option<EncryptionKey>,
}

impl OAuthSettings {
    pub fn redirect_uri(&self) -> String {
        format!(
            "{}/slack/oauth_redirect",
            self.public_url.as_str().trim_end_matches('/')
        )
    }

    /// Cookies may only be marked `Secure` when people reach the bot over https.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// The bot scopes the features need; the manifests list the same ones.
pub const BOT_SCOPES: &[&str] = &[
    "commands",
    "chat:write",
    "chat:write.public",
    "app_mentions:read",
    "im:history",
    "channels:join",
    "groups:read",
    "users:read",
    // Agent messaging: the suggested prompts in the Messages tab.
    "assistant:write",
    // Recommended: settle a nudge Slack did not confirm by looking in the channel's history.
    "channels:history",
    "groups:history",
];

/// Where to send someone to approve the install.
pub fn authorize_url(settings: &OAuthSettings, state: &str) -> Url {
    let mut url = Url::parse(AUTHORIZE_URL).expect("constant URL parses");
    url.query_pairs_mut()
        .append_pair("client_id", &settings.client_id)
        .append_pair("scope", &BOT_SCOPES.join(","))
        .append_pair("state", state)
        .append_pair("redirect_uri", &settings.redirect_uri());
    url
}

/// What Slack granted: a bot token for a workspace or an enterprise.
#[derive(Debug, Clone)]
pub struct Grant {
    pub bot_token: Token,
    /// With token rotation on: the token that gets the next `bot_token`.
    pub refresh_token: Option<Token>,
    /// Seconds until `bot_token` expires (token rotation only).
    pub expires_in: Option<i64>,
    pub scope: String,
    pub bot_user_id: Option<UserId>,
    pub app_id: Option<String>,
    pub team: Option<Named>,
    pub enterprise: Option<Named>,
    pub is_enterprise_install: bool,
    pub authed_user: Option<UserId>,
}

/// A team or enterprise as Slack names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: TeamId,
    pub name: Option<String>,
}

impl Grant {
    /// The id this install is stored under: the enterprise for org-wide installs.
    pub fn install_key(&self) -> Option<&TeamId> {
        if self.is_enterprise_install {
            self.enterprise.as_ref().map(|e| &e.id)
        } else {
            self.team.as_ref().map(|t| &t.id)
        }
    }
}

/// Why no grant came back.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("Slack's answer lacks {0}")]
    Incomplete(&'static str),
}

/// Exchanges the `code` from the redirect for a token (`oauth.v2.access`).
pub async fn exchange(
    api: &SlackApi,
    settings: &OAuthSettings,
    code: &str,
) -> Result<Grant, GrantError> {
    let redirect_uri = settings.redirect_uri();
    let answer = api
        .call_basic(
            "oauth.v2.access",
            &settings.client_id,
            settings.client_secret.expose_secret(),
            &[("code", code), ("redirect_uri", &redirect_uri)],
        )
        .await?;
    parse_grant(&answer)
}

/// Trades a refresh token for a fresh token pair (`oauth.v2.access`, `grant_type=refresh_token`).
pub async fn refresh(
    api: &SlackApi,
    settings: &OAuthSettings,
    refresh_token: &Token,
) -> Result<Grant, GrantError> {
    let answer = api
        .call_basic(
            "oauth.v2.access",
            &settings.client_id,
            settings.client_secret.expose_secret(),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.expose()),
            ],
        )
        .await?;
    parse_grant(&answer)
}

fn parse_grant(v: &Value) -> Result<Grant, GrantError> {
    let text = |pointer: &str| {
        v.pointer(pointer)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    if text("/token_type").is_some_and(|t| t != "bot") {
        return Err(GrantError::Incomplete("a bot token"));
    }
    let bot_token = text("/access_token")
        .map(Token::new)
        .ok_or(GrantError::Incomplete("access_token"))?;
    let named = |at: &str| {
        let id = text(&format!("{at}/id")).and_then(|s| TeamId::parse(s).ok())?;
        Some(Named {
            id,
            name: text(&format!("{at}/name")).map(str::to_owned),
        })
    };
    let grant = Grant {
        bot_token,
        refresh_token: text("/refresh_token").map(Token::new),
        expires_in: v.get("expires_in").and_then(Value::as_i64),
        scope: text("/scope").unwrap_or_default().to_owned(),
        bot_user_id: text("/bot_user_id").and_then(|s| UserId::parse(s).ok()),
        app_id: text("/app_id").map(str::to_owned),
        team: named("/team"),
        enterprise: named("/enterprise"),
        is_enterprise_install: v
            .get("is_enterprise_install")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        authed_user: text("/authed_user/id").and_then(|s| UserId::parse(s).ok()),
    };
    if grant.install_key().is_none() {
        return Err(GrantError::Incomplete(if grant.is_enterprise_install {
            "enterprise.id"
        } else {
            "team.id"
        }));
    }
    Ok(grant)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn workspace_and_org_wide_grants_are_keyed_apart() {
        let workspace = parse_grant(&json!({
            "ok": true, "access_token": "xoxb-1", "token_type": "bot", "scope": "commands",
            "bot_user_id": "UBOT", "app_id": "A1", "team": {"id": "T1", "name": "Acme"},
            "enterprise": null, "is_enterprise_install": false, "authed_user": {"id": "U1"}
        }))
        .expect("valid");
        assert_eq!(workspace.install_key().map(TeamId::as_str), Some("T1"));
        assert_eq!(
            workspace.team.as_ref().and_then(|t| t.name.as_deref()),
            Some("Acme")
        );
        assert!(workspace.refresh_token.is_none());

        let org = parse_grant(&json!({
            "ok": true, "access_token": "xoxe.xoxb-1", "token_type": "bot", "team": null,
            "enterprise": {"id": "E1", "name": "Acme Org"}, "is_enterprise_install": true,
            "refresh_token": "xoxe-1-r", "expires_in": 43200
        }))
        .expect("valid");
        assert_eq!(org.install_key().map(TeamId::as_str), Some("E1"));
        assert_eq!(org.expires_in, Some(43200));
        assert!(org.refresh_token.is_some());
    }

    fn manifest_scopes(manifest: &str) -> Vec<&str> {
        manifest
            .lines()
            .skip_while(|l| l.trim() != "bot:")
            .skip(1)
            .filter(|l| !l.trim().starts_with('#'))
            .map_while(|l| l.trim().strip_prefix("- "))
            .collect()
    }

    #[test]
    fn both_manifests_ask_for_exactly_the_scopes_installs_request() {
        let http = include_str!("../../slack-app-manifest.yml");
        let socket = include_str!("../../slack-app-manifest.socket.yml");
        assert_eq!(manifest_scopes(http), BOT_SCOPES);
        assert_eq!(manifest_scopes(socket), BOT_SCOPES);
        assert!(socket.contains("socket_mode_enabled: true"));
        assert!(
            !socket.contains("url:"),
            "Socket Mode needs no request URLs: {socket}"
        );
        for event in ["app_uninstalled", "tokens_revoked", "app_mention"] {
            assert!(socket.contains(&format!("- {event}")), "{event}");
        }
        for manifest in [http, socket] {
            let callback = format!("callback_id: {}", crate::bot::shortcut::CALLBACK_ID);
            assert!(manifest.contains(&callback), "the message shortcut");
            let step = format!("  {}:", crate::bot::step::CALLBACK_ID);
            assert!(manifest.contains(&step), "the workflow step");
            assert!(manifest.contains("- app_context_changed"));
            let description = manifest
                .lines()
                .find_map(|l| l.trim().strip_prefix("agent_description: "))
                .expect("agent_view has a description");
            assert!(description.trim_matches('"').chars().count() <= 300);
            for prompt in crate::bot::agent::PROMPTS {
                assert!(manifest.contains(prompt.message), "{}", prompt.title);
            }
        }
    }

    #[test]
    fn grants_without_a_bot_token_or_an_owner_are_refused() {
        for (answer, lacks) in [
            (json!({"ok": true, "team": {"id": "T1"}}), "access_token"),
            (
                json!({"ok": true, "access_token": "xoxp-1", "token_type": "user", "team": {"id": "T1"}}),
                "a bot token",
            ),
            (json!({"ok": true, "access_token": "xoxb-1"}), "team.id"),
            (
                json!({"ok": true, "access_token": "xoxb-1", "is_enterprise_install": true, "team": {"id": "T1"}}),
                "enterprise.id",
            ),
        ] {
            match parse_grant(&answer) {
                Err(GrantError::Incomplete(what)) => assert_eq!(what, lacks),
                other => panic!("{answer}: {other:?}"),
            }
        }
    }
}
