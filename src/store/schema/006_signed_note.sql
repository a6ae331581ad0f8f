-- 006_signed_note.sql — the session note as a clinical document: the
-- clinician's own Subjective, Objective, Assessment and Plan text beside the
-- generated parts, the sign-off (who, with name and credentials as they were
-- at signing, when, and the note text as signed) and addenda after signing.
-- A signed note is never changed again: the store refuses it, and so do the
-- triggers below whatever writes to the file. Users get credentials
-- ("PT, DPT") beside their full name (display_name).

ALTER TABLE "user" ADD COLUMN credentials TEXT NOT NULL DEFAULT '';

CREATE TABLE session_note (
  session_id INTEGER PRIMARY KEY REFERENCES session (id),
  subjective TEXT NOT NULL DEFAULT '',
  objective TEXT NOT NULL DEFAULT '',
  assessment TEXT NOT NULL DEFAULT '',
  plan TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  signed_at INTEGER,                 -- NULL until signed
  signed_by TEXT,                    -- username of the signer
  signer TEXT,                       -- "Dr Jane Lee, PT, DPT" at signing
  signed_text TEXT,                  -- the whole note as signed
  CHECK ((signed_at IS NULL) = (signed_text IS NULL))
);

CREATE TRIGGER session_note_signed_update BEFORE UPDATE ON session_note
  WHEN OLD.signed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'note: refused: a signed note is not changed'); END;
CREATE TRIGGER session_note_signed_delete BEFORE DELETE ON session_note
  WHEN OLD.signed_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'note: refused: a signed note is not deleted'); END;

CREATE TABLE note_addendum (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session_note (session_id),
  text TEXT NOT NULL CHECK (text <> ''),
  created INTEGER NOT NULL,
  author TEXT NOT NULL,              -- username
  author_name TEXT NOT NULL          -- "Dr Jane Lee, PT, DPT" at writing
);
CREATE INDEX note_addendum_session ON note_addendum (session_id);
CREATE TRIGGER note_addendum_update BEFORE UPDATE ON note_addendum
  BEGIN SELECT RAISE(ABORT, 'addendum: refused: an addendum is not changed'); END;
CREATE TRIGGER note_addendum_delete BEFORE DELETE ON note_addendum
  BEGIN SELECT RAISE(ABORT, 'addendum: refused: an addendum is not deleted'); END;
