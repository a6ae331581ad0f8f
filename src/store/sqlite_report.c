/* sqlite_report.c — the aggregates of the practice-based evidence reports in
 * the SQLite store (store.h): counted by SQL over the sessions a filter picks,
 * in one read transaction (no write lock, however long it takes), then one
 * audit row ("report", no patient) before the report is handed out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

/* The treatments a filter picks, bound as ?1..?6 (types "oossss"). */
#define SELECTED                                                                                   \
    "WITH sel AS (SELECT s.id FROM session s LEFT JOIN episode e ON e.id = s.episode_id "          \
    "WHERE (?1 IS NULL OR s.opened_at >= ?1) AND (?2 IS NULL OR s.opened_at < ?2) "                \
    "AND (?3 IS NULL OR e.condition = ?3) AND (?5 IS NULL OR s.clinician = ?5) "                   \
    "AND EXISTS (SELECT 1 FROM needle n WHERE n.session_id = s.id "                                \
    "AND (?4 IS NULL OR n.muscle = ?4)) AND (?6 IS NULL OR EXISTS (SELECT 1 FROM needle n "        \
    "WHERE n.session_id = s.id AND n.technique = ?6))) "

static tdn_db_stmt *prepare(tdn_store *s, const tdn_report_filter *f, const char *sql, tdn_err *err)
{
    return tdn_sq_prepare(s, err, sql, "oossss", f->from, f->to, f->condition, f->muscle,
                          f->clinician, f->protocol);
}

static int totals(tdn_store *s, const tdn_report_filter *f, tdn_safety_counts *out, tdn_err *err)
{
    tdn_db_stmt *st =
        prepare(s, f,
                SELECTED "SELECT (SELECT count(*) FROM sel), "
                         "(SELECT count(*) FROM needle WHERE session_id IN (SELECT id FROM sel)), "
                         "(SELECT count(DISTINCT session_id) FROM adverse_event WHERE session_id "
                         "IN (SELECT id FROM sel)), "
                         "(SELECT count(DISTINCT session_id) FROM adverse_event WHERE session_id "
                         "IN (SELECT id FROM sel) "
                         "AND severity = 'mild'), "
                         "(SELECT count(DISTINCT session_id) FROM adverse_event WHERE session_id "
                         "IN (SELECT id FROM sel) "
                         "AND severity IN ('significant', 'serious'))",
                err);
    if (!st) return err->status;
    int rc = tdn_db_step(st) == TDN_DB_ROW ? TDN_OK : tdn_sq_fail(s, "safety report", err);
    if (!rc) {
        out->sessions = tdn_db_int64(st, 0);
        out->needles = tdn_db_int64(st, 1);
        out->sessions_any = tdn_db_int64(st, 2);
        out->sessions_mild = tdn_db_int64(st, 3);
        out->sessions_serious = tdn_db_int64(st, 4);
    }
    tdn_db_finalize(st);
    return rc;
}

static bool ae_count_row(tdn_db_stmt *st, void *el)
{
    tdn_ae_count *a = el;
    tdn_sq_text(st, 0, a->kind, sizeof a->kind);
    tdn_sq_text(st, 1, a->severity, sizeof a->severity);
    a->sessions = tdn_db_int64(st, 2);
    a->events = tdn_db_int64(st, 3);
    return true;
}

int tdn_store_report_safety(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                            tdn_safety_counts *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = tdn_sq_read_begin(s, err);
    if (rc) return rc;
    rc = totals(s, f, out, err);
    if (!rc)
        rc = tdn_sq_list(
            s,
            prepare(s, f,
                    SELECTED "SELECT kind, severity, count(DISTINCT session_id), "
                             "count(*) FROM adverse_event WHERE session_id IN (SELECT id FROM sel) "
                             "GROUP BY kind, severity ORDER BY kind, severity",
                    err),
            ae_count_row, NULL, (void **)&out->rows, &out->n_rows, sizeof *out->rows, err);
    rc = tdn_sq_read_end(s, rc, err);
    if (!rc) rc = tdn_sq_audit_alone(s, act, "report", "report", 0, 0, "safety", err);
    if (rc) tdn_safety_counts_free(out);
    return rc;
}

