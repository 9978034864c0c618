-- The schema's own bookkeeping: when this database was first created.
CREATE TABLE IF NOT EXISTS schema_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at BIGINT NOT NULL
);
INSERT INTO schema_info (id, created_at) VALUES (1, CAST(EXTRACT(EPOCH FROM now()) AS BIGINT))
ON CONFLICT (id) DO NOTHING;
