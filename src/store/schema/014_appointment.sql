-- 014_appointment.sql — the front desk's appointment book: one row per
-- appointment of a patient with a clinician (a user with role clinician or
-- admin, by user name), from starts to ends (unix seconds, UTC). Booked and
-- checked-in appointments of one clinician never overlap (core/appointment.h,
-- checked by the store in the booking's transaction). A session opened from
-- the appointment is linked to it. Nothing clinical is kept here.

CREATE TABLE appointment (
  id INTEGER PRIMARY KEY,
  patient_id INTEGER NOT NULL REFERENCES patient (id),
  clinician TEXT NOT NULL,
  starts INTEGER NOT NULL,
  ends INTEGER NOT NULL CHECK (ends > starts),
  status TEXT NOT NULL DEFAULT 'booked'
    CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
  checked_in_at INTEGER NOT NULL DEFAULT 0,
  session_id INTEGER REFERENCES session (id),
  created INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  changed INTEGER NOT NULL DEFAULT 0,
  changed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointment_clinician ON appointment (clinician, starts);
CREATE INDEX appointment_starts ON appointment (starts);
CREATE INDEX appointment_patient ON appointment (patient_id, starts);
