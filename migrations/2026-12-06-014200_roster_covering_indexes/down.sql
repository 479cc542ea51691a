DROP INDEX stage_changes_member;
CREATE INDEX stage_changes_member ON stage_changes (member_id, changed_at);
DROP INDEX session_logs_rules_live;
CREATE INDEX session_logs_rules_live
    ON session_logs (member_id, trained_on, id, status, pain, cramp, extra, lighter, voided_at)
    WHERE voided_at IS NULL;
