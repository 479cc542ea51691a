ALTER TABLE session_logs DROP COLUMN lighter;
ALTER TABLE session_logs DROP COLUMN shift_calls;
ALTER TABLE session_logs DROP COLUMN shift_soreness;
ALTER TABLE session_logs DROP COLUMN shift_sleep;
ALTER TABLE session_logs DROP COLUMN shift;
