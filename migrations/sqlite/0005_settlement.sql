-- Settling "possibly delivered" weeks: a delivery in state 'unknown' is looked for in the
-- channel's history (by the message metadata every nudge carries) from this instant on;
-- NULL means it cannot be settled (no history scope, or too much history to search) and
-- stays "possibly delivered".
ALTER TABLE nudge_deliveries ADD COLUMN settle_after BIGINT;
CREATE INDEX nudge_deliveries_settle ON nudge_deliveries (state, settle_after);
