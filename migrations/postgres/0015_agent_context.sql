-- What each person was last looking at in Slack, as `app_context_changed` said (agent
-- messaging): one row per person, the channel only, forgotten a day after it was last said.
-- The same table on SQLite and PostgreSQL; instants are unix seconds.
CREATE TABLE agent_contexts (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX agent_contexts_expiry ON agent_contexts (expires_at);
