-- 016_econsent.sql — consent signed in the portal and withdrawn. A consent
-- row now also keeps the full name the signer typed, the login it was
-- signed from (empty when staff recorded it), the version of the clinic's
-- consent text that was read (0 = tdn's default text, data/consent.tsv),
-- and when and by whom it was withdrawn (0 = in force). The clinic's own
-- consent texts are kept, every version, in consent_text.

ALTER TABLE consent ADD COLUMN signed_name TEXT NOT NULL DEFAULT '';
ALTER TABLE consent ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE consent ADD COLUMN text_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent ADD COLUMN withdrawn_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE consent ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';

CREATE TABLE consent_text (
  version INTEGER PRIMARY KEY,
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL
);
