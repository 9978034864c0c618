//! Whom a subscription serves: a channel, where the team reads along, or one person, by DM
//! (`/mops nudge me …`). A personal subscription is an ordinary subscription whose target is
//! the person's user id, which `chat.postMessage` opens as their DM with the bot, so it
//! shares the schedule, rotation, ledger, pause and status of channel nudges. Slack's ids say
//! what they name (people start with `U` or `W`, conversations with `C`, `G` or `D`), so the
//! stored target alone tells the two apart. Only the wording differs, every reply about
//! personal nudges is private, and nudges marked personal (career moves) go to people only.

use crate::guidance::nudge::Nudge;
use crate::ids::{ChannelId, UserId};

/// A channel's nudges or one person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Channel,
    Personal,
}

impl Scope {
    /// `me …` (or `myself …`) first in the text after `/mops nudge` asks for the person's own
    /// nudges; returns the scope and the rest of the text.
    pub fn of_command(rest: &str) -> (Scope, &str) {
        let rest = rest.trim_start();
        let (first, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let word = first
            .trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '!'))
            .to_lowercase();
        match word.as_str() {
            "me" | "myself" => (Scope::Personal, after.trim_start()),
            _ => (Scope::Channel, rest),
        }
    }

    /// The scope of a stored target: a person's id means their DM.
    pub fn of_target(target: &ChannelId) -> Scope {
        if target.as_str().starts_with(['U', 'W']) {
            Scope::Personal
        } else {
            Scope::Channel
        }
    }

    /// Where the nudges go: the channel the command came from, or the person's DM.
    pub fn target(self, channel: &ChannelId, user: &UserId) -> Option<ChannelId> {
        match self {
            Scope::Channel => Some(channel.clone()),
            Scope::Personal => ChannelId::parse(user.as_str()).ok(),
        }
    }

    /// The command people type for this scope.
    pub fn command(self) -> &'static str {
        match self {
            Scope::Channel => "/mops nudge",
            Scope::Personal => "/mops nudge me",
        }
    }

    /// Who gets the nudges, in replies: "this channel" or "you, by DM".
    pub fn whom(self) -> &'static str {
        match self {
            Scope::Channel => "this channel",
            Scope::Personal => "you, by DM",
        }
    }

    /// "This channel has" or "You have", to start a sentence.
    pub fn has(self) -> &'static str {
        match self {
            Scope::Channel => "This channel has",
            Scope::Personal => "You have",
        }
    }

    /// Whether `nudge` may go to a subscription of this scope: personal nudges never reach
    /// a channel.
    pub fn fits(self, nudge: &Nudge) -> bool {
        self == Scope::Personal || nudge.suits_channel()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn me_first_asks_for_personal_nudges() {
        assert_eq!(
            Scope::of_command("me on friday 9am"),
            (Scope::Personal, "on friday 9am")
        );
        assert_eq!(
            Scope::of_command("  Me, status"),
            (Scope::Personal, "status")
        );
        assert_eq!(
            Scope::of_command("on monday"),
            (Scope::Channel, "on monday")
        );
        assert_eq!(Scope::of_command(""), (Scope::Channel, ""));
        assert_eq!(Scope::of_command("me"), (Scope::Personal, ""));
        assert_eq!(Scope::of_command("meet"), (Scope::Channel, "meet"));
    }

    #[test]
    fn a_person_is_a_personal_target_and_a_conversation_is_not() {
        let user = UserId::parse("U0PERSON").unwrap();
        let channel = ChannelId::parse("C0TEAM").unwrap();
        let dm = Scope::Personal.target(&channel, &user).unwrap();
        assert_eq!(dm.as_str(), "U0PERSON");
        assert_eq!(Scope::of_target(&dm), Scope::Personal);
        assert_eq!(Scope::of_target(&channel), Scope::Channel);
        assert_eq!(
            Scope::of_target(&ChannelId::parse("D0DM").unwrap()),
            Scope::Channel
        );
        assert_eq!(
            Scope::of_target(&ChannelId::parse("W0GRID").unwrap()),
            Scope::Personal
        );
    }
}
