//! Whether every answer a library can give fits Slack's Block Kit limits. Run where packs are
//! loaded (start-up, `mops-bot check`, the playground's reload), so a pack too big for Slack
//! is refused with the pack's name rather than failing later in someone's channel.

use crate::guidance::compose;
use crate::guidance::diagnostic::Diagnostic;
use crate::guidance::library::Library;
use crate::slack::blocks::{MAX_MESSAGE_BLOCKS, limit_violations};

/// One error for each way an answer from `library` breaks Slack's limits.
pub fn library_violations(library: &Library) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for pack in library.packs() {
        for (what, answer) in compose::all_answers(library, pack) {
            let message = super::message(&answer);
            for v in limit_violations(&message.blocks, MAX_MESSAGE_BLOCKS) {
                errors.push(Diagnostic::error(
                    &format!("{}.md", pack.id),
                    None,
                    format!("{what} breaks Slack's limits: {v}"),
                ));
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::compose;

    #[test]
    fn every_rendering_of_every_pack_is_within_slacks_limits() {
        let today = jiff::civil::date(2026, 11, 23);
        let library = Library::embedded(today).expect("valid").library;
        let mut checked = 0;
        for pack in library.packs() {
            for (what, answer) in compose::all_answers(&library, pack) {
                let message = crate::slack::render::message(&answer);
                let v = limit_violations(&message.blocks, MAX_MESSAGE_BLOCKS);
                assert!(v.is_empty(), "{} {what}: {v:?}", pack.id);
                assert!(!message.text.is_empty());
                checked += 1;
            }
        }
        for answer in [
            crate::guidance::help::general(&library),
            compose::topics(&library),
        ] {
            let message = crate::slack::render::message(&answer);
            assert!(limit_violations(&message.blocks, MAX_MESSAGE_BLOCKS).is_empty());
        }
        assert!(checked >= 39);
        assert!(library_violations(&library).is_empty());
    }
}

#[cfg(test)]
mod nudge_tests {
    use crate::guidance::library::Library;
    use crate::ids::ChannelId;
    use crate::nudges::message::nudge_message;
    use crate::slack::blocks::{MAX_MESSAGE_BLOCKS, limit_violations};
    use crate::slack::render;

    #[test]
    fn every_nudge_renders_within_slack_limits_with_buttons_and_fallback() {
        let today = jiff::civil::date(2026, 11, 23);
        let library = Library::embedded(today).expect("library loads").library;
        let channel = ChannelId::parse("C0123456789").unwrap();
        assert!(!library.nudges().is_empty());
        for nudge in library.nudges() {
            let m = render::message(&nudge_message(&library, nudge, &channel));
            let problems = limit_violations(&m.blocks, MAX_MESSAGE_BLOCKS);
            assert!(problems.is_empty(), "{}: {problems:?}", nudge.id);
            assert!(m.text.contains(&nudge.title) && m.text.contains("/mops advice"));
            let json = serde_json::to_string(&m.blocks).unwrap();
            for expected in [
                format!("\"action_id\":\"nudge_more\",\"value\":\"{}\"", nudge.topic),
                format!("\"action_id\":\"nudge_pause\",\"value\":\"{channel}\""),
                format!("\"value\":\"helpful:nudge:{}\"", nudge.id),
                format!("\"value\":\"not_helpful:nudge:{}\"", nudge.id),
                "\"type\":\"context_actions\"".to_owned(),
            ] {
                assert!(json.contains(&expected), "{expected} in {json}");
            }
        }
    }
}
