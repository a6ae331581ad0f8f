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

static sqlite3_stmt *prepare(tdn_store *s, const tdn_report_filter *f, const char *sql,
                             tdn_err *err)
{
    return tdn_sq_prepare(s, err, sql, "oossss", f->from, f->to, f->condition, f->muscle,
                          f->clinician, f->protocol);
}

static int totals(tdn_store *s, const tdn_report_filter *f, tdn_safety_counts *out, tdn_err *err)
{
    sqlite3_stmt *st = prepare(
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
    int rc = sqlite3_step(st) == SQLITE_ROW ? TDN_OK : tdn_sq_fail(s, "safety report", err);
    if (!rc) {
        out->sessions = sqlite3_column_int64(st, 0);
        out->needles = sqlite3_column_int64(st, 1);
        out->sessions_any = sqlite3_column_int64(st, 2);
        out->sessions_mild = sqlite3_column_int64(st, 3);
        out->sessions_serious = sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return rc;
}

static bool ae_count_row(sqlite3_stmt *st, void *el)
{
    tdn_ae_count *a = el;
    tdn_sq_text(st, 0, a->kind, sizeof a->kind);
    tdn_sq_text(st, 1, a->severity, sizeof a->severity);
    a->sessions = sqlite3_column_int64(st, 2);
    a->events = sqlite3_column_int64(st, 3);
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
