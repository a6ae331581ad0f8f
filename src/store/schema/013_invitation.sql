-- 013_invitation.sql — one-time sign-in codes that invite a patient to the
-- portal. The desk creates the patient's login (role patient) with no
-- password yet ("user".password_hash = ''; no password matches it) and an
-- invitation; the patient uses the code once to choose a password. Only the
-- SHA-256 of the code is kept, as for web sessions. A newer invitation of the
-- same patient revokes the older unused ones.

CREATE TABLE invitation (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  user_id INTEGER NOT NULL REFERENCES "user" (id),
  code_hash TEXT NOT NULL UNIQUE CHECK (length(code_hash) = 64),
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  expires INTEGER NOT NULL CHECK (expires > created),
  used_at INTEGER NOT NULL DEFAULT 0,    -- 0 = not used yet
  revoked_at INTEGER NOT NULL DEFAULT 0  -- 0 = not replaced by a newer invitation
);
CREATE INDEX invitation_patient ON invitation (patient_id);
