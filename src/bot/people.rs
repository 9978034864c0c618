//! What the bot asks Slack about a person: their time zone (`users.info`), used to read
//! "this week" and to schedule their personal nudges in their own local time.

use jiff::tz::TimeZone;

use crate::bot::state::AppState;
use crate::slack::api::Token;
use crate::slack::ids::UserId;

/// The person's Slack time zone, or `None` when Slack does not say or names a zone this
/// build does not know.
pub async fn time_zone(state: &AppState, token: &Token, user: &UserId) -> Option<TimeZone> {
    match state.api.user_time_zone(token, user).await {
        Ok(Some(name)) => TimeZone::get(&name).ok(),
        Ok(None) => None,
        Err(error) => {
            tracing::warn!(%error, "could not read the person's time zone");
            None
        }
    }
}
