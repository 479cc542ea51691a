DROP TABLE coach_flags;
DROP TABLE session_sets;
DROP TABLE session_logs;
