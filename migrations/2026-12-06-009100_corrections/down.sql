DROP TABLE outbox;
ALTER TABLE session_logs DROP COLUMN pain_week_until_before;
ALTER TABLE session_logs DROP COLUMN pain_week_from_before;
ALTER TABLE stage_changes DROP COLUMN undone;
ALTER TABLE stage_changes DROP COLUMN session_id;
