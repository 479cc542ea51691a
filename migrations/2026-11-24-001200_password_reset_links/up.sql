-- A link that sets a new password for an existing crew member's account
-- (a coach's password reset), rather than creating an account.
ALTER TABLE invites ADD COLUMN reset_user_id INTEGER;
