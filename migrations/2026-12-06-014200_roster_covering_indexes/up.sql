-- Two reads the roster makes for every member, from an index alone:
-- - Of the six weeks before the last six, the stall rule needs only each
--   member's heaviest finished top set. The member's live sessions' index
--   the rules read now also holds the top load, so SQLite finds it in the
--   member's few entries without visiting the table.
-- - The member's last stage change that moved the stage (not undone, from
--   one stage to another): the member's index of changes now holds what
--   decides that, so SQLite steps back through it without a table lookup
--   per change. Its first two columns are the old index's, for every
--   other read.
DROP INDEX session_logs_rules_live;
CREATE INDEX session_logs_rules_live
    ON session_logs (member_id, trained_on, id, status, pain, cramp, extra, lighter, voided_at, top_load_grams)
    WHERE voided_at IS NULL;
DROP INDEX stage_changes_member;
CREATE INDEX stage_changes_member
    ON stage_changes (member_id, changed_at, undone, from_stage, to_stage);
