-- Each session's sets as one line of text, kept by the database itself
-- beside `top_load_grams` whoever writes the sets (the log, a finished
-- partial session, the demo generator). A person's pages read a session
-- with its sets from its own row: the second statement that went to
-- `session_sets` for every page (an index seek per session, a table visit
-- per set, seven numbers decoded per set) cost a sixth of a today page.
-- `session_sets` stays the record; this column is derived from it in the
-- same write, never written by the app.
--
-- The text: one `id,set_number,reps,reps_other_side,load_grams,hold_seconds`
-- per set, separated by `;` (`reps_other_side` empty when there is none);
-- empty for a session without sets. SQLite does not promise group_concat's
-- order, so the reader sorts by set number. (group_concat's own ORDER BY
-- would need SQLite 3.44: the scripts open the database with Python's
-- older SQLite, which reads the triggers too.)
ALTER TABLE session_logs ADD COLUMN sets_text TEXT NOT NULL DEFAULT '';

-- One statement keeps both derived columns of the sessions it names: the
-- triggers below run it for the session whose sets changed, and here it
-- fills every session stored before.
UPDATE session_logs SET
    top_load_grams = (SELECT max(load_grams) FROM session_sets WHERE session_id = session_logs.id),
    sets_text = coalesce((SELECT group_concat(one, ';') FROM (
        SELECT x.id || ',' || x.set_number || ',' || x.reps || ',' || coalesce(x.reps_other_side, '')
            || ',' || x.load_grams || ',' || x.hold_seconds AS one
        FROM session_sets x WHERE x.session_id = session_logs.id ORDER BY x.set_number)), '');

DROP TRIGGER session_sets_top_load_insert;
DROP TRIGGER session_sets_top_load_update;
DROP TRIGGER session_sets_top_load_delete;
CREATE TRIGGER session_sets_derived_insert AFTER INSERT ON session_sets BEGIN
    UPDATE session_logs SET
        top_load_grams = (SELECT max(load_grams) FROM session_sets WHERE session_id = session_logs.id),
        sets_text = coalesce((SELECT group_concat(one, ';') FROM (
            SELECT x.id || ',' || x.set_number || ',' || x.reps || ',' || coalesce(x.reps_other_side, '')
                || ',' || x.load_grams || ',' || x.hold_seconds AS one
            FROM session_sets x WHERE x.session_id = session_logs.id ORDER BY x.set_number)), '')
    WHERE id = NEW.session_id;
END;
CREATE TRIGGER session_sets_derived_update AFTER UPDATE ON session_sets BEGIN
    UPDATE session_logs SET
        top_load_grams = (SELECT max(load_grams) FROM session_sets WHERE session_id = session_logs.id),
        sets_text = coalesce((SELECT group_concat(one, ';') FROM (
            SELECT x.id || ',' || x.set_number || ',' || x.reps || ',' || coalesce(x.reps_other_side, '')
                || ',' || x.load_grams || ',' || x.hold_seconds AS one
            FROM session_sets x WHERE x.session_id = session_logs.id ORDER BY x.set_number)), '')
    WHERE id IN (OLD.session_id, NEW.session_id);
END;
CREATE TRIGGER session_sets_derived_delete AFTER DELETE ON session_sets BEGIN
    UPDATE session_logs SET
        top_load_grams = (SELECT max(load_grams) FROM session_sets WHERE session_id = session_logs.id),
        sets_text = coalesce((SELECT group_concat(one, ';') FROM (
            SELECT x.id || ',' || x.set_number || ',' || x.reps || ',' || coalesce(x.reps_other_side, '')
                || ',' || x.load_grams || ',' || x.hold_seconds AS one
            FROM session_sets x WHERE x.session_id = session_logs.id ORDER BY x.set_number)), '')
    WHERE id = OLD.session_id;
END;
