-- 011_serious_severity.sql — adverse events gain the survey's fourth tier,
-- `serious` (hospital admission, lasting disability or death), beside mild,
-- moderate and significant. SQLite cannot change a CHECK, so the table is
-- rebuilt with every existing record carried over unchanged (no table refers
-- to adverse_event, so the rebuild breaks no foreign key).

CREATE TABLE adverse_event_new (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  needle_id INTEGER REFERENCES needle (id),
  kind TEXT NOT NULL CHECK (kind IN ('bruising', 'bleeding', 'pain_during', 'pain_after',
    'soreness', 'drowsiness', 'syncope', 'nausea', 'headache', 'aggravation', 'infection',
    'nerve_injury', 'needle_breakage', 'pneumothorax', 'other')),
  severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'significant', 'serious')),
  onset INTEGER NOT NULL,
  action TEXT NOT NULL DEFAULT '',
  resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',
  recorded_at INTEGER NOT NULL
);
INSERT INTO adverse_event_new (id, session_id, needle_id, kind, severity, onset, action, resolved,
                               note, recorded_at)
  SELECT id, session_id, needle_id, kind, severity, onset, action, resolved, note, recorded_at
  FROM adverse_event;
DROP TABLE adverse_event;
ALTER TABLE adverse_event_new RENAME TO adverse_event;
CREATE INDEX adverse_event_session ON adverse_event (session_id);
-- the safety report groups by kind and severity within the chosen sessions
CREATE INDEX adverse_event_session_kind ON adverse_event (session_id, kind, severity);
