-- Workspaces the bot is installed in through "Add to Slack" (OAuth v2).
-- Keyed by the team id, or by the enterprise id for org-wide installs. Tokens are stored
-- encrypted (see src/crypto.rs); no column ever holds a token in clear text.
CREATE TABLE installations (
    install_key TEXT PRIMARY KEY,
    team_id TEXT,
    team_name TEXT,
    enterprise_id TEXT,
    is_enterprise_install INTEGER NOT NULL DEFAULT 0,
    app_id TEXT,
    bot_user_id TEXT,
    installed_by TEXT,
    scope TEXT NOT NULL DEFAULT '',
    bot_token_sealed TEXT NOT NULL,
    refresh_token_sealed TEXT,
    -- Unix seconds; NULL when token rotation is off and the token does not expire.
    expires_at INTEGER,
    installed_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Workspaces seen acting under an org-wide install, so work that only knows a team id
-- (a scheduled nudge) finds the enterprise's token.
CREATE TABLE installation_teams (
    team_id TEXT PRIMARY KEY,
    install_key TEXT NOT NULL REFERENCES installations (install_key) ON DELETE CASCADE
);

-- OAuth `state` values handed out by /slack/install: single-use, expiring, and bound to the
-- browser that asked for them. Both values are stored as SHA-256 hashes.
CREATE TABLE oauth_states (
    state_hash TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);
