//! Tokens stay hidden, and errors are sorted into transient, refused and possibly delivered.

use super::*;

#[test]
fn tokens_never_show_in_debug() {
    let t = Token::new("xoxb-123-secret");
    assert_eq!(format!("{t:?}"), "Token([REDACTED])");
    let e = ApiError::Slack("invalid_auth".into());
    assert!(!e.to_string().contains("xoxb"));
}

#[test]
fn transient_errors_are_told_apart() {
    assert!(ApiError::Status(StatusCode::BAD_GATEWAY).is_transient());
    assert!(ApiError::Slack("internal_error".into()).is_transient());
    assert!(!ApiError::Slack("channel_not_found".into()).is_transient());
    assert!(!ApiError::Status(StatusCode::BAD_REQUEST).is_transient());
}

#[test]
fn only_answers_that_prove_a_refusal_rule_out_delivery() {
    for maybe in [
        ApiError::Transport("timed out"),
        ApiError::Status(StatusCode::BAD_GATEWAY),
        ApiError::Decode,
        ApiError::Slack("internal_error".into()),
        ApiError::Slack("fatal_error".into()),
        ApiError::Slack("request_timeout".into()),
    ] {
        assert!(maybe.may_have_arrived(), "{maybe:?}");
    }
    for refused in [
        ApiError::Unreachable("connection failed"),
        ApiError::RateLimited(Duration::from_secs(1)),
        ApiError::Slack("not_in_channel".into()),
        ApiError::Slack("invalid_auth".into()),
        ApiError::Slack("channel_not_found".into()),
        ApiError::Slack("is_archived".into()),
        ApiError::Status(StatusCode::BAD_REQUEST),
    ] {
        assert!(!refused.may_have_arrived(), "{refused:?}");
    }
}
