-- Hashed ids cannot be turned back into keys: the sessions end.
DELETE FROM web_sessions;
