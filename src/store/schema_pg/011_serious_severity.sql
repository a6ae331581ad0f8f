-- 011_serious_severity.sql (PostgreSQL) — the twin of schema/011: adverse
-- events gain the `serious` tier. PostgreSQL changes the CHECK in place
-- where SQLite rebuilds the table; the safety report's index is added.

ALTER TABLE adverse_event DROP CONSTRAINT adverse_event_severity_check;
ALTER TABLE adverse_event ADD CONSTRAINT adverse_event_severity_check
  CHECK (severity IN ('mild', 'moderate', 'significant', 'serious'));
CREATE INDEX adverse_event_session_kind ON adverse_event (session_id, kind, severity);
