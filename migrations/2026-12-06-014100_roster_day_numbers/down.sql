DROP INDEX session_logs_day_live;
CREATE INDEX session_logs_day_live
    ON session_logs (trained_on, member_id, status, top_load_grams, voided_at)
    WHERE voided_at IS NULL;
