DROP INDEX session_logs_member_stage;
DROP INDEX session_logs_day;
DROP TRIGGER session_sets_top_load_delete;
DROP TRIGGER session_sets_top_load_update;
DROP TRIGGER session_sets_top_load_insert;
ALTER TABLE session_logs DROP COLUMN top_load_grams;
