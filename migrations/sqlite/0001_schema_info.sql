-- The schema's own bookkeeping: when this database was first created.
CREATE TABLE IF NOT EXISTS schema_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at INTEGER NOT NULL
);
INSERT OR IGNORE INTO schema_info (id, created_at) VALUES (1, CAST(strftime('%s', 'now') AS INTEGER));
