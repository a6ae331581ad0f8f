-- 010_finding_none.sql — a palpation finding may say that the muscle was
-- palpated and no trigger point was found (tp_type 'none'): locate takes it
-- as negative evidence for that muscle in the session (issue 13). SQLite
-- cannot change a CHECK, so the table is rebuilt with the same columns.

CREATE TABLE finding_new (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  muscle TEXT NOT NULL,                      -- knowledge-base muscle id
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  tp_type TEXT NOT NULL CHECK (tp_type IN ('active', 'latent', 'none')),
  taut_band INTEGER NOT NULL DEFAULT 0 CHECK (taut_band IN (0, 1)),
  spot INTEGER NOT NULL DEFAULT 0 CHECK (spot IN (0, 1)),         -- hyperirritable spot
  ltr INTEGER NOT NULL DEFAULT 0 CHECK (ltr IN (0, 1)),           -- LTR on palpation
  referred INTEGER NOT NULL DEFAULT 0 CHECK (referred IN (0, 1)), -- referred pain reproduced
  recorded_at INTEGER NOT NULL
);
INSERT INTO finding_new (id, session_id, muscle, side, tp_type, taut_band, spot, ltr, referred,
                         recorded_at)
  SELECT id, session_id, muscle, side, tp_type, taut_band, spot, ltr, referred, recorded_at
  FROM finding;
DROP TABLE finding;
ALTER TABLE finding_new RENAME TO finding;
CREATE INDEX finding_session ON finding (session_id);
