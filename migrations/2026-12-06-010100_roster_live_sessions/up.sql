-- The roster reads the department's sessions of the last twelve weeks by
-- day, voided ones left out. `session_logs_day` holds every column it reads
-- but `voided_at`, so since voids came in each of those ~30,000 entries
-- (1,000 members) sent SQLite to the table row to check it: about 100 ms
-- of a roster drawn from scratch. This index holds the live sessions only,
-- with everything the roster reads of them (`voided_at` too, so SQLite
-- reports it covering), so the read never leaves the index.
CREATE INDEX session_logs_day_live
    ON session_logs (trained_on, member_id, status, top_load_grams, voided_at)
    WHERE voided_at IS NULL;
