-- 009_session_blocked_muscles.sql (PostgreSQL) — the twin of schema/009: the
-- muscles the session's screening blocked.

ALTER TABLE session ADD COLUMN blocked_muscles text NOT NULL DEFAULT '';
