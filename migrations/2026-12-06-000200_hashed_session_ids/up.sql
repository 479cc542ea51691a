-- Session rows are now keyed by the SHA-256 of the cookie's key; rows kept
-- under the bare key would never match again, so they go (everyone logs in
-- once more).
DELETE FROM web_sessions;
