-- Token rotation across processes: the version of the stored token pair (bumped whenever it
-- changes, so a refresh stores its result only over the pair it started from), and a short
-- lease so only one process at a time spends the single-use refresh token.
ALTER TABLE installations ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE installations ADD COLUMN refresh_owner TEXT;
ALTER TABLE installations ADD COLUMN refresh_until BIGINT;
