-- 009_session_blocked_muscles.sql — the muscles the session's screening
-- blocked ("iliopsoas,tibialis_posterior": those that cannot be compressed,
-- for a patient on anticoagulants or with a clotting disorder), so that
-- needling them is refused without an override (protocol.blocked_muscle) as
-- long as the session lasts.

ALTER TABLE session ADD COLUMN blocked_muscles TEXT NOT NULL DEFAULT '';
