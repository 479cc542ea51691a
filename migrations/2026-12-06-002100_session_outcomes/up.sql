-- Issue 21: stopping for pain is its own outcome; a session can be voided
-- (the member's undo, a coach's correction) and the record keeps both.

-- A session stopped for pain: cut short (status 'partial') because it hurt
-- (pain is not 'none'). It is never finished later.
ALTER TABLE session_logs ADD COLUMN stopped BOOLEAN NOT NULL DEFAULT 0
    CHECK (stopped = 0 OR (status = 'partial' AND pain <> 'none'));
-- Before this column a pain stop could only be saved as toned out.
UPDATE session_logs SET stopped = 1 WHERE status = 'partial' AND pain <> 'none';

-- A voided session: kept, never deleted, but it no longer counts anywhere.
ALTER TABLE session_logs ADD COLUMN voided_at TIMESTAMP;
-- Who voided it (a user id; no foreign key, so that the column can be dropped again).
ALTER TABLE session_logs ADD COLUMN voided_by INTEGER;
ALTER TABLE session_logs ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
-- The working load (grams) and rep target the session carried on from, so
-- that a void gives them back. Sessions logged before this column read as
-- none known, which lets the engine take them from the history.
ALTER TABLE session_logs ADD COLUMN working_load_before INTEGER CHECK (working_load_before >= 0);
ALTER TABLE session_logs ADD COLUMN rep_target_before INTEGER CHECK (rep_target_before >= 0);

-- A new timeline reason: a stage change undone with the session that caused it.
CREATE TABLE stage_changes_new (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    from_stage INTEGER REFERENCES stages (id),
    to_stage INTEGER NOT NULL REFERENCES stages (id),
    reason TEXT NOT NULL CHECK (reason IN ('assigned', 'advance', 'regress', 'set', 'pain_regression', 'restored', 'load_above_cap', 'hold', 'hold_ended', 'single_leg_added', 'voided')),
    note TEXT NOT NULL DEFAULT '',
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO stage_changes_new SELECT id, member_id, assignment_id, from_stage, to_stage, reason, note, changed_by, changed_at FROM stage_changes;
DROP TABLE stage_changes;
ALTER TABLE stage_changes_new RENAME TO stage_changes;
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);
