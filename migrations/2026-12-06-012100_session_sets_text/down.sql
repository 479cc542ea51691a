DROP TRIGGER session_sets_derived_delete;
DROP TRIGGER session_sets_derived_update;
DROP TRIGGER session_sets_derived_insert;
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
ALTER TABLE session_logs DROP COLUMN sets_text;
