-- Questions answered "not sure" or with low confidence, kept for content owners only when
-- MOPS_RECORD_UNMATCHED is on: the question's text and when it was asked, never who asked or
-- from which workspace. The periodic run deletes rows older than 30 days; the table holds at
-- most a fixed number of rows. Instants are unix seconds.
CREATE TABLE unmatched_questions (
    id INTEGER PRIMARY KEY,
    question TEXT NOT NULL,
    asked_at INTEGER NOT NULL
);

CREATE INDEX unmatched_questions_age ON unmatched_questions (asked_at);
