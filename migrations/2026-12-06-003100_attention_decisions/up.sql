-- Issue 20, item 1: a coach's decision on a "needs attention" line (a pain
-- report acknowledged, ready kept or advanced, a reason snoozed or
-- dismissed), with its note, kept for the member's timeline. A snooze hides
-- the line until `snoozed_until`; any other decision hides a reason the
-- roster works out (stalled, retest due, no session) while its evidence
-- (`evidence_on`) is the same, and answers the stored coach flags it names.
CREATE TABLE attention_decisions (
    id INTEGER PRIMARY KEY NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id),
    reason TEXT NOT NULL CHECK (reason IN ('pain', 'ready', 'cramp', 'above_cap', 'stalled', 'retest', 'inactive')),
    action TEXT NOT NULL CHECK (action IN ('acknowledged', 'advanced', 'kept', 'snoozed', 'dismissed')),
    note TEXT NOT NULL DEFAULT '',
    evidence_on DATE,
    snoozed_until DATE CHECK (snoozed_until IS NULL OR action = 'snoozed'),
    decided_by INTEGER NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX attention_decisions_member ON attention_decisions (member_id, decided_at);
