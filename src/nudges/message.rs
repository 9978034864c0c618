//! What nudges and the `/mops nudge` replies say, as answers any renderer can draw. Button ids and values follow the
//! shared contract: `nudge_more` (topic id), `nudge_pause` (channel id),
//! and Slack's native feedback buttons at the end (`feedback`, `helpful:nudge:<id>` /
//! `not_helpful:nudge:<id>`).

use crate::guidance::actions::{Subject, nudge_more_button, nudge_pause_button};
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::guidance::library::Library;
use crate::guidance::nudge::Nudge;
use crate::ids::ChannelId;
use crate::nudges::scope::Scope;
use crate::text::truncate;

/// The weekly post for `nudge` in `channel` (or a person's DM), with its one-line summary.
pub fn nudge_message(library: &Library, nudge: &Nudge, channel: &ChannelId) -> Answer {
    let topic = library
        .pack(&nudge.topic)
        .map_or(nudge.topic.as_str(), |p| p.title.as_str());
    let parts = vec![
        Part::Title(format!(":seedling: Weekly nudge: {}", nudge.title)),
        Part::Text(truncate(&nudge.body, 2900)),
        Part::Text(truncate(&format!("*This week:* {}", nudge.action), 2900)),
        Part::Note(format!(
            "Go deeper on _{topic}_: `/mops advice {}`",
            nudge.topic
        )),
        Part::Buttons {
            group: format!("nudge:{}", truncate(&nudge.id, 200)),
            intents: vec![nudge_more_button(&nudge.topic), nudge_pause_button(channel)],
        },
        Part::Note({
            let c = Scope::of_target(channel).command();
            format!("Weekly nudges from mops-bot · `{c} status` · `{c} off` to stop")
        }),
        Part::Feedback(Subject::Nudge(nudge.id.clone())),
    ];
    let text = format!(
        "Weekly nudge: {}. {} This week: {} (more: /mops advice {})",
        nudge.title, nudge.body, nudge.action, nudge.topic
    );
    Answer::new(truncate(&text, 3000), Visibility::Posted, parts)
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
        "team_access_revoked" => {
            "An org admin took this workspace off the app's org-wide install. Once they add it \
             back, run `/mops nudge on`."
        }
        "missing_scope" => {
            "I'm missing a permission I need. Ask an admin to reinstall the app, then run \
             `/mops nudge on`."
        }
        _ => "Slack refused my posts here. Run `/mops nudge on` to try again.",
    };
    format!("{why} (Slack said `{code}`.)")
}
