-- 005_timezone.sql — the clinic's time zone (an IANA name such as
-- Europe/Madrid): times are stored as UTC unix seconds and shown on the
-- clinic's clock. UTC until the clinic sets it (tdn setting set timezone).

INSERT OR IGNORE INTO setting (key, value) VALUES ('timezone', 'UTC');
