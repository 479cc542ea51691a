-- Issue 22, the record of access: one line each time someone other than the
-- member opens that member's individual data. Append-only: no page edits or
-- deletes a line, and the database refuses an UPDATE.
CREATE TABLE access_records (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    viewer_id INTEGER NOT NULL REFERENCES users (id),
    viewer_role TEXT NOT NULL,
    what TEXT NOT NULL,
    path TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX access_records_member ON access_records (member_id, at);

CREATE TRIGGER access_records_append_only
BEFORE UPDATE ON access_records
BEGIN
    SELECT RAISE(ABORT, 'the record of access is append-only');
END;
