-- The private work log (`/mops log`): one row per entry, readable only by its author (every
-- query names the team and the user). Entries older than MOPS_LOG_RETENTION are deleted by
-- the periodic run; each person holds at most a fixed number. Instants are unix seconds.
CREATE TABLE work_log_entries (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    what TEXT NOT NULL,
    -- The team that asked for the work (`for <team>`), lower case; NULL when not said.
    asked_by TEXT,
    logged_at INTEGER NOT NULL
);

CREATE INDEX work_log_entries_person ON work_log_entries (team_id, user_id, logged_at);
CREATE INDEX work_log_entries_age ON work_log_entries (logged_at);
