ALTER TABLE invites DROP COLUMN reset_user_id;
