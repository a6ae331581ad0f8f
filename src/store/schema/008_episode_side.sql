-- 008_episode_side.sql — the side of an episode's diagnosis (R, L, B; '' when
-- not recorded) and its site (a body-chart region code, '' when none), so that
-- the coded ICD-10-CM diagnosis names the side and the site (core/icd.h).

ALTER TABLE episode ADD COLUMN side TEXT NOT NULL DEFAULT '';
ALTER TABLE episode ADD COLUMN site TEXT NOT NULL DEFAULT '';
