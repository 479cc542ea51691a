-- A member's active assignment, found by a seek. The only index on
-- assignments.member_id was the partial unique one (WHERE active), which
-- SQLite uses only when a query spells out `active` itself; diesel binds
-- `active = ?` as a parameter, so the roster's join scanned every
-- assignment for every member (about 30 ms at 1,000 members).
CREATE INDEX assignments_member ON assignments (member_id, active);
