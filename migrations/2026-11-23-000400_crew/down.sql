DROP TABLE stage_changes;
DROP TABLE assignments;
DROP TABLE invites;
DROP TABLE members;
ALTER TABLE department DROP COLUMN platoons;
ALTER TABLE department DROP COLUMN shift_change_minutes;
ALTER TABLE department DROP COLUMN platoon_offset_days;
ALTER TABLE department DROP COLUMN rotation_anchor;
ALTER TABLE department DROP COLUMN rotation_pattern;
