DROP INDEX session_logs_day_live;
