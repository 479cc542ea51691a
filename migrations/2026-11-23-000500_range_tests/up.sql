-- Single-leg range tests, their audit trail, and the department's thresholds
-- for reading them. Heights are micrometres (0.1 in and 0.1 cm are exact).
-- felt_a/b/c hold where each position was felt: a comma list drawn from
-- glutes, hamstrings, lower_back, quads ('' when nothing was ticked).

ALTER TABLE department ADD COLUMN near_zero_pct INTEGER NOT NULL DEFAULT 25 CHECK (near_zero_pct BETWEEN 1 AND 100);
ALTER TABLE department ADD COLUMN asymmetry_pct INTEGER NOT NULL DEFAULT 15 CHECK (asymmetry_pct BETWEEN 1 AND 100);
ALTER TABLE department ADD COLUMN compensation_pct INTEGER NOT NULL DEFAULT 50 CHECK (compensation_pct BETWEEN 1 AND 100);
ALTER TABLE department ADD COLUMN hugged_tolerance_pct INTEGER NOT NULL DEFAULT 5 CHECK (hugged_tolerance_pct BETWEEN 0 AND 100);
ALTER TABLE department ADD COLUMN retest_weeks INTEGER NOT NULL DEFAULT 6 CHECK (retest_weeks BETWEEN 1 AND 52);

CREATE TABLE range_tests (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    tested_on DATE NOT NULL,
    double_leg_um BIGINT NOT NULL CHECK (double_leg_um >= 0),
    ninety_left_um BIGINT NOT NULL CHECK (ninety_left_um >= 0),
    ninety_right_um BIGINT NOT NULL CHECK (ninety_right_um >= 0),
    hugged_left_um BIGINT NOT NULL CHECK (hugged_left_um >= 0),
    hugged_right_um BIGINT NOT NULL CHECK (hugged_right_um >= 0),
    felt_a TEXT NOT NULL DEFAULT '',
    felt_b TEXT NOT NULL DEFAULT '',
    felt_c TEXT NOT NULL DEFAULT '',
    cramp BOOLEAN NOT NULL DEFAULT 0,
    pain BOOLEAN NOT NULL DEFAULT 0,
    pain_where TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    tested_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX range_tests_member ON range_tests (member_id, tested_on);

-- Every correction and deletion of a test: who, when, and the recorded fields
-- before and after (JSON, canonical units). No foreign key to range_tests, so
-- the trail outlives a deleted test; member_id says whose test it was.
CREATE TABLE range_test_audit (
    id INTEGER PRIMARY KEY NOT NULL,
    range_test_id INTEGER NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    action TEXT NOT NULL CHECK (action IN ('edit', 'delete')),
    changed_by INTEGER NOT NULL REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT
);
CREATE INDEX range_test_audit_test ON range_test_audit (range_test_id, changed_at);
CREATE INDEX range_test_audit_member ON range_test_audit (member_id, changed_at);
