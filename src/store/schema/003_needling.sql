-- 003_needling.sql — what the needling session (issue 5, core/protocol) needs
-- beyond 001: why a session did not start screened and the regions its
-- screening blocked, the abort reason, a revision counter so that two writers
-- never overwrite each other's events, per-needle superficial rounds and dwell,
-- the e-stim start, and every override with its rule and written reason.

ALTER TABLE session ADD COLUMN unscreened TEXT NOT NULL DEFAULT '';
ALTER TABLE session ADD COLUMN blocked TEXT NOT NULL DEFAULT '';    -- "calf:R,lumbar:B"
ALTER TABLE session ADD COLUMN abort_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE session ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;

ALTER TABLE needle ADD COLUMN rounds INTEGER NOT NULL DEFAULT 1;    -- superficial rounds
ALTER TABLE needle ADD COLUMN round_at INTEGER;                      -- start of the last round
ALTER TABLE needle ADD COLUMN dwell_s INTEGER NOT NULL DEFAULT 0;   -- seconds in, finished rounds
ALTER TABLE needle ADD COLUMN estim_at INTEGER;                      -- e-stim started

CREATE TABLE session_override (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  rule TEXT NOT NULL,                        -- protocol.screening, safety.bilateral_lung, ...
  reason TEXT NOT NULL CHECK (reason <> ''),
  muscle TEXT NOT NULL DEFAULT '',
  side TEXT NOT NULL DEFAULT '',
  needle_number INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX session_override_session ON session_override (session_id);
