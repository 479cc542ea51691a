DROP TABLE range_test_audit;
DROP TABLE range_tests;
ALTER TABLE department DROP COLUMN retest_weeks;
ALTER TABLE department DROP COLUMN hugged_tolerance_pct;
ALTER TABLE department DROP COLUMN compensation_pct;
ALTER TABLE department DROP COLUMN asymmetry_pct;
ALTER TABLE department DROP COLUMN near_zero_pct;