/* ---- outcomes -------------------------------------------------------------
 * Every query below streams measure in the order of its index
 * measure_report (schema 017) and keeps, per session and site (kind, site,
 * side, motion), how many pre and post values there are, the first pre's
 * time and the last post's and follow-up's: one pass, no window sort (CROSS
 * JOIN keeps that pass the outer loop, so the groups stream in index order). A
 * value is read from the row itself when it is the only one of its phase,
 * else looked up by its time (ties in time go to the lower id for the first
 * pre, the higher for an end value, as ORDER BY t, id would). */
#define SITE_AGGREGATES                                                                            \
    "x.kind, x.site, x.side, x.motion, sum(CASE WHEN x.phase = 'pre' THEN 1 ELSE 0 END) AS npre, " \
    "min(CASE WHEN x.phase = 'pre' THEN x.recorded_at END) AS pre_t, "                             \
    "min(CASE WHEN x.phase = 'pre' THEN x.value END) AS pre_v, "                                   \
    "sum(CASE WHEN x.phase = 'post' THEN 1 ELSE 0 END) AS npost, "                                 \
    "max(CASE WHEN x.phase = 'post' THEN x.recorded_at END) AS post_t, "                           \
    "min(CASE WHEN x.phase = 'post' THEN x.value END) AS post_v, "                                 \
    "max(CASE WHEN x.phase = 'followup' THEN x.recorded_at END) AS fu_t "
#define SITE_KEYS " GROUP BY x.session_id, x.kind, x.site, x.side, x.motion"

/* The value of g's site measured in the session g.ses at g.<t> in phase
 * <ph>; dir ASC takes the first of a tie, DESC the last. */
#define SITE_OF(g)                                                                                 \
    "y.kind = " g ".kind AND y.site = " g ".site AND y.side = " g ".side AND "                     \
    "y.motion IS NOT DISTINCT FROM " g ".motion"
#define VALUE_AT(g, ph, t, dir)                                                                    \
    "(SELECT y.value FROM measure y WHERE y.session_id = " g                                       \
    ".ses AND " SITE_OF(g) " AND y.phase = '" ph "' AND y.recorded_at = " g "." t                  \
                           " ORDER BY y.id " dir " LIMIT 1)"
/* A session's site: its first pre (b0) and last post (b1). */
#define FIRST_PRE(g) "CASE WHEN " g ".npre = 1 THEN " g ".pre_v ELSE "
#define LAST_POST(g) " END AS b0, CASE WHEN " g ".npost = 1 THEN " g ".post_v ELSE "
#define PAIR(g)                                                                                    \
    FIRST_PRE(g)                                                                                   \
    VALUE_AT(g, "pre", "pre_t", "ASC")                                                             \
    LAST_POST(g) VALUE_AT(g, "post", "post_t", "DESC") " END AS b1"
/* The same in an episode (every session of it), at eg.<t>, phases <ph>. */
#define EPISODE_VALUE_AT(ph, t, dir)                                                               \
    "(SELECT y.value FROM measure y JOIN session z ON z.id = y.session_id WHERE " SITE_OF(         \
        "eg") " AND y.phase IN (" ph ") AND y.recorded_at = eg." t                                 \
              " AND z.episode_id = eg.ep ORDER BY y.id " dir " LIMIT 1)"

/* One row per window (TDN_WIN_*), unit and kind: the mean over sites of the
 * baseline and the end value. The sites of the episodes that hold a picked
 * treatment: immediate per picked session (first pre, last post), the others per
 * episode (its first pre, and its last post or follow-up no earlier, its
 * last follow-up at least ?7 / ?8 seconds later). */
