-- Back to coach and member only: a trainer's or officer's account is kept
-- as a coach account that cannot log in, their open invitations dropped.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

DROP TABLE trainer_stations;

CREATE TABLE users_old (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('coach', 'member')),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO users_old (id, email, name, password_hash, role, active, created_at)
SELECT id, email, name, password_hash,
       CASE WHEN role IN ('coach', 'member') THEN role ELSE 'coach' END,
       CASE WHEN role IN ('coach', 'member') THEN active ELSE 0 END,
       created_at
FROM users;
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;

CREATE TABLE invites_old (
    id INTEGER PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('coach', 'member')),
    member_id INTEGER REFERENCES members (id),
    name TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP, reset_user_id INTEGER,
    CHECK ((role = 'member') = (member_id IS NOT NULL))
);
INSERT INTO invites_old (id, token_hash, role, member_id, name, created_by, created_at, expires_at, used_at, reset_user_id)
SELECT id, token_hash, role, member_id, name, created_by, created_at, expires_at, used_at, reset_user_id
FROM invites WHERE role IN ('coach', 'member');
DROP TABLE invites;
ALTER TABLE invites_old RENAME TO invites;

COMMIT;
PRAGMA foreign_keys = ON;
