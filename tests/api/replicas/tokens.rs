//! Installs and token rotation shared by replicas: installed through one, used by all, and
//! a token that two replicas need refreshed at once is refreshed once.

use std::time::Duration;

use jiff::SignedDuration;
use mops_bot::config::OAuthSettings;
use mops_bot::crypto::EncryptionKey;
use secrecy::SecretString;
use url::Url;

use crate::fake_slack::Scripted;
use crate::helpers::spawn_replicas;
use crate::install_helpers::{CLIENT_ID, CLIENT_SECRET, KEY, PUBLIC_URL, install, token_of};

const REFRESH: &str = "/api/oauth.v2.access";

#[tokio::test]
async fn two_replicas_refreshing_at_once_refresh_once_and_both_use_the_new_token() {
    let r = spawn_replicas(3, |config| {
        config.bot_token = None;
        config.oauth = Some(OAuthSettings {
            client_id: CLIENT_ID.to_owned(),
            client_secret: SecretString::from(CLIENT_SECRET),
            public_url: Url::parse(PUBLIC_URL).expect("valid"),
            encryption_key: EncryptionKey::from_base64(KEY).expect("valid key"),
            previous_key: None,
        });
    })
    .await;
    // Installed through one replica (its OAuth state issued there), used by every one.
    let grant = Scripted::grant("T0002", "Northwind", "xoxe.xoxb-first")
        .rotating("xoxe-1-first-refresh", 43_200);
    install(&r[0], grant).await;
    for app in &r {
        assert_eq!(
            token_of(app, "T0002").await.as_deref(),
            Some("xoxe.xoxb-first")
        );
    }

    for app in &r {
        app.clock.advance(SignedDuration::from_mins(11 * 60 + 50));
    }
    r[0].slack.script(
        REFRESH,
        Scripted::grant("T0002", "Northwind", "xoxe.xoxb-second")
            .rotating("xoxe-1-second-refresh", 43_200)
            .delayed(Duration::from_millis(300)),
    );
    let (a, b, c) = tokio::join!(
        token_of(&r[0], "T0002"),
        token_of(&r[1], "T0002"),
        token_of(&r[2], "T0002")
    );
    let calls = r[0].slack.received(REFRESH);
    for token in [a, b, c] {
        assert_eq!(token.as_deref(), Some("xoxe.xoxb-second"));
    }
    assert_eq!(calls.len(), 2, "one install, one refresh: {calls:?}");
    assert_eq!(calls[1].form()["refresh_token"], "xoxe-1-first-refresh");
}
