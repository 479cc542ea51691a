-- Issue 22, roles: beside the coach (the fitness coordinator, who sees
-- everyone) a peer fitness trainer, who coaches the members of the stations
-- the coordinator assigns them, and an officer, who sees aggregates only.
-- The CHECKs on users.role and invites.role name the new roles: both
-- tables are rebuilt the documented way (foreign keys off, one transaction).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE users_new (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('coach', 'trainer', 'officer', 'member')),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO users_new (id, email, name, password_hash, role, active, created_at)
SELECT id, email, name, password_hash, role, active, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE invites_new (
    id INTEGER PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('coach', 'trainer', 'officer', 'member')),
    member_id INTEGER REFERENCES members (id),
    name TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    reset_user_id INTEGER,
    CHECK ((role = 'member') = (member_id IS NOT NULL))
);
INSERT INTO invites_new (id, token_hash, role, member_id, name, created_by, created_at, expires_at, used_at, reset_user_id)
SELECT id, token_hash, role, member_id, name, created_by, created_at, expires_at, used_at, reset_user_id FROM invites;
DROP TABLE invites;
ALTER TABLE invites_new RENAME TO invites;

-- The stations a coordinator assigns a peer fitness trainer: they see the
-- members whose station is one of these (a station is the members' text).
CREATE TABLE trainer_stations (
    user_id INTEGER NOT NULL REFERENCES users (id),
    station TEXT NOT NULL,
    PRIMARY KEY (user_id, station)
);

COMMIT;
PRAGMA foreign_keys = ON;
