-- Weekly nudges: one subscription per channel, and a ledger with one row per channel per
-- scheduled week. Instants are unix seconds (BIGINT in PostgreSQL); status values are text
-- so the same queries run on both.

CREATE TABLE nudge_subscriptions (
    id INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    -- ISO weekday (1 = Monday) and minutes after local midnight, in time_zone (IANA name).
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    minute_of_day INTEGER NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
    time_zone TEXT NOT NULL,
    -- active: delivered when due; off: turned off by a person; inactive: stopped by an error.
    status TEXT NOT NULL CHECK (status IN ('active', 'off', 'inactive')),
    inactive_reason TEXT,
    inactive_at INTEGER,
    -- Slots before this instant are skipped (`/mops nudge pause`).
    paused_until INTEGER,
    -- The earliest slot not yet handled: the scheduler's index.
    next_slot INTEGER NOT NULL,
    last_error TEXT,
    last_error_at INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (team_id, channel_id)
);

CREATE INDEX nudge_subscriptions_due ON nudge_subscriptions (status, next_slot);

CREATE TABLE nudge_deliveries (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES nudge_subscriptions (id) ON DELETE CASCADE,
    -- ISO week of the slot in the channel's zone (2026-W49): one delivery per week, ever.
    week TEXT NOT NULL,
    slot_at INTEGER NOT NULL,
    nudge_id TEXT NOT NULL,
    -- Rotation round: every nudge comes once per cycle.
    cycle INTEGER NOT NULL,
    -- sending: a request to Slack may be in flight; waiting: claimed, known not posted
    -- (between retries); sent; unknown: the process died mid-send; failed: refused for good.
    state TEXT NOT NULL CHECK (state IN ('sending', 'waiting', 'sent', 'unknown', 'failed')),
    claimed_by TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    -- A claim in 'sending' or 'waiting' is only trusted to its owner until then.
    lease_until INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    message_ts TEXT,
    error TEXT,
    finished_at INTEGER,
    UNIQUE (subscription_id, week),
    UNIQUE (subscription_id, cycle, nudge_id)
);

CREATE INDEX nudge_deliveries_open ON nudge_deliveries (state, lease_until);
