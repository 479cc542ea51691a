-- Issue 19, rule 5: a coach puts a member on hold (injury, leave, modified
-- duty) until a date, with a reason. The last hold stays on the assignment
-- after the return (hold_open = 0) so the planned days inside it are still
-- left out of adherence.
ALTER TABLE assignments ADD COLUMN hold_from DATE;
ALTER TABLE assignments ADD COLUMN hold_until DATE CHECK (hold_until IS NULL OR hold_from IS NOT NULL);
ALTER TABLE assignments ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';
-- Not yet returned from: the return (same stage, or one back after over
-- four weeks) is still to be written.
ALTER TABLE assignments ADD COLUMN hold_open BOOLEAN NOT NULL DEFAULT 0;

-- Two new timeline reasons: the hold, and the return from it.
CREATE TABLE stage_changes_new (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    from_stage INTEGER REFERENCES stages (id),
    to_stage INTEGER NOT NULL REFERENCES stages (id),
    reason TEXT NOT NULL CHECK (reason IN ('assigned', 'advance', 'regress', 'set', 'pain_regression', 'restored', 'load_above_cap', 'hold', 'hold_ended')),
    note TEXT NOT NULL DEFAULT '',
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO stage_changes_new SELECT id, member_id, assignment_id, from_stage, to_stage, reason, note, changed_by, changed_at FROM stage_changes;
DROP TABLE stage_changes;
ALTER TABLE stage_changes_new RENAME TO stage_changes;
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);
