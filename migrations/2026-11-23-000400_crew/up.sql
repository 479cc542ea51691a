-- Crew members, invitations, assignments of the progression, the stage
-- timeline, and the department's shift rotation.

ALTER TABLE department ADD COLUMN rotation_pattern TEXT NOT NULL DEFAULT 'on, off, off';
ALTER TABLE department ADD COLUMN rotation_anchor DATE NOT NULL DEFAULT '2026-01-01';
ALTER TABLE department ADD COLUMN platoon_offset_days INTEGER NOT NULL DEFAULT 1;
ALTER TABLE department ADD COLUMN shift_change_minutes INTEGER NOT NULL DEFAULT 420;
ALTER TABLE department ADD COLUMN platoons TEXT NOT NULL DEFAULT 'A,B,C';

CREATE TABLE members (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    station TEXT NOT NULL DEFAULT '',
    platoon TEXT CHECK (platoon IN ('A', 'B', 'C', 'D')),
    start_date DATE NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT 1,
    user_id INTEGER UNIQUE REFERENCES users (id),
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX members_active ON members (active, name);

-- One-time links: only a hash of the token is kept.
CREATE TABLE invites (
    id INTEGER PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('coach', 'member')),
    member_id INTEGER REFERENCES members (id),
    name TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    CHECK ((role = 'member') = (member_id IS NOT NULL))
);

-- A member has at most one active assignment; old ones are kept as history.
-- dose_* override the stage's default dose for this member (NULL = default).
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    stage INTEGER NOT NULL REFERENCES stages (id),
    sessions_per_week INTEGER NOT NULL CHECK (sessions_per_week BETWEEN 2 AND 3),
    training_days TEXT NOT NULL DEFAULT '',
    start_date DATE NOT NULL,
    auto_advance BOOLEAN NOT NULL DEFAULT 0,
    dose_sets INTEGER,
    dose_reps_low INTEGER,
    dose_reps_high INTEGER,
    dose_hold_seconds INTEGER,
    working_load_grams INTEGER,
    regression_from_stage INTEGER REFERENCES stages (id),
    regression_restore_on DATE,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX assignments_one_active ON assignments (member_id) WHERE active;

-- Every stage change: who (NULL = the app itself), when and why.
CREATE TABLE stage_changes (
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
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);
