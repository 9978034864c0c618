//! Settings for installing into many workspaces (OAuth) and for Socket Mode.

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::ConfigError;
use crate::crypto::{EncryptionKey, KEY_HELP, Keys};
pub use crate::slack::oauth::OAuthSettings;
pub use crate::slack::socket_mode::SocketTiming;

/// Reads `MOPS_ENCRYPTION_KEY` and, while keys are being rotated, `MOPS_ENCRYPTION_KEY_OLD`.
pub(super) fn keys(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<Keys>, ConfigError> {
    let parse = |name: &'static str| {
        var(name)
            .map(|text| {
                EncryptionKey::from_base64(&text).map_err(|e| ConfigError::new(name, e.to_string()))
            })
            .transpose()
    };
    let (current, previous) = (
        parse("MOPS_ENCRYPTION_KEY")?,
        parse("MOPS_ENCRYPTION_KEY_OLD")?,
    );
    match (current, previous) {
        (Some(current), previous) => Ok(Some(Keys { current, previous })),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(ConfigError::new(
            "MOPS_ENCRYPTION_KEY_OLD",
            "set without MOPS_ENCRYPTION_KEY; the old key only reads what it sealed, \
             MOPS_ENCRYPTION_KEY is the one new values are sealed with",
        )),
    }
}

/// Reads the OAuth settings through `var`: none of them set means single-workspace mode;
/// some but not all is an error naming the first one missing.
pub(super) fn oauth(
    var: &dyn Fn(&str) -> Option<String>,
    keys: Option<&Keys>,
    bot_token_set: bool,
) -> Result<Option<OAuthSettings>, ConfigError> {
    let client_id = var("SLACK_CLIENT_ID");
    let client_secret = var("SLACK_CLIENT_SECRET").map(SecretString::from);
    if client_id.is_none() && client_secret.is_none() {
        return Ok(None);
    }
    let (Some(client_id), Some(client_secret)) = (client_id, client_secret) else {
        let missing = if var("SLACK_CLIENT_ID").is_none() {
            "SLACK_CLIENT_ID"
        } else {
            "SLACK_CLIENT_SECRET"
        };
        return Err(ConfigError::new(
            missing,
            "installs need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information page of your Slack app)",
        ));
    };
    if bot_token_set {
        return Err(ConfigError::new(
            "SLACK_BOT_TOKEN",
            "not used when SLACK_CLIENT_ID is set (each workspace's token comes from its install); \
             remove SLACK_BOT_TOKEN, or remove SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for one workspace",
        ));
    }
    let Some(keys) = keys else {
        return Err(ConfigError::new(
            "MOPS_ENCRYPTION_KEY",
            format!(
                "required with SLACK_CLIENT_ID, to encrypt workspace tokens at rest; {KEY_HELP}"
            ),
        ));
    };
    let public_url = public_url(var("MOPS_PUBLIC_URL"))?;
    if client_secret.expose_secret().len() < 8 {
        return Err(ConfigError::new(
            "SLACK_CLIENT_SECRET",
            "too short to be a client secret; copy it from your Slack app's Basic Information page",
        ));
    }
    Ok(Some(OAuthSettings {
        client_id,
        client_secret,
        public_url,
        encryption_key: keys.current.clone(),
        previous_key: keys.previous.clone(),
    }))
}

