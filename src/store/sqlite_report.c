/* sqlite_report.c — the aggregates of the practice-based evidence reports in
 * the SQLite store (store.h): counted by SQL over the sessions a filter picks,
 * in one transaction with one audit row ("report", no patient). */
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
    tdn_db_stmt *st = prepare(
        s, f,
        SELECTED "SELECT (SELECT count(*) FROM sel), "
                 "(SELECT count(*) FROM needle WHERE session_id IN sel), "
                 "(SELECT count(DISTINCT session_id) FROM adverse_event WHERE session_id IN sel), "
                 "(SELECT count(DISTINCT session_id) FROM adverse_event WHERE session_id IN sel "
                 "AND severity = 'mild'), "
                 "(SELECT count(DISTINCT session_id) FROM adverse_event WHERE session_id IN sel "
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
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = totals(s, f, out, err);
    if (!rc)
        rc = tdn_sq_list(s,
                         prepare(s, f,
                                 SELECTED "SELECT kind, severity, count(DISTINCT session_id), "
                                          "count(*) FROM adverse_event WHERE session_id IN sel "
                                          "GROUP BY kind, severity ORDER BY kind, severity",
                                 err),
                         ae_count_row, NULL, (void **)&out->rows, &out->n_rows, sizeof *out->rows,
                         err);
    if (!rc) rc = tdn_sq_audit(s, act, "report", "report", 0, 0, "safety", err);
    if (rc) tdn_safety_counts_free(out);
    return tdn_sq_end(s, rc, err);
}

/* ---- outcomes -------------------------------------------------------------
 * The episodes of the picked treatments, their measures, and per window the
 * mean over sites of the first pre and the end value, grouped per unit. */
#define MEASURES                                                                                   \
    ", ep AS (SELECT DISTINCT s.episode_id AS id FROM session s JOIN sel ON sel.id = s.id "        \
    "WHERE s.episode_id IS NOT NULL), "                                                            \
    "m AS (SELECT s.episode_id AS ep, x.session_id AS ses, x.phase, x.kind, x.site, x.side, "      \
    "coalesce(x.motion, '') AS mo, x.value, x.recorded_at AS t, x.id FROM measure x "              \
    "JOIN session s ON s.id = x.session_id WHERE s.episode_id IN ep) "

/* Per (unit, kind, site, side, motion): the first pre (b0, at bt, row bid)
 * by one window pass, no self-join (a join of CTEs has no index). */
#define FIRST_PRE(unit)                                                                            \
    ", g AS (SELECT m.*, first_value(value) OVER w AS b0, first_value(t) OVER w AS bt, "           \
    "first_value(id) OVER w AS bid, sum(phase = 'pre') OVER (PARTITION BY " unit                   \
    ", kind, site, side, mo) AS npre FROM m WINDOW w AS (PARTITION BY " unit                       \
    ", kind, site, side, mo ORDER BY phase <> 'pre', t, id)) "
/* ... and the last eligible end value (b1) of the same group. */
#define LAST_END(unit, eligible, extra)                                                            \
    ", e AS (SELECT " unit " AS u, kind, site, side, mo" extra ", b0, first_value(value) OVER "    \
    "(PARTITION BY " unit ", kind, site, side, mo ORDER BY t DESC, id DESC) AS b1 FROM g "         \
    "WHERE npre > 0 AND id <> bid AND " eligible "), "                                             \
    "pr AS (SELECT u, kind, site, side, mo" extra ", max(b0) AS b0, max(b1) AS b1 FROM e "         \
    "GROUP BY u, kind, site, side, mo" extra ") "

static const char immediate_sql[] = SELECTED MEASURES FIRST_PRE("ses")
    LAST_END("ses", "phase = 'post'", "") "SELECT u, kind, avg(b0), avg(b1) FROM pr "
                                          "GROUP BY u, kind ORDER BY 1, 2";

