-- Accounts, server-side web sessions and the department's settings.

CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('coach', 'member')),
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    state TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

-- One department per running instance: a single row with id 1.
CREATE TABLE department (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    units TEXT NOT NULL CHECK (units IN ('lb_in', 'kg_cm'))
);
INSERT INTO department (id, name, time_zone, units)
VALUES (1, 'Fire Department', 'America/New_York', 'lb_in');
