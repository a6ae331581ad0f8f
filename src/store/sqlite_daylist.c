/* sqlite_daylist.c — the clinic's day list in the SQLite store (store.h):
 * sessions opened in a time range with their patient's name, and the
 * sessions still unfinished (neither closed nor aborted) opened before a
 * time, for the web app's "today" page. Each audited as one read of a list. */
#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite_int.h"

static bool day_row(tdn_db_stmt *st, void *el)
{
    tdn_day_entry *d = el;
    tdn_sq_session_row(st, &d->session);
    tdn_sq_text(st, 9, d->patient_name, sizeof d->patient_name);
    return true;
}

#define DAY_COLUMNS                                                                                \
    "SELECT s.id, s.patient_id, coalesce(s.episode_id, 0), s.clinician, s.state, s.opened_at, "    \
    "coalesce(s.closed_at, 0), coalesce(s.screening_id, 0), coalesce(s.cpt, ''), p.name "          \
    "FROM session s JOIN patient p ON p.id = s.patient_id "

/* The sessions matching where (binding a, and b when types is "ii"). */
static int day_query(tdn_store *s, const tdn_act *act, const char *where, const char *types,
                     int64_t a, int64_t b, const char *what, tdn_day_entry **out, size_t *n,
                     tdn_err *err)
{
    *out = NULL;
    *n = 0;
    char sql[512];
    snprintf(sql, sizeof sql, "%s WHERE %s ORDER BY s.opened_at, s.id", DAY_COLUMNS, where);
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_list(s, tdn_sq_prepare(s, err, sql, types, a, b), day_row, NULL, (void **)out, n,
                     sizeof **out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "session", 0, 0, what, err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return tdn_sq_end(s, rc, err);
}

int tdn_store_session_unfinished(tdn_store *s, const tdn_act *act, int64_t before,
                                 tdn_day_entry **out, size_t *n, tdn_err *err)
{
    return day_query(s, act, "s.state NOT IN ('closed', 'aborted') AND s.opened_at < ?1", "i",
                     before, 0, "unfinished list", out, n, err);
}

int tdn_store_session_list(tdn_store *s, const tdn_act *act, int64_t from, int64_t to,
                           tdn_day_entry **out, size_t *n, tdn_err *err)
{
    return day_query(s, act, "s.opened_at >= ?1 AND s.opened_at < ?2", "ii", from, to, "day list",
                     out, n, err);
}
