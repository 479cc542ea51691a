ALTER TABLE session_logs DROP COLUMN extra;
