-- 004_session_planned.sql (PostgreSQL) — the twin of schema/004: the regions
-- the session's screening assessed.

ALTER TABLE session ADD COLUMN planned text NOT NULL DEFAULT '';
