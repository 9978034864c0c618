//! What each person is looking at in Slack (agent messaging's `app_context_changed`): one
//! channel per person, forgotten after a while, so the table stays as small as the set of
//! people who talked to the bot recently.

use super::{Db, StoreError};
use crate::ids::{ChannelId, TeamId, UserId};

/// Keeps `channel` as what `user` looks at until `expires_at`; expired rows are pruned.
pub async fn save(
    db: &Db,
    team: &TeamId,
    user: &UserId,
    channel: &ChannelId,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM agent_contexts WHERE expires_at <= $1")
        .bind(now)
        .execute(db.pool())
        .await?;
    sqlx::query(
        "INSERT INTO agent_contexts (team_id, user_id, channel_id, expires_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (team_id, user_id) DO UPDATE SET \
         channel_id = excluded.channel_id, expires_at = excluded.expires_at",
    )
    .bind(team.as_str())
    .bind(user.as_str())
    .bind(channel.as_str())
    .bind(expires_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Forgets what `user` looks at (they moved to something that is not a channel).
pub async fn clear(db: &Db, team: &TeamId, user: &UserId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM agent_contexts WHERE team_id = $1 AND user_id = $2")
        .bind(team.as_str())
        .bind(user.as_str())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The channel `user` looks at, if Slack said so and it has not expired.
pub async fn current(
    db: &Db,
    team: &TeamId,
    user: &UserId,
    now: i64,
) -> Result<Option<ChannelId>, StoreError> {
    let row: Option<String> = sqlx::query_scalar(
        "SELECT channel_id FROM agent_contexts WHERE team_id = $1 AND user_id = $2 \
         AND expires_at > $3",
    )
    .bind(team.as_str())
    .bind(user.as_str())
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    row.map(|c| ChannelId::parse(&c).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}
