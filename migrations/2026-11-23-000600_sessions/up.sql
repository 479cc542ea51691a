-- Logged training sessions, their sets, and the flags they raise for coaches.

-- One session of one member. `trained_on` is the member's training day (the
-- shift's date for a member on a platoon). `status` is 'partial' while a
-- session interrupted by a call waits to be finished. The outcome columns
-- keep what the engine decided, so the result page reads it back as it was.
CREATE TABLE session_logs (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    stage INTEGER NOT NULL REFERENCES stages (id),
    trained_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('finished', 'partial')),
    as_prescribed BOOLEAN NOT NULL DEFAULT 0,
    felt TEXT NOT NULL DEFAULT '',
    pain TEXT NOT NULL DEFAULT 'none' CHECK (pain IN ('none', 'lower_back', 'hip_joint', 'knee')),
    cramp BOOLEAN NOT NULL DEFAULT 0,
    good_form BOOLEAN NOT NULL DEFAULT 1,
    effort INTEGER CHECK (effort BETWEEN 1 AND 10),
    note TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT 'stay' CHECK (outcome IN ('stay', 'ready', 'advance', 'pain_regression', 'stop')),
    outcome_stage INTEGER REFERENCES stages (id),
    outcome_until DATE,
    fixes TEXT NOT NULL DEFAULT '',
    suggest_floor_bridges BOOLEAN NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL UNIQUE,
    entered_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX session_logs_member ON session_logs (member_id, trained_on);

-- Loads in grams; reps_other_side is the right leg on per-leg stages.
CREATE TABLE session_sets (
    id INTEGER PRIMARY KEY NOT NULL,
    session_id INTEGER NOT NULL REFERENCES session_logs (id) ON DELETE CASCADE,
    set_number INTEGER NOT NULL CHECK (set_number >= 1),
    reps INTEGER NOT NULL CHECK (reps >= 0),
    reps_other_side INTEGER CHECK (reps_other_side >= 0),
    load_grams INTEGER NOT NULL DEFAULT 0 CHECK (load_grams >= 0),
    hold_seconds INTEGER NOT NULL DEFAULT 0 CHECK (hold_seconds >= 0),
    UNIQUE (session_id, set_number)
);

-- What a coach must look at: pain, cramps that repeat, ready to advance.
CREATE TABLE coach_flags (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    session_id INTEGER REFERENCES session_logs (id),
    kind TEXT NOT NULL CHECK (kind IN ('lower_back_pain', 'hip_pain', 'knee_pain', 'repeated_cramp', 'ready_to_advance')),
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by INTEGER REFERENCES users (id)
);
CREATE INDEX coach_flags_open ON coach_flags (member_id) WHERE resolved_at IS NULL;
