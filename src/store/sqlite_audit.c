/* sqlite_audit.c — reading the audit trail of the SQLite store (store.h), a
 * page at a time, newest first: ORDER BY id DESC LIMIT with the filters in
 * SQL, so a read costs one page however long the trail is (indexes of 002
 * and 007). Rows are only ever appended (tdn_sq_audit); triggers refuse
 * UPDATE and DELETE on the table, so it cannot be changed through tdn. */
#include <stdlib.h>

#include "store/sqlite_int.h"

static bool audit_row(tdn_db_stmt *st, void *el)
{
    tdn_audit_entry *a = el;
    a->id = tdn_db_int64(st, 0);
    a->at = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, a->actor, sizeof a->actor);
    tdn_sq_text(st, 3, a->action, sizeof a->action);
    tdn_sq_text(st, 4, a->table, sizeof a->table);
    a->record_id = tdn_db_int64(st, 5);
    a->patient_id = tdn_db_int64(st, 6);
    tdn_sq_text(st, 7, a->detail, sizeof a->detail);
    return true;
}

static const char *or_null(const char *s)
{
    return s && *s ? s : NULL;
}

/* Reads limit + 1 rows to learn whether an older page exists. */
static int read_page(tdn_store *s, const tdn_audit_query *q, int limit, tdn_audit_entry **out,
                     size_t *n, int64_t *next_before, tdn_err *err)
{
    int rc = tdn_sq_list(
        s,
        tdn_sq_prepare(s, err,
                       "SELECT id, at, actor, action, tbl, coalesce(record_id, 0), "
                       "coalesce(patient_id, 0), detail FROM audit "
                       "WHERE (?1 IS NULL OR patient_id = ?1) AND (?2 IS NULL OR id < ?2) "
                       "AND (?3 IS NULL OR actor = ?3) AND (?4 IS NULL OR action = ?4) "
                       "ORDER BY id DESC LIMIT ?5",
                       "nnssi", q->patient_id, q->before, or_null(q->actor), or_null(q->action),
                       (int64_t)limit + 1),
        audit_row, NULL, (void **)out, n, sizeof **out, err);
    if (!rc && *n > (size_t)limit) {
        *n = (size_t)limit;
        *next_before = (*out)[limit - 1].id;
    }
    return rc;
}

static int list_audit(tdn_store *s, const tdn_act *act, const tdn_audit_query *q, int limit,
                      tdn_audit_entry **out, size_t *n, int64_t *next_before, tdn_err *err)
{
    int rc = q->patient_id ? tdn_sq_patient_of(s, "patient", q->patient_id, NULL, err) : TDN_OK;
    if (!rc) rc = read_page(s, q, limit, out, n, next_before, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "audit", 0, q->patient_id, "", err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
        *next_before = 0;
    }
    return rc;
}

int tdn_store_audit_page(tdn_store *s, const tdn_act *act, const tdn_audit_query *q,
                         tdn_audit_entry **out, size_t *n, int64_t *next_before, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    *next_before = 0;
    int limit = q->limit ? q->limit : TDN_AUDIT_PAGE;
    if (limit < 1 || limit > TDN_AUDIT_PAGE_MAX)
        return tdn_err_set(err, TDN_EINPUT, "limit: from 1 to %d", TDN_AUDIT_PAGE_MAX);
    if (q->before < 0) return tdn_err_set(err, TDN_EINPUT, "before: an audit id");
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    return tdn_sq_end(s, list_audit(s, act, q, limit, out, n, next_before, err), err);
}
