-- Issue 22, items 5 and 6: the record of erasures (who erased which member
-- and when; never what was erased), and the department's data-use
-- statement with each member's acknowledgement of a version of it.

CREATE TABLE member_erasures (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL UNIQUE REFERENCES members (id),
    erased_by INTEGER NOT NULL REFERENCES users (id),
    erased_at TIMESTAMP NOT NULL
);

-- One statement per department (a single row, id 1); `version` goes up by
-- one each time the coordinator changes the text.
CREATE TABLE data_statement (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO data_statement (id, version, body) VALUES (1, 1,
'This fitness program is non-punitive: nothing you log or any test result is used for discipline, promotion or fitness-for-duty decisions.

Who sees what: you see all of your own data. The coaches who coach you (the fitness coordinator and your peer fitness trainer) see your sessions, stage changes, range tests and any pain you report, and every look at your data by someone else is recorded. Officers and command staff see only counts for the program (per station and platoon), never your name or your results.

How long it is kept: your data is kept while you take part in the program. When you leave, the coordinator erases your name, email, notes and account; only anonymous session numbers stay, for the program''s totals. You can download all of your data from your history page at any time.');

-- Who acknowledged which version, and when (kept when a member's data is
-- erased: it names only the anonymised account).
CREATE TABLE statement_acknowledgements (
    user_id INTEGER NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL,
    acknowledged_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, version)
);