#define SESSION_PAIR PAIR("ms")
#define EPISODE_FIRST_PRE EPISODE_VALUE_AT("'pre'", "bt", "ASC")
#define EPISODE_LAST_END EPISODE_VALUE_AT("'post', 'followup'", "end_t", "DESC")
#define EPISODE_LAST_FOLLOWUP EPISODE_VALUE_AT("'followup'", "fu_t", "DESC")
static const char outcomes_sql[] = SELECTED
    ", ep AS (SELECT DISTINCT s.episode_id AS id FROM session s JOIN sel ON sel.id = "
    "s.id WHERE s.episode_id IS NOT NULL), "
    "ms AS MATERIALIZED (SELECT s.episode_id AS ep, g.* FROM (SELECT x.session_id AS "
    "ses, " SITE_AGGREGATES "FROM measure x" SITE_KEYS ") g CROSS JOIN session s "
    "WHERE s.id = g.ses AND s.episode_id IN (SELECT id FROM ep)), "
    "im AS (SELECT ms.ses, ms.kind, " SESSION_PAIR " FROM ms "
    "WHERE ms.npre > 0 AND ms.npost > 0 AND ms.ses IN (SELECT id FROM sel)), "
    "eg AS (SELECT ep, kind, site, side, motion, min(pre_t) AS bt, max(fu_t) AS fu_t, "
    "CASE WHEN max(post_t) IS NULL OR max(fu_t) > max(post_t) THEN max(fu_t) "
    "ELSE max(post_t) END AS end_t FROM ms GROUP BY ep, kind, site, side, motion "
    "HAVING min(pre_t) IS NOT NULL), "
    "ev AS MATERIALIZED (SELECT eg.ep, eg.kind, eg.bt, eg.fu_t, eg.end_t, " EPISODE_FIRST_PRE
    " AS b0, CASE WHEN eg.end_t >= eg.bt THEN " EPISODE_LAST_END
    " END AS bl, CASE WHEN eg.fu_t >= eg.bt + ?7 THEN " EPISODE_LAST_FOLLOWUP " END AS bf FROM eg) "
    "SELECT 0 AS w, ses AS u, kind, avg(b0), avg(b1) FROM im GROUP BY ses, kind "
    "UNION ALL SELECT 1, ep, kind, avg(b0), avg(bl) FROM ev WHERE end_t >= bt "
    "GROUP BY ep, kind UNION ALL SELECT 2, ep, kind, avg(b0), avg(bf) FROM ev "
    "WHERE fu_t >= bt + ?7 GROUP BY ep, kind UNION ALL SELECT 3, ep, kind, avg(b0), "
    "avg(bf) FROM ev WHERE fu_t >= bt + ?8 GROUP BY ep, kind ORDER BY 1, 2, 3";

typedef struct window_pair {
    int w;
    tdn_outcome_pair p;
} window_pair;

static bool pair_row(tdn_db_stmt *st, void *el)
{
    window_pair *wp = el;
    wp->w = tdn_db_int(st, 0);
    wp->p.unit = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, wp->p.kind, sizeof wp->p.kind);
    wp->p.baseline = tdn_db_double(st, 3);
    wp->p.latest = tdn_db_double(st, 4);
    return wp->w >= 0 && wp->w < TDN_WINDOWS;
}

/* Hands the rows out to their windows' arrays (rows come by window). */
static int split_windows(const window_pair *rows, size_t n, tdn_outcome_counts *out, tdn_err *err)
{
    for (int w = 0; w < TDN_WINDOWS; w++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            k += rows[i].w == w;
        if (!k) continue;
        out->pairs[w] = malloc(k * sizeof *out->pairs[w]);
        if (!out->pairs[w]) return tdn_err_set(err, TDN_ESYS, "storage: out of memory");
        for (size_t i = 0; i < n; i++)
            if (rows[i].w == w) out->pairs[w][out->n[w]++] = rows[i].p;
    }
    return TDN_OK;
}

