ALTER TABLE stage_changes DROP COLUMN undone;
ALTER TABLE stage_changes DROP COLUMN session_id;
