DROP INDEX session_logs_stage_sets_live;
DROP INDEX session_logs_rules_live;
