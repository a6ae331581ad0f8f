-- 001_init.sql — every table of DESIGN §3, so that other layers need no schema
-- work. Times are unix seconds (INTEGER) given by the caller; booleans are 0/1.
-- Identifiers avoid SQL keywords where a PostgreSQL port would need quoting,
-- except "user", which is always written quoted.

CREATE TABLE patient (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  birth TEXT NOT NULL,                       -- YYYY-MM-DD
  sex TEXT CHECK (sex IN ('F', 'M', 'X')),   -- NULL when not given
  created INTEGER NOT NULL
);

CREATE TABLE "user" (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'clinician', 'front_desk', 'patient')),
  patient_id INTEGER REFERENCES patient (id),  -- set for patient logins only
  password_hash TEXT NOT NULL,                 -- argon2id (libsodium crypto_pwhash_str)
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL,
  CHECK ((role = 'patient') = (patient_id IS NOT NULL))
);

CREATE TABLE auth_session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES "user" (id),
  csrf_token TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  expires INTEGER NOT NULL
);

CREATE TABLE consent (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  given_by TEXT NOT NULL CHECK (given_by IN ('patient', 'guardian')),
  given_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL
);

CREATE TABLE screening (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  profile TEXT NOT NULL,                     -- the profile JSON of DESIGN §6
  decision TEXT NOT NULL CHECK (decision IN ('go', 'caution', 'no_go', 'unscreened')),
  reasons TEXT NOT NULL DEFAULT '[]',        -- JSON array of {rule, level, detail}
  created INTEGER NOT NULL,
  recorded_by TEXT NOT NULL
);

CREATE TABLE episode (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  condition TEXT NOT NULL,                   -- knowledge-base condition id
  icd10 TEXT NOT NULL,                       -- ICD-10-CM code ('-' when none fits)
  goals TEXT NOT NULL DEFAULT '',
  plan TEXT NOT NULL DEFAULT '',             -- plan of care: the treatments, comma-separated
  opened INTEGER NOT NULL,
  closed INTEGER
);

CREATE TABLE session (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  episode_id INTEGER REFERENCES episode (id),
  clinician TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open'
    CHECK (state IN ('open', 'screened', 'needling', 'needles_out', 'closed', 'aborted')),
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  screening_id INTEGER REFERENCES screening (id),
  override_reason TEXT,
  cpt TEXT,
  note TEXT,
  handout TEXT
);

CREATE TABLE pain_map (
  id INTEGER PRIMARY KEY,
  session_id INTEGER REFERENCES session (id),
  episode_id INTEGER REFERENCES episode (id),
  region TEXT NOT NULL,                      -- region code of DESIGN §4
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  intensity INTEGER CHECK (intensity BETWEEN 0 AND 10),
  recorded_at INTEGER NOT NULL,
  CHECK (session_id IS NOT NULL OR episode_id IS NOT NULL)
);

CREATE TABLE finding (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  muscle TEXT NOT NULL,                      -- knowledge-base muscle id
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  tp_type TEXT NOT NULL CHECK (tp_type IN ('active', 'latent')),
  taut_band INTEGER NOT NULL DEFAULT 0 CHECK (taut_band IN (0, 1)),
  spot INTEGER NOT NULL DEFAULT 0 CHECK (spot IN (0, 1)),         -- hyperirritable spot
  ltr INTEGER NOT NULL DEFAULT 0 CHECK (ltr IN (0, 1)),           -- LTR on palpation
  referred INTEGER NOT NULL DEFAULT 0 CHECK (referred IN (0, 1)), -- referred pain reproduced
  recorded_at INTEGER NOT NULL
);

CREATE TABLE needle (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  number INTEGER NOT NULL,                   -- 1, 2, ... within the session
  muscle TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  technique TEXT NOT NULL CHECK (technique IN ('deep', 'superficial')),
  guide_tube INTEGER NOT NULL DEFAULT 1 CHECK (guide_tube IN (0, 1)),
  palpation TEXT CHECK (palpation IN ('pincer', 'flat')),
  gauge REAL,                                -- needle diameter as given (e.g. 0.30 mm)
  length_mm REAL,
  ltr_count INTEGER NOT NULL DEFAULT 0,
  redirections INTEGER NOT NULL DEFAULT 0,
  inserted_at INTEGER NOT NULL,
  withdrawn_at INTEGER,
  state TEXT NOT NULL DEFAULT 'in' CHECK (state IN ('in', 'out', 'broken')),
  freq_hz REAL,                              -- electrical stimulation, NULL when none
  pulse_us REAL,
  duration_s INTEGER,
  intensity TEXT,                            -- as the patient tolerated it
  UNIQUE (session_id, number)
);

CREATE TABLE measure (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  phase TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup')),
  kind TEXT NOT NULL CHECK (kind IN ('nprs', 'ppt', 'rom', 'psfs')),
  site TEXT NOT NULL,        -- nprs: region; ppt: muscle; rom: joint motion; psfs: activity
  side TEXT NOT NULL CHECK (side IN ('L', 'R', 'B')),
  value REAL NOT NULL,
  unit TEXT NOT NULL,        -- 'nprs', 'kg/cm2', 'deg', 'psfs'
  motion TEXT CHECK (motion IN ('active', 'passive')),  -- rom only
  recorded_at INTEGER NOT NULL,
  CHECK ((kind = 'rom') = (motion IS NOT NULL))
);

CREATE TABLE adverse_event (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session (id),
  needle_id INTEGER REFERENCES needle (id),
  kind TEXT NOT NULL CHECK (kind IN ('bruising', 'bleeding', 'pain_during', 'pain_after',
    'soreness', 'drowsiness', 'syncope', 'nausea', 'headache', 'aggravation', 'infection',
    'nerve_injury', 'needle_breakage', 'pneumothorax', 'other')),
  severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'significant')),
  onset INTEGER NOT NULL,
  action TEXT NOT NULL DEFAULT '',
  resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
  note TEXT NOT NULL DEFAULT '',             -- incident note (required for needle breakage)
  recorded_at INTEGER NOT NULL
);

CREATE TABLE diary (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  session_id INTEGER REFERENCES session (id),
  day TEXT NOT NULL,                         -- YYYY-MM-DD
  pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
  soreness INTEGER NOT NULL CHECK (soreness BETWEEN 0 AND 10),
  note TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL
);

-- Append-only: who did what to which record, reads of a chart included.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,                      -- create, change, read, export, login, ...
  tbl TEXT NOT NULL,
  record_id INTEGER,
  patient_id INTEGER,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
