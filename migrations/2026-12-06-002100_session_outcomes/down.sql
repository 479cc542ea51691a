-- Timeline lines of undone sessions cannot go back into the old table.
CREATE TABLE stage_changes_old (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    from_stage INTEGER REFERENCES stages (id),
    to_stage INTEGER NOT NULL REFERENCES stages (id),
    reason TEXT NOT NULL CHECK (reason IN ('assigned', 'advance', 'regress', 'set', 'pain_regression', 'restored', 'load_above_cap', 'hold', 'hold_ended', 'single_leg_added')),
    note TEXT NOT NULL DEFAULT '',
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO stage_changes_old SELECT id, member_id, assignment_id, from_stage, to_stage, reason, note, changed_by, changed_at FROM stage_changes WHERE reason <> 'voided';
DROP TABLE stage_changes;
ALTER TABLE stage_changes_old RENAME TO stage_changes;
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);

ALTER TABLE session_logs DROP COLUMN rep_target_before;
ALTER TABLE session_logs DROP COLUMN working_load_before;
ALTER TABLE session_logs DROP COLUMN void_reason;
ALTER TABLE session_logs DROP COLUMN voided_by;
ALTER TABLE session_logs DROP COLUMN voided_at;
ALTER TABLE session_logs DROP COLUMN stopped;
