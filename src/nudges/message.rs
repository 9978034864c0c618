//! How nudges and the `/mops nudge` replies look in Slack. Button ids and values follow the
//! shared contract: `nudge_more` (topic id), `nudge_pause` (channel id),
//! `feedback_helpful` / `feedback_not_helpful` (`nudge:<id>`).

use crate::guidance::actions::{Subject, feedback_buttons, nudge_more_button, nudge_pause_button};
use crate::guidance::library::Library;
use crate::guidance::nudge::Nudge;
use crate::slack::blocks::{Block, truncate};
use crate::slack::ids::ChannelId;
use crate::slack::message::Message;

/// The weekly post for `nudge` in `channel`: Block Kit with a plain-text fallback.
pub fn nudge_message(library: &Library, nudge: &Nudge, channel: &ChannelId) -> Message {
    let topic = library
        .pack(&nudge.topic)
        .map_or(nudge.topic.as_str(), |p| p.title.as_str());
    let blocks = vec![
        Block::header(&format!(":seedling: Weekly nudge: {}", nudge.title)),
        Block::section(truncate(&nudge.body, 2900)),
        Block::section(truncate(&format!("*This week:* {}", nudge.action), 2900)),
        Block::context(format!(
            "Go deeper on _{topic}_: `/mops advice {}`",
            nudge.topic
        )),
        Block::actions(format!("nudge:{}", truncate(&nudge.id, 200)), {
            let [helpful, not_helpful] = feedback_buttons(&Subject::Nudge(nudge.id.clone()));
            vec![
                nudge_more_button(&nudge.topic),
                helpful,
                not_helpful,
                nudge_pause_button(channel),
            ]
        }),
        Block::context(
            "Weekly nudges from mops-bot · `/mops nudge status` · `/mops nudge off` to stop",
        ),
    ];
    let text = format!(
        "Weekly nudge: {}. {} This week: {} (more: /mops advice {})",
        nudge.title, nudge.body, nudge.action, nudge.topic
    );
    Message::new(truncate(&text, 3000), blocks)
}

/// What a Slack error code that stopped a subscription means for the people in the channel.
pub fn explain_reason(code: &str) -> String {
    let why = match code {
        "not_in_channel" => {
            "I'm no longer a member of this channel and couldn't join it. Invite me \
             (`/invite @mops-bot`) and run `/mops nudge on` to start again."
        }
        "channel_not_found" => {
            "Slack says this channel doesn't exist or I can't see it. If it's private, invite \
             me (`/invite @mops-bot`) and run `/mops nudge on`."
        }
        "is_archived" => "This channel was archived. Unarchive it and run `/mops nudge on`.",
        "account_inactive" | "token_revoked" | "invalid_auth" | "not_authed" | "not_installed"
        | "app_uninstalled" => {
            "My access to this workspace was revoked or is no longer valid. Reinstall the app, \
             then run `/mops nudge on`."
        }
        "missing_scope" => {
            "I'm missing a permission I need. Ask an admin to reinstall the app, then run \
             `/mops nudge on`."
        }
        _ => "Slack refused my posts here. Run `/mops nudge on` to try again.",
    };
    format!("{why} (Slack said `{code}`.)")
}

/// `/mops nudge` with nothing after it, or `help`.
pub fn help() -> Message {
    Message::short(
        "*Weekly nudges*: one short, practical nudge in this channel every week.\n\
         • `/mops nudge on`: every Monday at 09:00 in your Slack time zone\n\
         • `/mops nudge on thu 8:30am Europe/Berlin`: choose the day, time and time zone\n\
         • `/mops nudge pause 2 weeks` · `/mops nudge resume` · `/mops nudge off`\n\
         • `/mops nudge status`: the schedule and the next delivery\n\
         • `/mops nudge preview`: see the next nudge (only you)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guidance::library::Library;
    use crate::slack::blocks::{MAX_MESSAGE_BLOCKS, limit_violations};

    #[test]
    fn every_nudge_renders_within_slack_limits_with_buttons_and_fallback() {
        let today = jiff::civil::date(2026, 11, 23);
        let library = Library::embedded(today).expect("library loads").library;
        let channel = ChannelId::parse("C0123456789").unwrap();
        assert!(!library.nudges().is_empty());
        for nudge in library.nudges() {
            let m = nudge_message(&library, nudge, &channel);
            let problems = limit_violations(&m.blocks, MAX_MESSAGE_BLOCKS);
            assert!(problems.is_empty(), "{}: {problems:?}", nudge.id);
            assert!(m.text.contains(&nudge.title) && m.text.contains("/mops advice"));
            let json = serde_json::to_string(&m.blocks).unwrap();
            for expected in [
                format!("\"action_id\":\"nudge_more\",\"value\":\"{}\"", nudge.topic),
                format!("\"action_id\":\"nudge_pause\",\"value\":\"{channel}\""),
                format!(
                    "\"action_id\":\"feedback_helpful\",\"value\":\"nudge:{}\"",
                    nudge.id
                ),
                format!(
                    "\"action_id\":\"feedback_not_helpful\",\"value\":\"nudge:{}\"",
                    nudge.id
                ),
            ] {
                assert!(json.contains(&expected), "{expected} in {json}");
            }
        }
    }
}
