-- 008_episode_side.sql (PostgreSQL) — the twin of schema/008: the side and
-- site of an episode's diagnosis.

ALTER TABLE episode ADD COLUMN side text NOT NULL DEFAULT '';
ALTER TABLE episode ADD COLUMN site text NOT NULL DEFAULT '';
