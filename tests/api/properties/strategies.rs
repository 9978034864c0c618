//! Generators for the property tests: what people type (ordinary, hostile, huge, any Unicode),
//! realistic Slack bodies for each endpoint with every field liable to be missing or odd, any
//! JSON value, deep nesting, and byte-level damage (truncation, flipped bytes, junk).

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Words the matcher knows, words it does not, and Slack's own markup.
const WORDS: &[&str] = &[
    "burnout",
    "advice",
    "share",
    "more",
    "nudge",
    "on",
    "off",
    "pause",
    "topics",
    "help",
    "my",
    "boss",
    "cmo",
    "quit",
    "stack",
    "martech",
    "headcount",
    "mentor",
    "burnuot",
    "strategc",
    "<!channel>",
    "<@U0001>",
    "&amp;",
    "&lt;",
    "*bold*",
    "`code`",
    "🙂",
    "ü",
    "\u{202e}",
    "\u{0}",
    "zzzz",
    "lol",
    "😤😤",
    "ß",
    "İ",
    "\u{fe0f}",
    "\t",
    "\n",
    "%",
    "+",
    "=",
    "&",
];

/// Text as it may follow `/mops`: plain, any Unicode, one very long word, many words.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(select(WORDS), 0..30).prop_map(|w| w.join(" ")),
        3 => any::<String>(),
        2 => "\\PC{0,300}",
        1 => (any::<char>(), 500usize..20_000).prop_map(|(c, n)| c.to_string().repeat(n)),
        1 => (select(WORDS), 100usize..3_000).prop_map(|(w, n)| vec![w; n].join(" ")),
    ]
}

/// A Slack id, or something that is not one.
fn id(prefix: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z0-9]{4,11}".prop_map(move |s| format!("{prefix}{s}")),
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

/// A `response_url`: the fake Slack's, another host's, or no URL at all.
fn response_url(own: String) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(own),
        1 => Just("https://evil.example/hook".to_owned()),
        1 => Just("javascript:alert(1)".to_owned()),
        1 => any::<String>(),
    ]
}

/// A slash-command form body: every field present, absent or odd.
pub fn command_body(own_url: String) -> impl Strategy<Value = Vec<u8>> {
    let fields = (
        text(),
        id("T"),
        id("C"),
        id("U"),
        response_url(own_url),
        prop_oneof![Just("/mops".to_owned()), any::<String>()],
        prop_oneof![Just("1".to_owned()), Just("0".to_owned()), any::<String>()],
    );
    // ssl_check is rare in real traffic: in one body in ten.
    let mut present: Vec<BoxedStrategy<bool>> = vec![prop::bool::weighted(0.9).boxed(); 8];
    present.push(prop::bool::weighted(0.1).boxed());
    (fields, present).prop_map(|((text, team, channel, user, url, command, ssl), keep)| {
        let all = [
            ("text", text),
            ("team_id", team),
            ("channel_id", channel),
            ("user_id", user),
            ("response_url", url),
            ("command", command),
            (
                "trigger_id",
                "13345224609.738474920.8088930838d88f008e0".to_owned(),
            ),
            ("is_enterprise_install", "false".to_owned()),
            ("ssl_check", ssl),
        ];
        let kept: Vec<_> = all
            .into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(field, _)| field)
            .collect();
        serde_urlencoded::to_string(kept)
            .unwrap_or_default()
            .into_bytes()
    })
}

