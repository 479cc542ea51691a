-- Issue 9: the progression engine's edge cases.

-- A session on a training day that already has one that counts, or the day
-- right after one: kept and shown, but it never counts toward moving up.
ALTER TABLE session_logs ADD COLUMN extra BOOLEAN NOT NULL DEFAULT 0;

-- The load the app prescribed for the session (NULL on bodyweight stages).
-- The weekly cap counts from prescriptions, never from what was typed.
-- Sessions logged before this column take their lightest loaded set.
ALTER TABLE session_logs ADD COLUMN prescribed_load_grams INTEGER CHECK (prescribed_load_grams >= 0);
UPDATE session_logs SET prescribed_load_grams = (
    SELECT MIN(load_grams) FROM session_sets
    WHERE session_sets.session_id = session_logs.id AND load_grams > 0
);

-- A coach confirmed a working load above the weekly cap on this day: the cap
-- counts from prescriptions on or after it.
ALTER TABLE assignments ADD COLUMN load_cap_from DATE;

-- A new coach flag kind: a session logged above the weekly cap.
CREATE TABLE coach_flags_new (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    session_id INTEGER REFERENCES session_logs (id),
    kind TEXT NOT NULL CHECK (kind IN ('lower_back_pain', 'hip_pain', 'knee_pain', 'repeated_cramp', 'ready_to_advance', 'above_weekly_cap')),
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by INTEGER REFERENCES users (id)
);
INSERT INTO coach_flags_new SELECT id, member_id, session_id, kind, created_at, resolved_at, resolved_by FROM coach_flags;
DROP TABLE coach_flags;
ALTER TABLE coach_flags_new RENAME TO coach_flags;
CREATE INDEX coach_flags_open ON coach_flags (member_id) WHERE resolved_at IS NULL;

-- A new timeline reason: a coach set a working load above the weekly cap.
CREATE TABLE stage_changes_new (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    from_stage INTEGER REFERENCES stages (id),
    to_stage INTEGER NOT NULL REFERENCES stages (id),
    reason TEXT NOT NULL CHECK (reason IN ('assigned', 'advance', 'regress', 'set', 'pain_regression', 'restored', 'load_above_cap')),
    note TEXT NOT NULL DEFAULT '',
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO stage_changes_new SELECT id, member_id, assignment_id, from_stage, to_stage, reason, note, changed_by, changed_at FROM stage_changes;
DROP TABLE stage_changes;
ALTER TABLE stage_changes_new RENAME TO stage_changes;
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);

-- The stage a coach's custom dose was set for: it applies only there, so it
-- comes back with the stage after a pain week.
ALTER TABLE assignments ADD COLUMN dose_stage INTEGER;
UPDATE assignments SET dose_stage = stage WHERE dose_sets IS NOT NULL;

-- Double progression inside a rep range: the reps per set the member works
-- at today. NULL is the bottom of the range.
ALTER TABLE assignments ADD COLUMN rep_target INTEGER CHECK (rep_target >= 0);

-- Variations a coach added to the member's stage ("banded,tempo"), and the
-- ones a session was logged with.
ALTER TABLE assignments ADD COLUMN variations TEXT NOT NULL DEFAULT '';
ALTER TABLE session_logs ADD COLUMN variations TEXT NOT NULL DEFAULT '';
