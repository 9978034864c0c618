//! The signed-command hot path: verify the signature, parse the form, match the text and
//! render the Block Kit answer, as `POST /slack/commands` does for every request.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mops_bot::guidance::Guide;
use mops_bot::guidance::grammar;
use mops_bot::guidance::library::Library;
use mops_bot::slack::command::SlashCommand;
use mops_bot::slack::verify::{Verifier, sign};
use secrecy::SecretString;

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const TS: i64 = 1_531_420_618;

fn body(text: &str) -> String {
    serde_urlencoded::to_string([
        ("token", "xyzz0WbapA4vBCDEFasx0q6G"),
        ("team_id", "T1DC2JH3J"),
        ("team_domain", "testteamnow"),
        ("channel_id", "G8PSS9T3V"),
        ("channel_name", "foobar"),
        ("user_id", "U2CERLKJA"),
        ("user_name", "roadrunner"),
        ("command", "/mops"),
        ("text", text),
        (
            "response_url",
            "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN",
        ),
        (
            "trigger_id",
            "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
        ),
    ])
    .expect("encodes")
}

fn hot_path(c: &mut Criterion) {
    let library = Library::embedded(jiff::civil::date(2026, 11, 23))
        .expect("library")
        .library;
    let guide = Guide::new(library);
    let verifier = Verifier::new(SecretString::from(SECRET.to_owned()));
    for (name, text) in [
        ("signed_command/advice_burnout", "advice burnout"),
        (
            "signed_command/free_text",
            "everyone keeps dumping extra work on me and my manager doesn't see it",
        ),
    ] {
        let body = body(text);
        let signature = sign(SECRET, TS, body.as_bytes());
        c.bench_function(name, |b| {
            b.iter(|| {
                verifier
                    .verify(
                        Some("1531420618"),
                        Some(&signature),
                        black_box(body.as_bytes()),
                        TS,
                    )
                    .expect("valid");
                let command = SlashCommand::from_form(body.as_bytes()).expect("parses");
                let reply = guide.answer(&grammar::parse(&command.text), &command.user_id);
                let message = mops_bot::slack::render::message(&reply);
                black_box(serde_json::to_vec(&message).expect("serializes"))
            })
        });
    }
}

criterion_group!(benches, hot_path);
criterion_main!(benches);
