-- 002_settings_indexes.sql (PostgreSQL) — the twin of schema/002: clinic
-- settings (key/value) and the indexes behind chart reads and searches.

CREATE TABLE setting (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO setting (key, value) VALUES ('screening_valid_days', '30');

CREATE INDEX patient_name ON patient (name);
CREATE INDEX consent_patient ON consent (patient_id, given_at);
CREATE INDEX screening_patient ON screening (patient_id, created);
CREATE INDEX episode_patient ON episode (patient_id);
CREATE INDEX session_patient ON session (patient_id, opened_at);
CREATE INDEX pain_map_session ON pain_map (session_id);
CREATE INDEX pain_map_episode ON pain_map (episode_id);
CREATE INDEX finding_session ON finding (session_id);
CREATE INDEX measure_session ON measure (session_id);
CREATE INDEX adverse_event_session ON adverse_event (session_id);
CREATE INDEX diary_patient ON diary (patient_id, day);
CREATE INDEX audit_patient ON audit (patient_id, id);
CREATE INDEX auth_session_user ON auth_session (user_id);
