-- 010_finding_none.sql (PostgreSQL) — the twin of schema/010: a finding may
-- say no trigger point was found (tp_type 'none'). PostgreSQL changes the
-- CHECK in place where SQLite rebuilds the table.

ALTER TABLE finding DROP CONSTRAINT finding_tp_type_check;
ALTER TABLE finding ADD CONSTRAINT finding_tp_type_check
  CHECK (tp_type IN ('active', 'latent', 'none'));
