/* sqlite_audit.c — reading the audit trail of the SQLite store (store.h).
 * Rows are only ever appended (tdn_sq_audit); triggers refuse UPDATE and
 * DELETE on the table, so it cannot be changed through tdn. */
#include <stdlib.h>

#include "store/sqlite_int.h"

static bool audit_row(sqlite3_stmt *st, void *el)
{
    tdn_audit_entry *a = el;
    a->id = sqlite3_column_int64(st, 0);
    a->at = sqlite3_column_int64(st, 1);
    tdn_sq_text(st, 2, a->actor, sizeof a->actor);
    tdn_sq_text(st, 3, a->action, sizeof a->action);
    tdn_sq_text(st, 4, a->table, sizeof a->table);
    a->record_id = sqlite3_column_int64(st, 5);
    a->patient_id = sqlite3_column_int64(st, 6);
    tdn_sq_text(st, 7, a->detail, sizeof a->detail);
    return true;
}

static int list_audit(tdn_store *s, const tdn_act *act, int64_t patient_id, tdn_audit_entry **out,
                      size_t *n, tdn_err *err)
{
    int rc = patient_id ? tdn_sq_patient_of(s, "patient", patient_id, NULL, err) : TDN_OK;
    if (rc) return rc;
    rc = tdn_sq_list(s,
                     tdn_sq_prepare(s, err,
                                    "SELECT id, at, actor, action, tbl, coalesce(record_id, 0), "
                                    "coalesce(patient_id, 0), detail FROM audit "
                                    "WHERE ?1 IS NULL OR patient_id = ?1 ORDER BY id",
                                    "n", patient_id),
                     audit_row, NULL, (void **)out, n, sizeof **out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "audit", 0, patient_id, "", err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int tdn_store_audit_list(tdn_store *s, const tdn_act *act, int64_t patient_id,
                         tdn_audit_entry **out, size_t *n, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    return tdn_sq_end(s, list_audit(s, act, patient_id, out, n, err), err);
}
