-- 015_intake.sql — the patient's intake (data/intake.tsv questions) and the
-- clinician's review of it. The patient's answers, pain map and goals are
-- kept as the patient gave them, dated, and never change; the clinician's
-- confirmed answers are kept beside them with the screening recorded from
-- them, so the chart can show what the patient said beside what the
-- clinician recorded. A newer intake of the same patient replaces a pending
-- one (status replaced).

CREATE TABLE intake (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  submitted_at INTEGER NOT NULL,
  submitted_by TEXT NOT NULL,          -- the patient's login (or staff entering it)
  answers TEXT NOT NULL,               -- JSON {"question id": "yes|no|unsure|trimester", ...}
  places TEXT NOT NULL DEFAULT '{}',   -- JSON {"question id": "region:S"} for "yes, here"
  pains TEXT NOT NULL DEFAULT '[]',    -- JSON ["region:S=N", ...]
  goals TEXT NOT NULL DEFAULT '[]',    -- JSON [{"activity": "...", "score": 0-10}, ...]
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'reviewed', 'replaced')),
  reviewed_at INTEGER NOT NULL DEFAULT 0,
  reviewed_by TEXT NOT NULL DEFAULT '',
  confirmed TEXT NOT NULL DEFAULT '',  -- the clinician's answers, same shape as answers
  confirmed_places TEXT NOT NULL DEFAULT '',
  screening_id INTEGER REFERENCES screening (id)
);
CREATE INDEX intake_patient ON intake (patient_id, id);
CREATE TRIGGER intake_answers_fixed BEFORE UPDATE OF answers, places, pains, goals,
  submitted_at, submitted_by ON intake
BEGIN SELECT RAISE(ABORT, 'intake: the patient''s answers are never changed'); END;