/// Any JSON value, nested a few levels.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An Events API body: realistic envelopes of every event the bot knows (and some it does
/// not), workspace and org-wide, with any field liable to be odd; or any JSON at all.
pub fn event_body() -> impl Strategy<Value = Vec<u8>> {
    let event_type = select(
        &[
            "app_mention",
            "message",
            "app_home_opened",
            "app_uninstalled",
            "tokens_revoked",
            "team_access_revoked",
            "team_access_granted",
            "member_joined_channel",
            "reaction_added",
            "",
        ][..],
    );
    let subtype = prop::option::of(select(
        &["file_share", "bot_message", "message_changed"][..],
    ));
    let envelope = (
        (event_type, subtype, text(), id("U"), id("C"), id("T")),
        (
            prop::option::of(id("E")),
            any::<bool>(),
            "[0-9A-Za-z]{0,12}",
            any_json(),
        ),
        prop::bool::weighted(0.2),
    );
    let callback = envelope.prop_map(
        |((kind, subtype, text, user, channel, team), (enterprise, org, id, extra), odd)| {
            let mut event = json!({
                "type": kind, "user": user, "channel": channel, "text": text,
                "channel_type": if channel.starts_with('D') { "im" } else { "channel" },
                "ts": "1764583200.000100", "tokens": {"bot": [user]},
            });
            if let Some(subtype) = subtype {
                event["subtype"] = json!(subtype);
            }
            if odd {
                event["extra"] = extra;
            }
            let mut body = json!({
                "type": "event_callback", "event_id": format!("Ev{id}"), "event_time": 1764583200,
                "api_app_id": "A0MOPSBOT", "is_enterprise_install": org, "event": event,
                "authorizations": [{"team_id": team, "enterprise_id": enterprise, "is_enterprise_install": org}],
            });
            if !org {
                body["team_id"] = json!(team);
            }
            if let Some(enterprise) = enterprise {
                body["enterprise_id"] = json!(enterprise);
                body["context_enterprise_id"] = json!(enterprise);
            }
            body.to_string().into_bytes()
        },
    );
    prop_oneof![
        6 => callback,
        1 => text().prop_map(|c| json!({"type": "url_verification", "challenge": c}).to_string().into_bytes()),
        2 => any_json().prop_map(|v| v.to_string().into_bytes()),
        1 => nested(),
    ]
}

/// A button click, modal submission or shortcut as `payload=` JSON, or any JSON there.
pub fn interaction_body(own_url: String) -> impl Strategy<Value = Vec<u8>> {
    let action_id = prop_oneof![
        4 => select(&[
            "share_answer", "related_topic", "more_topic", "feedback_helpful",
            "feedback_not_helpful", "home_topic", "nudge_more", "nudge_pause",
        ][..]).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    let value = prop_oneof![
        select(
            &[
                "burnout",
                "topic:burnout",
                "nudge:n-1",
                "C0001",
                "metrics",
                "../x"
            ][..]
        )
        .prop_map(str::to_owned),
        text(),
    ];
    let kind = select(
        &[
            "block_actions",
            "view_submission",
            "shortcut",
            "message_action",
            "x",
        ][..],
    );
    let click = (
        kind,
        action_id,
        value,
        id("U"),
        id("T"),
        id("C"),
        response_url(own_url),
        any_json(),
    );
    let payload = click.prop_map(|(kind, action, value, user, team, channel, url, extra)| {
        json!({
            "type": kind, "user": {"id": user, "team_id": team}, "team": {"id": team},
            "channel": {"id": channel}, "container": {"type": "message", "channel_id": channel},
            "api_app_id": "A0MOPSBOT", "trigger_id": "1.2.3", "response_url": url,
            "actions": [{"action_id": action, "block_id": "b", "value": value, "type": "button"}],
            "view": {"id": "V1", "callback_id": action, "private_metadata": value, "state": {"values": extra}},
        })
    });
    let json_text = prop_oneof![
        5 => payload.prop_map(|v| v.to_string()),
        2 => any_json().prop_map(|v| v.to_string()),
        1 => nested().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    json_text.prop_map(|p| {
        serde_urlencoded::to_string([("payload", p)])
            .unwrap_or_default()
            .into_bytes()
    })
}

/// JSON nested far deeper than any parser's recursion limit.
fn nested() -> impl Strategy<Value = Vec<u8>> {
    (1usize..20_000, any::<bool>()).prop_map(|(depth, arrays)| {
        let (open, close) = if arrays { ("[", "]") } else { ("{\"a\":", "}") };
        format!("{}1{}", open.repeat(depth), close.repeat(depth)).into_bytes()
    })
}
