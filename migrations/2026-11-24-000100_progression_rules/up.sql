-- Issue 9: the progression engine's edge cases.

-- A session on a training day that already has one that counts, or the day
-- right after one: kept and shown, but it never counts toward moving up.
ALTER TABLE session_logs ADD COLUMN extra BOOLEAN NOT NULL DEFAULT 0;
