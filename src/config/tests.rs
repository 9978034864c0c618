//! Settings read from the environment: defaults, accepted values, and errors naming the variable.

use super::*;
use std::collections::HashMap;

/// The settings `vars` would give, read as from the environment.
pub(super) fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|k| map.get(k).cloned())
}

#[test]
fn defaults_apply_when_nothing_is_set() {
    let c = config(&[]).expect("defaults are valid");
    assert_eq!(c.listen.to_string(), "0.0.0.0:3000");
    assert_eq!(c.api_url.as_str(), "https://slack.com/api");
    assert_eq!(c.log_format, LogFormat::Pretty);
    assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
    assert_eq!(c.retry.timeout, Duration::from_secs(10));
    let short = config(&[("MOPS_SLACK_TIMEOUT", "1500ms")]).expect("valid");
    assert_eq!(short.retry.timeout, Duration::from_millis(1500));
    assert!(c.metrics);
    assert!(!config(&[("MOPS_METRICS", "OFF")]).unwrap().metrics);
    assert!(
        !c.record_unmatched,
        "unanswered questions are kept only when asked for"
    );
    for on in ["true", "TRUE", "on"] {
        let c = config(&[("MOPS_RECORD_UNMATCHED", on)]).unwrap();
        assert!(c.record_unmatched, "{on}");
    }
    assert!(
        !config(&[("MOPS_RECORD_UNMATCHED", "false")])
            .unwrap()
            .record_unmatched
    );
    let err = c.require_signing_secret().unwrap_err();
    assert_eq!(err.var, "SLACK_SIGNING_SECRET");
}

#[test]
fn port_is_used_only_without_mops_listen() {
    assert_eq!(config(&[("PORT", "8080")]).unwrap().listen.port(), 8080);
    let both = config(&[("PORT", "8080"), ("MOPS_LISTEN", "127.0.0.1:9000")]).unwrap();
    assert_eq!(both.listen.to_string(), "127.0.0.1:9000");
}

#[test]
fn bad_values_name_the_variable() {
    for (var, value) in [
        ("MOPS_LISTEN", "localhost"),
        ("PORT", "eighty"),
        ("MOPS_LOG_FORMAT", "xml"),
        ("SLACK_API_URL", "ftp://example.com"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("MOPS_SLACK_TIMEOUT", "forever"),
        ("MOPS_SLACK_TIMEOUT", "0s"),
        ("MOPS_LOG_MESSAGE_TEXT", "sometimes"),
        ("MOPS_METRICS", "maybe"),
        ("MOPS_RECORD_UNMATCHED", "yes please"),
        ("MOPS_REPLY_CONCURRENCY", "0"),
    ] {
        let err = config(&[(var, value)]).unwrap_err();
        assert_eq!(err.var, var);
        assert!(err.to_string().starts_with(var), "{err}");
    }
}

#[test]
fn secrets_never_show_in_debug_or_errors() {
    let c = config(&[
        ("SLACK_SIGNING_SECRET", "shhh-signing-secret"),
        ("SLACK_BOT_TOKEN", "xoxb-very-secret-token"),
    ])
    .unwrap();
    let shown = format!("{c:?}");
    assert!(
        !shown.contains("shhh-signing-secret") && !shown.contains("xoxb-very-secret"),
        "{shown}"
    );
    let err = config(&[("SLACK_BOT_TOKEN", "xoxp-leaky-user-token")])
        .unwrap_err()
        .to_string();
    assert!(!err.contains("leaky"), "{err}");
}
