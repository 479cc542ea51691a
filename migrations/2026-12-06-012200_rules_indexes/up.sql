-- The rules' history (`Session::for_rules`) reads every part from an index
-- alone, never visiting the table:
-- - a member's live sessions newest first, with what decides whether one
--   counts (status, pain, cramp, extra, lighter);
-- - a member's live sessions that have sets (`top_load_grams` is NULL
--   exactly when a session has none: the database keeps it from
--   session_sets) by stage, newest first, with status and pain.
-- Each is in the order the rules read (day, then id) so that SQLite stops
-- at the newest it needs without sorting, and holds `voided_at` so that
-- SQLite sees the index covers the read.
CREATE INDEX session_logs_rules_live
    ON session_logs (member_id, trained_on, id, status, pain, cramp, extra, lighter, voided_at)
    WHERE voided_at IS NULL;
CREATE INDEX session_logs_stage_sets_live
    ON session_logs (member_id, stage, trained_on, id, status, pain, voided_at, top_load_grams)
    WHERE voided_at IS NULL AND top_load_grams IS NOT NULL;
