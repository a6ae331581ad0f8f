-- 007_login_throttle.sql — sign-in throttling by address instead of locking
-- accounts. One row per (address, username as typed) and one per address
-- (username ''): failures within the window, when the next attempt may come,
-- and the failures not yet written to the audit one by one (the audit gets
-- at most one login_failed row per address and name a minute, with a count).
-- Names that are not users are kept the same way, so the answers do not tell
-- which names exist. "user".locked_until is no longer set. Also: the index
-- that finds expired web sessions, and those that read the audit a page at
-- a time by actor or action.

CREATE TABLE login_throttle (
  address TEXT NOT NULL,
  username TEXT NOT NULL,                  -- '' = every name from this address
  failures INTEGER NOT NULL DEFAULT 0,     -- wrong passwords in the current window
  last_failure INTEGER NOT NULL DEFAULT 0,
  blocked_until INTEGER NOT NULL DEFAULT 0,
  unlisted INTEGER NOT NULL DEFAULT 0,     -- failed attempts not yet in the audit
  listed_at INTEGER NOT NULL DEFAULT 0,    -- when the last audit row for this pair was written
  PRIMARY KEY (address, username)
);
CREATE INDEX login_throttle_last ON login_throttle (last_failure);
CREATE INDEX auth_session_expires ON auth_session (expires);
UPDATE "user" SET locked_until = 0;
-- The audit is read a page at a time, newest first, filtered by who or what.
CREATE INDEX audit_actor ON audit (actor, id);
CREATE INDEX audit_action ON audit (action, id);
