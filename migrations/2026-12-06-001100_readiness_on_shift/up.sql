-- Issue 19, readiness on shift: what the member said about the shift before
-- logging (NULL: the check was skipped; 'fine'; or 'hard' with its three
-- answers) and whether the lighter session a poor answer offered was the
-- one done.
ALTER TABLE session_logs ADD COLUMN shift TEXT CHECK (shift IS NULL OR shift IN ('fine', 'hard'));
ALTER TABLE session_logs ADD COLUMN shift_sleep TEXT CHECK (shift_sleep IS NULL OR shift_sleep IN ('good', 'short', 'barely'));
ALTER TABLE session_logs ADD COLUMN shift_soreness TEXT CHECK (shift_soreness IS NULL OR shift_soreness IN ('none', 'some', 'a_lot'));
ALTER TABLE session_logs ADD COLUMN shift_calls TEXT CHECK (shift_calls IS NULL OR shift_calls IN ('none', 'few', 'many'));
ALTER TABLE session_logs ADD COLUMN lighter BOOLEAN NOT NULL DEFAULT 0;
