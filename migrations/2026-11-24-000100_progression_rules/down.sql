-- Rows of the kinds this migration added cannot go back into the old tables.
CREATE TABLE stage_changes_old (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    from_stage INTEGER REFERENCES stages (id),
    to_stage INTEGER NOT NULL REFERENCES stages (id),
    reason TEXT NOT NULL CHECK (reason IN ('assigned', 'advance', 'regress', 'set', 'pain_regression', 'restored')),
    note TEXT NOT NULL DEFAULT '',
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO stage_changes_old SELECT id, member_id, assignment_id, from_stage, to_stage, reason, note, changed_by, changed_at FROM stage_changes WHERE reason <> 'load_above_cap';
DROP TABLE stage_changes;
ALTER TABLE stage_changes_old RENAME TO stage_changes;
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);

CREATE TABLE coach_flags_old (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    session_id INTEGER REFERENCES session_logs (id),
    kind TEXT NOT NULL CHECK (kind IN ('lower_back_pain', 'hip_pain', 'knee_pain', 'repeated_cramp', 'ready_to_advance')),
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by INTEGER REFERENCES users (id)
);
INSERT INTO coach_flags_old SELECT id, member_id, session_id, kind, created_at, resolved_at, resolved_by FROM coach_flags WHERE kind <> 'above_weekly_cap';
DROP TABLE coach_flags;
ALTER TABLE coach_flags_old RENAME TO coach_flags;
CREATE INDEX coach_flags_open ON coach_flags (member_id) WHERE resolved_at IS NULL;

ALTER TABLE session_logs DROP COLUMN variations;
ALTER TABLE assignments DROP COLUMN variations;
ALTER TABLE assignments DROP COLUMN rep_target;
ALTER TABLE assignments DROP COLUMN dose_stage;
ALTER TABLE assignments DROP COLUMN load_cap_from;
ALTER TABLE session_logs DROP COLUMN prescribed_load_grams;
ALTER TABLE session_logs DROP COLUMN extra;
