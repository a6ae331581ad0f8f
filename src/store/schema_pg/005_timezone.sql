-- 005_timezone.sql (PostgreSQL) — the twin of schema/005: the clinic's time
-- zone, UTC until the clinic sets it.

INSERT INTO setting (key, value) VALUES ('timezone', 'UTC') ON CONFLICT (key) DO NOTHING;
