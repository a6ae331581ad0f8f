-- 017_report_indexes.sql — indexes for the practice-based evidence reports
-- (sqlite_report.c), so that a clinic of 100,000 sessions reports in under a
-- second. measure_report holds every measure in the order the outcome and
-- split-body reports group them (session, then site: kind, site, side,
-- motion; then phase and time) with the value, so one pass over it needs no
-- sort and no table read; measure_time finds the value an episode's first
-- pre or last follow-up had by its site and time.

CREATE INDEX measure_report ON measure (session_id, kind, site, side, motion, phase, recorded_at,
                                        value);
CREATE INDEX measure_time ON measure (kind, site, side, motion, phase, recorded_at);
