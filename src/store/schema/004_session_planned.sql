-- 004_session_planned.sql — the regions the session's screening assessed
-- ("posterior_neck:R,calf:L"), so that needling outside them is flagged
-- (protocol.unplanned_region) as long as the session lasts.

ALTER TABLE session ADD COLUMN planned TEXT NOT NULL DEFAULT '';
