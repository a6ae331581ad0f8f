-- 007_login_throttle.sql (PostgreSQL) — the twin of schema/007: sign-in
-- throttling by address and name, and the indexes that find expired web
-- sessions and read the audit a page at a time by actor or action.

CREATE TABLE login_throttle (
  address text NOT NULL,
  username text NOT NULL,
  failures bigint NOT NULL DEFAULT 0,
  last_failure bigint NOT NULL DEFAULT 0,
  blocked_until bigint NOT NULL DEFAULT 0,
  unlisted bigint NOT NULL DEFAULT 0,
  listed_at bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (address, username)
);
CREATE INDEX login_throttle_last ON login_throttle (last_failure);
CREATE INDEX auth_session_expires ON auth_session (expires);
UPDATE "user" SET locked_until = 0;
CREATE INDEX audit_actor ON audit (actor, id);
CREATE INDEX audit_action ON audit (action, id);
