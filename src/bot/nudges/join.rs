//! Before a channel is subscribed: the bot joins it when it is public, and otherwise says
//! plainly why it cannot post there, so nothing is scheduled that could never arrive.

use crate::bot::state::AppState;
use crate::guidance::answer::Answer;
use crate::ids::ChannelId;
use crate::nudges::message::explain_reason;
use crate::slack::api::Token;

/// Joins a public channel; elsewhere the bot must already be a member.
pub(super) async fn ensure_can_post(
    state: &AppState,
    token: &Token,
    channel: &ChannelId,
) -> Result<(), Answer> {
    let error = match state.api.join(token, channel).await {
        Ok(()) => return Ok(()),
        Err(error) => error,
    };
    let refuse = |text: String| Err(Answer::short(text));
    match error.slack_error() {
        Some("method_not_supported_for_channel_type" | "channel_not_found" | "is_private") => {
            if let Ok(true) = state.api.is_member(token, channel).await {
                return Ok(());
            }
            refuse(
                "I can't add myself here: this is a private channel or a direct message. Invite me \
                 first with `/invite @mops-bot` (or add the app from the channel's details), then \
                 run `/mops nudge on` again. Nothing is scheduled yet."
                    .to_owned(),
            )
        }
        Some(
            code @ ("is_archived" | "missing_scope" | "invalid_auth" | "token_revoked"
            | "account_inactive" | "not_authed"),
        ) => refuse(format!(
            "I can't post in this channel, so nothing is scheduled: {}",
            explain_reason(code)
        )),
        _ if error.is_transient() => refuse(
            "Slack didn't answer when I tried to join this channel, so nothing is scheduled yet. \
             Please try again in a minute."
                .to_owned(),
        ),
        _ => refuse(format!(
            "I couldn't join this channel ({error}), so nothing is scheduled. Invite me with \
             `/invite @mops-bot` and try again."
        )),
    }
}
