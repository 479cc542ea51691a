-- The roster reads ~30,000 recent sessions for 1,000 members, and reading
-- each one's day as text ("2026-12-06") cost more than the rest of its row:
-- diesel checks the text twice and the day is then parsed. The live
-- sessions' day index now also holds the day as a number (its Julian day,
-- `julianday(trained_on)`), which SQLite hands out from the index as it is
-- when a statement asks for that very expression: the roster asks for it
-- and reads a plain number per row. The stored text stays the record.
DROP INDEX session_logs_day_live;
CREATE INDEX session_logs_day_live
    ON session_logs (trained_on, member_id, status, top_load_grams, voided_at, julianday(trained_on))
    WHERE voided_at IS NULL;
