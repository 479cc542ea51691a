-- Secret links to calendar feeds: a member's planned sessions, and the
-- department's range tests due (one of each). Only a SHA-256 of the token is
-- kept; making a new link replaces the row, so the old link stops working.
CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('member_sessions', 'range_tests_due')),
    member_id INTEGER UNIQUE REFERENCES members (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'member_sessions') = (member_id IS NOT NULL))
);
CREATE UNIQUE INDEX calendar_feeds_one_department_feed ON calendar_feeds (kind)
    WHERE kind = 'range_tests_due';
