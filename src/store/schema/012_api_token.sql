-- 012_api_token.sql — API tokens for machine clients of the read-only FHIR
-- API (issue 12): `tdn token add` prints a token once; only its hash is kept
-- (BLAKE2b-256 of a 256-bit random token: a fast hash is enough for a secret
-- that cannot be guessed). A token acts as its user, with that user's role,
-- until it expires or is revoked.
CREATE TABLE api_token (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES "user" (id),
  token_hash TEXT NOT NULL UNIQUE,
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  revoked INTEGER,                           -- when it was revoked, NULL = not
  created_by TEXT NOT NULL
);
CREATE INDEX api_token_user ON api_token (user_id);
