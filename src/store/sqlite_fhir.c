/* sqlite_fhir.c — reading a patient's whole record for a standard export
 * (store.h, tdn_store_record_export / tdn_store_record_each): the chart, the
 * needle ledger and the clinicians named by the sessions, one patient at a
 * time, inside one read transaction with one audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

static bool needle_row(tdn_db_stmt *st, void *el)
{
    tdn_needle_row *n = el;
    n->id = tdn_db_int64(st, 0);
    n->session_id = tdn_db_int64(st, 1);
    n->number = tdn_db_int(st, 2);
    tdn_sq_text(st, 3, n->muscle, sizeof n->muscle);
    tdn_sq_text(st, 4, n->side, sizeof n->side);
    tdn_sq_text(st, 5, n->technique, sizeof n->technique);
    tdn_sq_text(st, 6, n->state, sizeof n->state);
    n->ltr_count = tdn_db_int(st, 7);
    n->redirections = tdn_db_int(st, 8);
    n->inserted_at = tdn_db_int64(st, 9);
    n->withdrawn_at = tdn_db_int64(st, 10);
    return true;
}

void tdn_patient_record_free(tdn_patient_record *r)
{
    tdn_chart_free(&r->chart);
    free(r->needles);
    free(r->clinicians);
    memset(r, 0, sizeof *r);
}

/* The record of patient_id, unaudited, inside the caller's transaction. */
static int load_record(tdn_store *s, int64_t patient_id, tdn_patient_record *r, tdn_err *err)
{
    memset(r, 0, sizeof *r);
    int rc = tdn_sq_chart_load(s, patient_id, &r->chart, err);
    if (!rc)
        rc = tdn_sq_list(
            s,
            tdn_sq_prepare(s, err,
                           "SELECT id, session_id, number, muscle, side, technique, state, "
                           "ltr_count, redirections, inserted_at, coalesce(withdrawn_at, 0) "
                           "FROM needle WHERE session_id IN (SELECT id FROM session WHERE "
                           "patient_id = ?1) ORDER BY id",
                           "i", patient_id),
            needle_row, NULL, (void **)&r->needles, &r->n_needles, sizeof *r->needles, err);
    if (!rc)
        rc = tdn_sq_list(s,
                         tdn_sq_prepare(s, err,
                                        "SELECT " TDN_SQ_USER_COLS " FROM \"user\" WHERE username "
                                        "IN (SELECT clinician FROM session WHERE patient_id = ?1) "
                                        "ORDER BY id",
                                        "i", patient_id),
                         tdn_sq_user_row, NULL, (void **)&r->clinicians, &r->n_clinicians,
                         sizeof *r->clinicians, err);
    if (rc) tdn_patient_record_free(r);
    return rc;
}

int tdn_store_record_export(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *detail, tdn_patient_record *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = load_record(s, patient_id, out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "export", "fhir", 0, patient_id, detail, err);
    rc = tdn_sq_end(s, rc, err);
    if (rc) tdn_patient_record_free(out);
    return rc;
}

static int each_patient(tdn_store *s, tdn_record_fn fn, void *ctx, int64_t *count, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err, "SELECT id FROM patient ORDER BY id", "");
    if (!st) return TDN_ESYS;
    int r, rc = TDN_OK;
    while (!rc && (r = tdn_db_step(st)) == TDN_DB_ROW) {
        tdn_patient_record rec;
        rc = load_record(s, tdn_db_int64(st, 0), &rec, err);
        if (!rc) rc = fn(ctx, &rec, err);
        if (!rc) (*count)++;
        tdn_patient_record_free(&rec);
    }
    if (!rc && r != TDN_DB_DONE) rc = tdn_sq_fail(s, "export", err);
    tdn_db_finalize(st);
    return rc;
}

int tdn_store_record_each(tdn_store *s, const tdn_act *act, const char *detail, tdn_record_fn fn,
                          void *ctx, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    int64_t count = 0;
    rc = each_patient(s, fn, ctx, &count, err);
    char what[200];
    snprintf(what, sizeof what, "%.150s, %lld patients", detail, (long long)count);
    if (!rc) rc = tdn_sq_audit(s, act, "export", "fhir", 0, 0, what, err);
    return tdn_sq_end(s, rc, err);
}