static int window_pairs(tdn_store *s, const tdn_report_filter *f, tdn_outcome_counts *out,
                        tdn_err *err)
{
    window_pair *rows = NULL;
    size_t n = 0;
    int rc = tdn_sq_list(s,
                         tdn_sq_prepare(s, err, outcomes_sql, "oossssii", f->from, f->to,
                                        f->condition, f->muscle, f->clinician, f->protocol,
                                        (int64_t)TDN_WIN_4W_SECONDS, (int64_t)TDN_WIN_6M_SECONDS),
                         pair_row, NULL, (void **)&rows, &n, sizeof *rows, err);
    if (!rc) rc = split_windows(rows, n, out, err);
    free(rows);
    return rc;
}

int tdn_store_report_outcomes(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                              tdn_outcome_counts *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = tdn_sq_read_begin(s, err);
    if (rc) return rc;
    tdn_db_stmt *st = prepare(s, f,
                              SELECTED "SELECT count(DISTINCT s.episode_id) FROM session s "
                                       "JOIN sel ON sel.id = s.id",
                              err);
    if (!st)
        rc = err->status;
    else if (tdn_db_step(st) == TDN_DB_ROW)
        out->episodes = tdn_db_int64(st, 0);
    else
        rc = tdn_sq_fail(s, "outcome report", err);
    tdn_db_finalize(st);
    if (!rc) rc = window_pairs(s, f, out, err);
    rc = tdn_sq_read_end(s, rc, err);
    if (!rc) rc = tdn_sq_audit_alone(s, act, "report", "report", 0, 0, "outcomes", err);
    if (rc) tdn_outcome_counts_free(out);
    return rc;
}

/* ---- split-body ------------------------------------------------------------
 * The picked treatments that needled one side only (L or R), the sites they
 * measured before and after on both sides: per site the treated side's
 * change minus the other's, averaged per patient and measure. The sites are
 * grouped as they stream from measure_report (CROSS JOIN: no temporary
 * table of them). */
static const char split_sql[] = SELECTED
    ", ts AS (SELECT n.session_id AS ses, min(n.side) AS tside FROM needle n "
    "WHERE n.session_id IN (SELECT id FROM sel) GROUP BY n.session_id "
    "HAVING count(DISTINCT n.side) = 1 AND min(n.side) IN ('L', 'R')), "
    "pr AS (SELECT sg.ses, sg.kind, sg.site, sg.motion, sg.side, ts.tside, " PAIR(
        "sg") " FROM (SELECT x.session_id AS ses, " SITE_AGGREGATES "FROM measure x" SITE_KEYS
              ") sg "
              "CROSS JOIN ts WHERE ts.ses = sg.ses AND sg.side IN ('L', 'R') AND sg.npre > 0 "
              "AND sg.npost > 0), "
              "d AS (SELECT ses, kind, sum(CASE WHEN side = tside THEN b1 - b0 END) "
              "- sum(CASE WHEN side <> tside THEN b1 - b0 END) AS d FROM pr "
              "GROUP BY ses, kind, site, motion HAVING count(*) = 2) "
              "SELECT d.kind, avg(d.d) FROM d JOIN session s ON s.id = d.ses "
              "GROUP BY s.patient_id, d.kind ORDER BY d.kind, s.patient_id";

static bool split_row(tdn_db_stmt *st, void *el)
{
    tdn_split_value *v = el;
    tdn_sq_text(st, 0, v->kind, sizeof v->kind);
    v->diff = tdn_db_double(st, 1);
    return true;
}

int tdn_store_report_split(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                           tdn_split_value **out, size_t *n, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = tdn_sq_read_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_list(s, prepare(s, f, split_sql, err), split_row, NULL, (void **)out, n,
                     sizeof **out, err);
    rc = tdn_sq_read_end(s, rc, err);
    if (!rc) rc = tdn_sq_audit_alone(s, act, "report", "report", 0, 0, "split-body", err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
