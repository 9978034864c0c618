-- Events API deliveries already accepted, so a retry (or a second replica) answers once.
-- Rows expire: Slack stops retrying within minutes, so a day is ample.
CREATE TABLE IF NOT EXISTS slack_events (
    event_id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS slack_events_expiry ON slack_events (expires_at);

-- Helpful / not helpful votes: one per person per topic or nudge; a second click changes the vote.
CREATE TABLE IF NOT EXISTS feedback (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('topic', 'nudge')),
    subject_id TEXT NOT NULL,
    helpful BOOLEAN NOT NULL,
    voted_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id, subject_kind, subject_id)
);
CREATE INDEX IF NOT EXISTS feedback_subject ON feedback (subject_kind, subject_id);

-- The topics each person was last answered on, for their Home tab. One row per topic, so it
-- stays as small as the library.
CREATE TABLE IF NOT EXISTS answered_topics (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id, topic)
);
