//! Key rotation through the binary and the database: a bot given the previous key as
//! `MOPS_ENCRYPTION_KEY_OLD` reads tokens sealed with it, and `mops-bot keys rotate` re-seals
//! every stored token under the current key, all or nothing, and changes nothing when run again.

use mops_bot::config::OAuthSettings;
use mops_bot::crypto::{Cipher, EncryptionKey};
use mops_bot::store::installations;
use secrecy::SecretString;
use url::Url;

use super::{bin, run};
use crate::fake_slack::Scripted;
use crate::helpers::{TestApp, spawn_app_on, test_config};
use crate::install_helpers::{
    CLIENT_ID, CLIENT_SECRET, KEY as OLD, PUBLIC_URL, contains, install, spawn_oauth_app, team,
    token_of,
};
use crate::test_db::{database_url, stored_bytes};

const NEW: &str = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho=";

fn key(text: &str) -> EncryptionKey {
    EncryptionKey::from_base64(text).expect("valid key")
}

/// A second bot on `app`'s database, sealing with the new key and reading with `previous`.
async fn bot_with_new_key(app: &TestApp, previous: Option<&str>) -> TestApp {
    let mut config = test_config(&app.slack, &app.db_dir);
    config.bot_token = None;
    config.oauth = Some(OAuthSettings {
        client_id: CLIENT_ID.to_owned(),
        client_secret: SecretString::from(CLIENT_SECRET),
        public_url: Url::parse(PUBLIC_URL).expect("valid"),
        encryption_key: key(NEW),
        previous_key: previous.map(key),
    });
    let own = tempfile::tempdir().expect("temp dir");
    spawn_app_on(app.slack.clone(), own, config).await
}

/// Runs `mops-bot keys rotate` on `app`'s database with the given keys.
async fn rotate(app: &TestApp, keys: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = bin(&dir);
    cmd.args(["keys", "rotate"])
        .env("DATABASE_URL", database_url(app.db_dir.path()));
    for (name, value) in keys {
        cmd.env(name, value);
    }
    let (out, stdout, stderr) = tokio::task::spawn_blocking(move || run(&mut cmd))
        .await
        .expect("the binary ran");
    drop(dir);
    (out.status.code(), stdout, stderr)
}

#[tokio::test]
async fn keys_rotate_reseals_every_token_with_the_new_key_once_and_the_old_key_reads_meanwhile() {
    let mut app = spawn_oauth_app().await;
    install(
        &app,
        Scripted::grant("T0002", "Northwind", "xoxb-northwind"),
    )
    .await;
    let rotating = Scripted::grant("T0003", "Contoso", "xoxe.xoxb-contoso")
        .rotating("xoxe-1-contoso-refresh", 43_200);
    install(&app, rotating).await;
    let new_cipher = Cipher::new(&key(NEW));

    // With the new key alone the stored tokens are unreadable; with the old one beside it,
    // the bot reads them.
    let mut new_only = bot_with_new_key(&app, None).await;
    assert_eq!(token_of(&new_only, "T0002").await, None);
    let mut both = bot_with_new_key(&app, Some(OLD)).await;
    assert_eq!(
        token_of(&both, "T0002").await.as_deref(),
        Some("xoxb-northwind")
    );
    new_only.stop().await;
    both.stop().await;

    // Without the old key nothing is re-sealed, and the installs it cannot read are named.
    let (code, _, stderr) = rotate(&app, &[("MOPS_ENCRYPTION_KEY", NEW)]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("T0002")
            && stderr.contains("T0003")
            && stderr.contains("MOPS_ENCRYPTION_KEY_OLD"),
        "{stderr}"
    );
    let unreadable = installations::find(&fresh_db(&app).await, &new_cipher, &team("T0002")).await;
    assert!(unreadable.is_err(), "nothing was changed");

    let with_old = [
        ("MOPS_ENCRYPTION_KEY", NEW),
        ("MOPS_ENCRYPTION_KEY_OLD", OLD),
    ];
    let (code, stdout, stderr) = rotate(&app, &with_old).await;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("re-sealed the tokens of 2 installation(s)")
            && stdout.contains("MOPS_ENCRYPTION_KEY_OLD can be removed"),
        "{stdout}"
    );
    for secret in ["xoxb-northwind", "xoxe-1-contoso-refresh", OLD, NEW] {
        assert!(!stdout.contains(secret) && !stderr.contains(secret));
    }

    // Now the new key alone reads every token, refresh tokens included.
    let db = fresh_db(&app).await;
    for (id, token, refresh) in [
        ("T0002", "xoxb-northwind", None),
        ("T0003", "xoxe.xoxb-contoso", Some("xoxe-1-contoso-refresh")),
    ] {
        let found = installations::find(&db, &new_cipher, &team(id))
            .await
            .unwrap_or_else(|e| panic!("{id} readable with the new key alone: {e}"))
            .expect("still installed");
        assert_eq!(found.bot_token.expose(), token);
        assert_eq!(found.refresh_token.as_ref().map(|t| t.expose()), refresh);
    }
    // A bot restarted with the new key alone works.
    let mut restarted = bot_with_new_key(&app, None).await;
    assert_eq!(
        token_of(&restarted, "T0002").await.as_deref(),
        Some("xoxb-northwind")
    );
    restarted.stop().await;

    // Running it again changes nothing.
    let (code, stdout, _) = rotate(&app, &with_old).await;
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("of 0 installation(s)") && stdout.contains("2 already used it"),
        "{stdout}"
    );

    // What is stored names the new key and holds no token in clear text. (Read with every
    // connection closed: reading a SQLite file beside open connections drops their locks.)
    db.close().await;
    app.stop().await;
    let bytes = stored_bytes(app.db_dir.path());
    assert!(contains(&bytes, &format!("v2:{}:", key(NEW).id())));
    for secret in [
        "xoxb-northwind",
        "xoxe.xoxb-contoso",
        "xoxe-1-contoso-refresh",
    ] {
        assert!(!contains(&bytes, secret), "{secret} stored in clear text");
    }
}

/// A new connection pool on `app`'s database, as a process started now would have.
async fn fresh_db(app: &TestApp) -> mops_bot::store::Db {
    mops_bot::store::Db::open(&database_url(app.db_dir.path()))
        .await
        .expect("db opens")
}
