//! Answers in conversations: an @-mention or a DM message, each answered in its thread, with
//! the same grammar and matcher as `/mops`.

use crate::bot::state::AppState;
use crate::guidance::answer::{Answer, Part};
use crate::guidance::grammar::{self, Request};
use crate::guidance::notes;
use crate::slack::ids::{ChannelId, TeamId, UserId};
use crate::telemetry::metrics::{self, ReplyOutcome};

/// Where the answer goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub team: TeamId,
    /// The workspace's enterprise, if any (org-wide installs are found through it).
    pub enterprise: Option<TeamId>,
    pub channel: ChannelId,
    pub asker: UserId,
    /// The thread to answer in, or `None` to answer in the conversation itself.
    pub thread_ts: Option<String>,
}

/// Answers `text` in `conversation`, with `note` (about the person's context) at the end.
pub async fn answer(state: &AppState, conversation: &Conversation, text: &str, note: Option<Part>) {
    let token = state
        .token_for_request(&conversation.team, conversation.enterprise.as_ref())
        .await;
    let Some(token) = token else {
        tracing::warn!(team = %conversation.team, "no token for this workspace; cannot answer");
        metrics::reply(ReplyOutcome::Failed);
        return;
    };
    let mut reply = reply(state, text, &conversation.asker).await;
    if let Some(note) = note {
        // Before the feedback buttons, which end every answer.
        let at = match reply.parts.last() {
            Some(Part::Feedback(_)) => reply.parts.len() - 1,
            _ => reply.parts.len(),
        };
        reply.parts.insert(at, note);
    }
    if let Some(topic) = &reply.topic {
        tracing::Span::current().record("topic", topic.as_str());
        super::home::remember(state, &conversation.team, &conversation.asker, topic);
    }
    let sent = super::deliver::post_message(
        state,
        &token,
        &conversation.channel,
        &crate::slack::render::message(&reply),
        conversation.thread_ts.as_deref(),
    )
    .await;
    match sent {
        Ok(_) => {
            metrics::reply(ReplyOutcome::Delivered);
            tracing::info!("answered");
        }
        Err(error) => {
            metrics::reply(ReplyOutcome::Failed);
            tracing::warn!(%error, "could not post the answer");
        }
    }
}

/// The answer to `text` (the mention already stripped) as posted in a thread or DM.
pub async fn reply(state: &AppState, text: &str, asker: &UserId) -> Answer {
    let request = match grammar::parse(text) {
        // The conversation is already where the answer is seen, so sharing is just asking.
        Request::Share(what) if !what.trim().is_empty() => Request::Advice(what),
        other => other,
    };
    let pointer = match &request {
        Request::Nudge(rest) => Some(notes::nudge_pointer(rest)),
        Request::Log(_) => Some(notes::log_pointer()),
        _ => None,
    };
    if let Some(answer) = pointer {
        return answer.in_conversation();
    }
    let help = request == Request::Help;
    let counted = request.clone();
    let mut reply = super::answer::answer(state, request, asker.clone()).await;
    super::commands::count_answer(&counted, reply.topic.as_deref());
    if help {
        reply.parts.push(notes::conversation_hint());
    }
    reply.in_conversation()
}

/// The text of a message without the bot's own `<@U…>` (anywhere; when the bot's id is
/// unknown, a leading mention is taken to be the bot's), and with Slack's `&amp;`, `&lt;`, `&gt;` escapes undone so the matcher sees what was typed.
pub fn strip_mention(text: &str, bot: Option<&UserId>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.trim_start();
    let mut first = true;
    while let Some(start) = rest.find("<@") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let inner = &rest[start + 2..start + len];
        let id = inner.split_once('|').map_or(inner, |(id, _)| id);
        let leading = bot.is_none() && first && start == 0;
        let is_bot = bot.is_some_and(|b| b.as_str() == id);
        out.push_str(&rest[..start]);
        if !(leading || is_bot) {
            out.push_str(&rest[start..=start + len]);
        }
        rest = &rest[start + len + 1..];
        first = false;
    }
    out.push_str(rest);
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bots_mention_is_removed_wherever_it_is() {
        let bot = UserId::parse("UBOT").unwrap();
        let bot = Some(&bot);
        assert_eq!(strip_mention("<@UBOT> burnout", bot), "burnout");
        assert_eq!(
            strip_mention("  <@UBOT>   should I quit?", bot),
            "should I quit?"
        );
        assert_eq!(
            strip_mention("hey <@UBOT|mops-bot> topics", bot),
            "hey topics"
        );
        assert_eq!(
            strip_mention("<@UBOT> ask <@U123> about metrics", bot),
            "ask <@U123> about metrics"
        );
        assert_eq!(strip_mention("<@UOTHER> burnout", None), "burnout");
        assert_eq!(
            strip_mention("<@UBOSS> wants more dashboards", bot),
            "<@UBOSS> wants more dashboards"
        );
        assert_eq!(strip_mention("<@UBOT>", bot), "");
        assert_eq!(
            strip_mention("<@UBOT> sales &amp; ops &lt;3", bot),
            "sales & ops <3"
        );
        assert_eq!(strip_mention("<@UBOT broken", bot), "<@UBOT broken");
    }
}
