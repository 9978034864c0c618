//! Socket Mode and "Add to Slack" together: envelopes from an installed workspace act with
//! that workspace's token, and an uninstall arriving over the socket removes it.

use mops_bot::config::OAuthSettings;
use mops_bot::crypto::EncryptionKey;
use secrecy::SecretString;
use serde_json::json;
use url::Url;

use super::spawn_socket_app_with;
use crate::fake_slack::{FakeSlack, Scripted};
use crate::fake_socket::FakeSocket;
use crate::install_helpers::{
    CLIENT_ID, CLIENT_SECRET, KEY, PUBLIC_URL, event_from, install, mention, stored, until_stored,
};

#[tokio::test]
async fn socket_envelopes_act_with_the_installed_workspaces_token() {
    let socket = FakeSocket::start().await;
    let app = spawn_socket_app_with(FakeSlack::start().await, &socket, |config| {
        config.bot_token = None;
        config.oauth = Some(OAuthSettings {
            client_id: CLIENT_ID.to_owned(),
            client_secret: SecretString::from(CLIENT_SECRET),
            public_url: Url::parse(PUBLIC_URL).expect("valid"),
            encryption_key: EncryptionKey::from_base64(KEY).expect("valid"),
            previous_key: None,
        });
    })
    .await;
    socket.until("a connection", |s| s.connections() == 1).await;
    let (status, _) = install(
        &app,
        Scripted::grant("T0002", "Northwind", "xoxb-northwind"),
    )
    .await;
    assert_eq!(status, 200, "installs work in Socket Mode too");

    let asked = event_from(
        "T0002",
        None,
        "Ev0SOCK0001",
        mention("T0002", "advice burnout"),
    );
    let asked: serde_json::Value = serde_json::from_str(&asked).expect("json");
    socket.envelope(0, "env-ask", "events_api", asked);
    let posted = app.slack.wait_for("/api/chat.postMessage", 1).await;
    assert_eq!(
        posted[0].header("authorization"),
        Some("Bearer xoxb-northwind")
    );

    let stranger = event_from(
        "T0009",
        None,
        "Ev0SOCK0002",
        mention("T0009", "advice burnout"),
    );
    let stranger: serde_json::Value = serde_json::from_str(&stranger).expect("json");
    socket.envelope(0, "env-stranger", "events_api", stranger);
    socket.ack_of(0, "env-stranger").await;

    let gone = event_from(
        "T0002",
        None,
        "Ev0SOCK0003",
        json!({ "type": "app_uninstalled" }),
    );
    let gone: serde_json::Value = serde_json::from_str(&gone).expect("json");
    socket.envelope(0, "env-uninstall", "events_api", gone);
    until_stored(&app, &[]).await;
    assert!(stored(&app).await.is_empty());
    let all = app.settled("/api/chat.postMessage").await;
    assert_eq!(all.len(), 1, "the uninstalled workspace gets nothing");
}