/* ?7: 1 = follow-ups only (0 also takes post), ?8: the least seconds after the baseline. */
static const char episode_sql[] = SELECTED MEASURES FIRST_PRE("ep")
    LAST_END("ep", "t >= bt + ?8 AND (phase = 'followup' OR (?7 = 0 AND phase = 'post'))",
             "") "SELECT u, kind, avg(b0), avg(b1) FROM pr GROUP BY u, kind ORDER BY 1, 2";

static bool pair_row(tdn_db_stmt *st, void *el)
{
    tdn_outcome_pair *p = el;
    p->unit = tdn_db_int64(st, 0);
    tdn_sq_text(st, 1, p->kind, sizeof p->kind);
    p->baseline = tdn_db_double(st, 2);
    p->latest = tdn_db_double(st, 3);
    return true;
}

static int window_pairs(tdn_store *s, const tdn_report_filter *f, int w, tdn_outcome_counts *out,
                        tdn_err *err)
{
    static const int64_t least[TDN_WINDOWS] = {0, 0, TDN_WIN_4W_SECONDS, TDN_WIN_6M_SECONDS};
    tdn_db_stmt *st = w == TDN_WIN_IMMEDIATE
                          ? prepare(s, f, immediate_sql, err)
                          : tdn_sq_prepare(s, err, episode_sql, "oossssii", f->from, f->to,
                                           f->condition, f->muscle, f->clinician, f->protocol,
                                           (int64_t)(w != TDN_WIN_LATEST), least[w]);
    return tdn_sq_list(s, st, pair_row, NULL, (void **)&out->pairs[w], &out->n[w],
                       sizeof *out->pairs[w], err);
}

int tdn_store_report_outcomes(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                              tdn_outcome_counts *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    tdn_db_stmt *st = prepare(s, f, SELECTED MEASURES "SELECT count(*) FROM ep", err);
    if (!st)
        rc = err->status;
    else if (tdn_db_step(st) == TDN_DB_ROW)
        out->episodes = tdn_db_int64(st, 0);
    else
        rc = tdn_sq_fail(s, "outcome report", err);
    tdn_db_finalize(st);
    for (int w = 0; !rc && w < TDN_WINDOWS; w++)
        rc = window_pairs(s, f, w, out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "report", "report", 0, 0, "outcomes", err);
    if (rc) tdn_outcome_counts_free(out);
    return tdn_sq_end(s, rc, err);
}

/* ---- split-body ------------------------------------------------------------ */
static const char split_sql[] = SELECTED
    ", m AS (SELECT x.session_id AS ses, x.phase, x.kind, x.site, x.side, coalesce(x.motion, '') "
    "AS mo, x.value, x.recorded_at AS t, x.id, (SELECT CASE WHEN count(DISTINCT n.side) = 1 "
    "THEN min(n.side) END FROM needle n WHERE n.session_id = x.session_id) AS tside "
    "FROM measure x WHERE x.session_id IN sel AND x.side IN ('L', 'R') AND x.phase IN ('pre', "
    "'post')) " FIRST_PRE("ses")
        LAST_END("ses", "phase = 'post' AND tside IN ('L', 'R')",
                 ", tside") ", d AS (SELECT u, kind, sum(CASE WHEN side = tside THEN b1 - b0 END) "
                            "- sum(CASE WHEN side "
                            "<> tside THEN b1 - b0 END) AS d FROM pr GROUP BY u, kind, site, mo "
                            "HAVING count(*) = 2 "
                            "AND count(DISTINCT side) = 2) "
                            "SELECT d.kind, avg(d.d) FROM d JOIN session s ON s.id = d.u GROUP BY "
                            "s.patient_id, d.kind "
                            "ORDER BY d.kind, s.patient_id";

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
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_list(s, prepare(s, f, split_sql, err), split_row, NULL, (void **)out, n,
                     sizeof **out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "report", "report", 0, 0, "split-body", err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return tdn_sq_end(s, rc, err);
}
