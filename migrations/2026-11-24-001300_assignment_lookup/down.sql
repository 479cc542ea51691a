DROP INDEX assignments_member;