fn public_url(raw: Option<String>) -> Result<Url, ConfigError> {
    const VAR: &str = "MOPS_PUBLIC_URL";
    let Some(raw) = raw else {
        return Err(ConfigError::new(
            VAR,
            "required with SLACK_CLIENT_ID: the https address people reach the bot at, \
             such as https://mops.example.com (Slack redirects to {MOPS_PUBLIC_URL}/slack/oauth_redirect)",
        ));
    };
    let url = Url::parse(&raw).map_err(|e| {
        ConfigError::new(
            VAR,
            format!("not a URL ({e}); expected https://mops.example.com"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host().is_none()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(ConfigError::new(
            VAR,
            format!("expected an address such as https://mops.example.com, got {raw:?}"),
        ));
    }
    Ok(url)
}

/// Reads `SLACK_APP_TOKEN`, the app-level token Socket Mode connects with.
pub(super) fn app_token(
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<SecretString>, ConfigError> {
    match var("SLACK_APP_TOKEN") {
        None => Ok(None),
        Some(t) if t.starts_with("xapp-") => Ok(Some(SecretString::from(t))),
        Some(_) => Err(ConfigError::new(
            "SLACK_APP_TOKEN",
            "expected an app-level token starting with xapp- (Basic Information → App-Level Tokens, \
             with the connections:write scope)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::config;

    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    fn oauth_vars() -> Vec<(&'static str, &'static str)> {
        vec![
            ("SLACK_CLIENT_ID", "1234.5678"),
            ("SLACK_CLIENT_SECRET", "client-secret-abcdef"),
            ("MOPS_PUBLIC_URL", "https://mops.example.com/"),
            ("MOPS_ENCRYPTION_KEY", KEY),
        ]
    }

    #[test]
    fn complete_oauth_settings_turn_installs_on() {
        let c = config(&oauth_vars()).expect("valid");
        let oauth = c.oauth.expect("oauth mode");
        assert_eq!(
            oauth.redirect_uri(),
            "https://mops.example.com/slack/oauth_redirect"
        );
        assert!(oauth.is_https());
        assert!(config(&[]).expect("valid").oauth.is_none());
    }

    #[test]
    fn oauth_refuses_to_start_without_each_setting() {
        for (missing, var) in [
            ("MOPS_ENCRYPTION_KEY", "MOPS_ENCRYPTION_KEY"),
            ("MOPS_PUBLIC_URL", "MOPS_PUBLIC_URL"),
            ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_SECRET"),
            ("SLACK_CLIENT_ID", "SLACK_CLIENT_ID"),
        ] {
            let vars: Vec<_> = oauth_vars()
                .into_iter()
                .filter(|(k, _)| *k != missing)
                .collect();
            let err = config(&vars).unwrap_err();
            assert_eq!(err.var, var, "without {missing}: {err}");
        }
        let err = config(&[
            ("SLACK_CLIENT_ID", "1.2"),
            ("SLACK_CLIENT_SECRET", "secret-abcdef"),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("openssl rand -base64 32"), "{err}");
    }

    #[test]
    fn bad_install_and_socket_values_name_the_variable() {
        let mut with_token = oauth_vars();
        with_token.push(("SLACK_BOT_TOKEN", "xoxb-1"));
        assert_eq!(config(&with_token).unwrap_err().var, "SLACK_BOT_TOKEN");
        for (var, value) in [
            ("MOPS_ENCRYPTION_KEY", "c2hvcnQ="),
            ("MOPS_ENCRYPTION_KEY", "%%%"),
            ("MOPS_PUBLIC_URL", "mops.example.com"),
            ("MOPS_PUBLIC_URL", "https://mops.example.com/?x=1"),
        ] {
            let mut vars: Vec<_> = oauth_vars()
                .into_iter()
                .filter(|(k, _)| *k != var)
                .collect();
            vars.push((var, value));
            assert_eq!(config(&vars).unwrap_err().var, var, "{var}={value}");
        }
        let err = config(&[("SLACK_APP_TOKEN", "xoxb-not-an-app-token")]).unwrap_err();
        assert_eq!(err.var, "SLACK_APP_TOKEN");
        assert!(!err.to_string().contains("not-an-app-token"));
    }

    #[test]
    fn an_old_key_is_read_beside_the_current_one_and_never_alone() {
        const OLD: &str = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
        let mut vars = oauth_vars();
        vars.push(("MOPS_ENCRYPTION_KEY_OLD", OLD));
        let c = config(&vars).expect("valid");
        let keys = c.encryption_keys.expect("keys");
        assert!(keys.previous.is_some());
        assert!(c.oauth.expect("oauth").previous_key.is_some());
        assert!(!format!("{keys:?}").contains(OLD));
        let alone = config(&[("MOPS_ENCRYPTION_KEY_OLD", OLD)]).unwrap_err();
        assert_eq!(alone.var, "MOPS_ENCRYPTION_KEY_OLD");
        let bad = config(&[
            ("MOPS_ENCRYPTION_KEY", KEY),
            ("MOPS_ENCRYPTION_KEY_OLD", "%%%"),
        ]);
        assert_eq!(bad.unwrap_err().var, "MOPS_ENCRYPTION_KEY_OLD");
        // Without installs the keys are still read, for `mops-bot keys rotate`.
        assert!(
            config(&[("MOPS_ENCRYPTION_KEY", KEY)])
                .expect("valid")
                .encryption_keys
                .is_some()
        );
    }

    #[test]
    fn socket_mode_needs_no_signing_secret_but_http_does() {
        let socket = config(&[("SLACK_APP_TOKEN", "xapp-1-A1-secret")]).expect("valid");
        assert!(socket.check_serve().is_ok());
        assert_eq!(
            config(&[]).expect("valid").check_serve().unwrap_err().var,
            "SLACK_SIGNING_SECRET"
        );
    }

    #[test]
    fn install_secrets_never_show_in_debug() {
        let mut vars = oauth_vars();
        vars.push(("SLACK_APP_TOKEN", "xapp-1-A1-very-secret"));
        let shown = format!("{:?}", config(&vars).expect("valid"));
        for secret in ["client-secret-abcdef", KEY, "very-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}
