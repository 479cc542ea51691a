-- Reads whose cost must not grow with the years of history.

-- Each session's heaviest set, kept by the database itself whoever writes
-- the sets (the log, a finished partial session, the demo generator), so
-- the roster reads it without visiting the sets.
ALTER TABLE session_logs ADD COLUMN top_load_grams INTEGER;
UPDATE session_logs SET top_load_grams =
    (SELECT max(load_grams) FROM session_sets WHERE session_id = session_logs.id);
CREATE TRIGGER session_sets_top_load_insert AFTER INSERT ON session_sets BEGIN
    UPDATE session_logs SET top_load_grams =
        (SELECT max(load_grams) FROM session_sets WHERE session_id = NEW.session_id)
    WHERE id = NEW.session_id;
END;
CREATE TRIGGER session_sets_top_load_update AFTER UPDATE ON session_sets BEGIN
    UPDATE session_logs SET top_load_grams =
        (SELECT max(load_grams) FROM session_sets WHERE session_id = OLD.session_id)
    WHERE id = OLD.session_id;
    UPDATE session_logs SET top_load_grams =
        (SELECT max(load_grams) FROM session_sets WHERE session_id = NEW.session_id)
    WHERE id = NEW.session_id;
END;
CREATE TRIGGER session_sets_top_load_delete AFTER DELETE ON session_sets BEGIN
    UPDATE session_logs SET top_load_grams =
        (SELECT max(load_grams) FROM session_sets WHERE session_id = OLD.session_id)
    WHERE id = OLD.session_id;
END;

-- The roster reads the whole department's sessions of the last weeks by
-- day; the index holds all it reads of them.
CREATE INDEX session_logs_day ON session_logs (trained_on, member_id, status, top_load_grams);

-- Logging reads a member's latest sessions at a stage (the engine's streak
-- and load rules), newest first.
CREATE INDEX session_logs_member_stage ON session_logs (member_id, stage, trained_on);
