-- A stage change caused by a session (its decision, or the void that
-- undid it) names the session; a change a void undid, and the row that
-- undid it, are marked undone: the stall clock reads neither.
ALTER TABLE stage_changes ADD COLUMN session_id INTEGER;
ALTER TABLE stage_changes ADD COLUMN undone BOOLEAN NOT NULL DEFAULT 0;
-- Voids made before this migration: the row that undid a change, and the
-- latest advance or pain week before it that left the member where the
-- void found them.
UPDATE stage_changes SET undone = 1
WHERE id IN (
    SELECT (
        SELECT c.id FROM stage_changes c
        WHERE c.assignment_id = v.assignment_id AND c.id < v.id
          AND c.reason IN ('advance', 'pain_regression') AND c.to_stage = v.from_stage
        ORDER BY c.id DESC LIMIT 1
    )
    FROM stage_changes v WHERE v.reason = 'voided'
);
UPDATE stage_changes SET undone = 1 WHERE reason = 'voided';

-- The pain week a session was logged in (a second pain report starts the
-- week over; its void gives this week back).
ALTER TABLE session_logs ADD COLUMN pain_week_from_before INTEGER;
ALTER TABLE session_logs ADD COLUMN pain_week_until_before DATE;

-- The outbox: every email the app means to send, written in the same
-- transaction as what causes it (a pain report, an emailed invitation or
-- reset link), so a restart loses none. The sender marks it sent (and
-- blanks the body, which may carry a link), or counts a failed attempt and
-- keeps the last error; after the last attempt it gives up.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    -- The member the email is about (a pain report, their invitation):
    -- erasing the member deletes it.
    member_id INTEGER REFERENCES members (id),
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_attempt_at TIMESTAMP,
    sent_at TIMESTAMP,
    gave_up_at TIMESTAMP
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL AND gave_up_at IS NULL;
