//! Whatever a signed request carries, the bot answers with a 2xx or a 4xx: never a panic and
//! never a 5xx for the client's mistake. Bodies are generated from a fixed seed, so a failure
//! reproduces.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::helpers::{TestApp, spawn_app};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// Hand-picked hostile bodies: broken encodings, wrong shapes, deep nesting, odd values.
fn hostile_bodies(app: &TestApp, url: &str) -> Vec<String> {
    let mut bodies = vec![
        String::new(),
        "=".into(),
        "&&&&".into(),
        "%".into(),
        "%zz=%zz".into(),
        "payload=".into(),
        "payload=%7B".into(),
        "payload=null".into(),
        "payload=%5B%5D".into(),
        "payload=%7B%22type%22%3A%22block_actions%22%7D".into(),
        "payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%7D%5D%7D".into(),
        "{".into(),
        "null".into(),
        "[]".into(),
        "\"event_callback\"".into(),
        r#"{"type":"event_callback"}"#.into(),
        r#"{"type":"event_callback","event_id":"Ev1","event":{}}"#.into(),
        r#"{"type":"event_callback","event_id":"Ev2","team_id":"T0001","event":{"type":"app_mention","user":7}}"#.into(),
        r#"{"type":"url_verification"}"#.into(),
        r#"{"type":"url_verification","challenge":{"nested":true}}"#.into(),
        format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
        app.command_body(&"\u{202e}\u{0000}ü🙂".repeat(200), url),
        app.command_body("nudge on Moonday 25:99 Mars/Olympus", url),
        app.command_body("nudge pause 99999999999999999999 weeks", url),
        app.command_body("share", "javascript:alert(1)"),
        app.command_body("advice", "https://hooks.slack.com:99999/x"),
    ];
    bodies.push(
        app.command_body("ok", url)
            .replace("team_id=T0001", "team_id=T%00%FF"),
    );
    bodies
}

fn random_body(rng: &mut StdRng) -> String {
    let len = rng.gen_range(0..400);
    let alphabet = b"{}[]\":,=&%+ abcdefTUCtypeventpayload0123456789\\\n";
    (0..len)
        .map(|_| {
            if rng.gen_bool(0.1) {
                char::from_u32(rng.gen_range(0x80..0x2_0000)).unwrap_or('?')
            } else {
                char::from(alphabet[rng.gen_range(0..alphabet.len())])
            }
        })
        .collect()
}

#[tokio::test]
async fn no_signed_body_gets_a_5xx_or_brings_the_server_down() {
    let app = spawn_app().await;
    let mut rng = StdRng::seed_from_u64(0x6d6f_7073);
    let url = app.response_url();
    let mut bodies = hostile_bodies(&app, &url);
    bodies.extend((0..150).map(|_| random_body(&mut rng)));
    for path in ["/slack/commands", "/slack/events", "/slack/interactions"] {
        for content_type in [FORM, JSON] {
            for body in &bodies {
                let status = app.post_signed(path, body, content_type).await.status();
                assert!(
                    status.is_success() || status.is_client_error(),
                    "{path} ({content_type}) answered {status} to {body:?}"
                );
            }
        }
    }
    // The three well-formed commands (each sent as form and as "JSON") were all answered: no
    // background task died on its odd text.
    let path = app.path_of(&url);
    app.slack.wait_for(&path, 6).await;
    let replies = app.settled(&path).await;
    assert_eq!(replies.len(), 6);
    let shown: Vec<String> = replies
        .iter()
        .map(|r| r.json()["text"].to_string())
        .collect();
    assert!(
        shown.iter().any(|t| t.contains("Moonday")),
        "a friendly correction: {shown:?}"
    );
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .expect("still serving");
    assert_eq!(health.status(), 200);
}
