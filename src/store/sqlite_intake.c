/* sqlite_intake.c — the patient's intake in the SQLite store (store.h):
 * adding one (a pending one before it is replaced), reading the latest, and
 * the clinician's review, which stores the screening and the confirmed
 * answers in one transaction. The patient's own answers are never updated
 * (a trigger refuses it even from outside tdn). */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

#define INTAKE_COLS                                                                                \
    "id, patient_id, submitted_at, submitted_by, answers, places, pains, goals, status, "          \
    "reviewed_at, reviewed_by, confirmed, confirmed_places, coalesce(screening_id, 0)"

void tdn_intake_record_free(tdn_intake_record *r)
{
    free(r->answers);
    free(r->places);
    free(r->pains);
    free(r->goals);
    free(r->confirmed);
    free(r->confirmed_places);
    memset(r, 0, sizeof *r);
}

static bool intake_row(tdn_db_stmt *st, tdn_intake_record *r)
{
    r->id = tdn_db_int64(st, 0);
    r->patient_id = tdn_db_int64(st, 1);
    r->submitted_at = tdn_db_int64(st, 2);
    tdn_sq_text(st, 3, r->submitted_by, sizeof r->submitted_by);
    r->answers = tdn_sq_strdup(st, 4);
    r->places = tdn_sq_strdup(st, 5);
    r->pains = tdn_sq_strdup(st, 6);
    r->goals = tdn_sq_strdup(st, 7);
    tdn_sq_text(st, 8, r->status, sizeof r->status);
    r->reviewed_at = tdn_db_int64(st, 9);
    tdn_sq_text(st, 10, r->reviewed_by, sizeof r->reviewed_by);
    r->confirmed = tdn_sq_strdup(st, 11);
    r->confirmed_places = tdn_sq_strdup(st, 12);
    r->screening_id = tdn_db_int64(st, 13);
    return r->answers && r->places && r->pains && r->goals && r->confirmed && r->confirmed_places;
}

static int add_in_tx(tdn_store *s, const tdn_act *act, int64_t patient_id, const char *const *t,
                     int64_t *id, tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE intake SET status = 'replaced' WHERE patient_id = ?1 AND status = "
                        "'pending'",
                        "i", patient_id);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO intake (patient_id, submitted_at, submitted_by, answers, "
                           "places, pains, goals) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           "iisssss", patient_id, act->now, act->actor, t[0], t[1], t[2], t[3]);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "intake", *id, patient_id, "", err);
    return rc;
}

int tdn_store_intake_add(tdn_store *s, const tdn_act *act, int64_t patient_id, const char *answers,
                         const char *places, const char *pains, const char *goals, int64_t *id_out,
                         tdn_err *err)
{
    const char *t[4] = {answers, places, pains, goals};
    static const char *const names[4] = {"answers", "places", "pains", "goals"};
    int rc = TDN_OK;
    for (int i = 0; i < 4 && !rc; i++)
        rc = tdn_sq_check_len(names[i], t[i], 65536, true, err);
    int64_t id = 0;
    if (!rc && !(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(s, add_in_tx(s, act, patient_id, t, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static int read_latest(tdn_store *s, int64_t patient_id, tdn_intake_record *out, bool *found,
                       tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err,
                                     "SELECT " INTAKE_COLS " FROM intake WHERE patient_id = ?1 "
                                     "AND status <> 'replaced' ORDER BY id DESC LIMIT 1",
                                     "i", patient_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        *found = true;
        if (!intake_row(st, out)) rc = tdn_err_set(err, TDN_ESYS, "intake: out of memory");
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "reading an intake", err);
    }
    tdn_db_finalize(st);
    return rc;
}

int tdn_store_intake_latest(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            tdn_intake_record *out, bool *found, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    *found = false;
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc) rc = read_latest(s, patient_id, out, found, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "intake", out->id, patient_id, "", err);
    rc = tdn_sq_end(s, rc, err);
    if (rc) {
        tdn_intake_record_free(out);
        *found = false;
    }
    return rc;
}

static int review_in_tx(tdn_store *s, const tdn_act *act, int64_t intake_id, const char *const *t,
                        int64_t *screening_id, tdn_err *err)
{
    bool found = false;
    int64_t patient_id = 0;
    int rc = tdn_sq_int(s, err, &found, &patient_id,
                        "SELECT patient_id FROM intake WHERE id = ?1 AND status = 'pending'", "i",
                        intake_id);
    if (!rc && !found)
        rc = tdn_err_set(err, TDN_EINPUT,
                         "intake: refused: intake %lld is not waiting for review (reviewed "
                         "already, replaced or unknown)",
                         (long long)intake_id);
    if (!rc) rc = tdn_sq_screening_insert(s, act, patient_id, t[2], t[3], t[4], screening_id, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE intake SET status = 'reviewed', reviewed_at = ?2, reviewed_by = "
                        "?3, confirmed = ?4, confirmed_places = ?5, screening_id = ?6 WHERE id "
                        "= ?1",
                        "iisssi", intake_id, act->now, act->actor, t[0], t[1], *screening_id);
    if (!rc) rc = tdn_sq_audit(s, act, "change", "intake", intake_id, patient_id, "reviewed", err);
    return rc;
}

int tdn_store_intake_review(tdn_store *s, const tdn_act *act, int64_t intake_id,
                            const char *confirmed, const char *confirmed_places,
                            const char *profile, const char *decision, const char *reasons,
                            int64_t *screening_id, tdn_err *err)
{
    const char *t[5] = {confirmed, confirmed_places, profile, decision, reasons};
    int64_t sid = 0;
    int rc = tdn_sq_check_len("confirmed", confirmed, 65536, true, err);
    if (!rc) rc = tdn_sq_check_len("profile", profile, 65536, true, err);
    if (!rc && !(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(s, review_in_tx(s, act, intake_id, t, &sid, err), err);
    if (!rc && screening_id) *screening_id = sid;
    return rc;
}
