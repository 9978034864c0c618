//! Block Kit limits: each kind of overflow is caught, headers are cut to fit, and escaping
//! neutralises mentions and links in what people typed.

use super::*;

#[test]
fn limits_catch_each_kind_of_overflow() {
    let long = "x".repeat(MAX_SECTION_TEXT + 1);
    let blocks = vec![
        Block::Header {
            text: Text::plain("h".repeat(151)),
        },
        Block::section(long),
        Block::Section {
            text: Text::mrkdwn(""),
            accessory: None,
        },
    ];
    let v = limit_violations(&blocks, MAX_MESSAGE_BLOCKS);
    assert_eq!(v.len(), 3, "{v:?}");
    let many = vec![Block::divider(); 51];
    assert_eq!(limit_violations(&many, MAX_MESSAGE_BLOCKS).len(), 1);
    assert!(limit_violations(&many, MAX_VIEW_BLOCKS).is_empty());
}

#[test]
fn header_builder_truncates_and_serializes_as_slack_expects() {
    let b = Block::header(&"a".repeat(200));
    assert!(limit_violations(std::slice::from_ref(&b), MAX_MESSAGE_BLOCKS).is_empty());
    let json = serde_json::to_value(Block::section("*hi*")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"type":"section","text":{"type":"mrkdwn","text":"*hi*"}})
    );
}

#[test]
fn escape_neutralises_mentions_and_links() {
    assert_eq!(
        escape("<!channel> & <http://x|y>"),
        "&lt;!channel&gt; &amp; &lt;http://x|y&gt;"
    );
}
