-- Leases held through the database, so one replica at a time does a piece of work (refreshing
-- a workspace's token). A lease past `expires_at` (unix seconds) is free for the taking.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Per-workspace pacing of nudges, shared by every scheduler of every replica: the next free
-- sending instant and the end of a pause Slack asked for with a 429, in unix milliseconds.
CREATE TABLE nudge_pacing (
    team_id TEXT PRIMARY KEY,
    next_free_ms BIGINT NOT NULL,
    blocked_until_ms BIGINT NOT NULL DEFAULT 0
);
