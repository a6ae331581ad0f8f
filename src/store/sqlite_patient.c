/* sqlite_patient.c — patients in the SQLite store (store.h): add, read one
 * (a chart read, audited), list and search by name. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

#define PATIENT_COLS "id, name, birth, coalesce(sex, ''), created"

bool tdn_sq_patient_row(tdn_db_stmt *st, void *el)
{
    tdn_patient *p = el;
    p->id = tdn_db_int64(st, 0);
    tdn_sq_text(st, 1, p->name, sizeof p->name);
    tdn_sq_text(st, 2, p->birth, sizeof p->birth);
    tdn_sq_text(st, 3, p->sex, sizeof p->sex);
    p->created = tdn_db_int64(st, 4);
    return true;
}

static int check_patient(const tdn_patient *p, tdn_err *err)
{
    int rc = tdn_sq_check_len("--name", p->name, TDN_NAME_MAX, true, err);
    if (rc) return rc;
    if (strspn(p->name, " \t") == strlen(p->name))
        return tdn_err_set(err, TDN_EINPUT, "--name: must not be blank");
    for (const unsigned char *c = (const unsigned char *)p->name; *c; c++)
        if (*c < 0x20 || *c == 0x7f) /* a name is one line: lists, labels and the CSV need it */
            return tdn_err_set(err, TDN_EINPUT, "--name: contains a control character");
    if (strlen(p->birth) != 10) return tdn_err_set(err, TDN_EINPUT, "--birth: needs YYYY-MM-DD");
    if (*p->sex && !strchr("FMX", p->sex[0]))
        return tdn_err_set(err, TDN_EINPUT, "--sex: '%s' must be F, M or X", p->sex);
    return TDN_OK;
}

static int insert_patient(tdn_store *s, const tdn_act *act, const tdn_patient *p, int64_t *id,
                          tdn_err *err)
{
    int rc = tdn_sq_insert(
        s, err, id, "INSERT INTO patient (name, birth, sex, created) VALUES (?1, ?2, ?3, ?4)",
        "sssi", p->name, p->birth, *p->sex ? p->sex : NULL, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "patient", *id, *id, "", err);
    return rc;
}

typedef struct new_patient {
    const tdn_act *act;
    const tdn_patient *p;
    int64_t id;
} new_patient;

static int write_patient(tdn_store *on, void *ctx, tdn_err *err)
{
    new_patient *job = ctx;
    return insert_patient(on, job->act, job->p, &job->id, err);
}

int tdn_store_patient_add(tdn_store *s, const tdn_act *act, const tdn_patient *p, int64_t *id_out,
                          tdn_err *err)
{
    int rc = check_patient(p, err);
    if (rc) return rc;
    new_patient job = {act, p, 0};
    rc = tdn_sq_transact(s, write_patient, &job, err);
    if (!rc && id_out) *id_out = job.id;
    return rc;
}

static int read_patient(tdn_store *s, const tdn_act *act, int64_t id, tdn_patient *out,
                        tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare_cached(
        s, err, "SELECT " PATIENT_COLS " FROM patient WHERE id = ?1", "i", id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW)
        tdn_sq_patient_row(st, out);
    else if (r == TDN_DB_DONE)
        rc = tdn_err_set(err, TDN_EINPUT, "patient: no patient with id %lld", (long long)id);
    else
        rc = tdn_sq_fail(s, "read patient", err);
    tdn_sq_finish(s, st);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "patient", id, id, "", err);
    return rc;
}

typedef struct patient_read {
    const tdn_act *act;
    int64_t id;
    tdn_patient *out;
} patient_read;

static int read_job(tdn_store *on, void *ctx, tdn_err *err)
{
    patient_read *r = ctx;
    return read_patient(on, r->act, r->id, r->out, err);
}

int tdn_store_patient_get(tdn_store *s, const tdn_act *act, int64_t id, tdn_patient *out,
                          tdn_err *err)
{
    patient_read r = {act, id, out};
    return tdn_sq_transact(s, read_job, &r, err);
}

static int list_patients(tdn_store *s, const tdn_act *act, const char *search, tdn_patient **out,
                         size_t *n, tdn_err *err)
{
    int rc =
        tdn_sq_list(s,
                    tdn_sq_prepare_cached(s, err,
                                          "SELECT " PATIENT_COLS " FROM patient WHERE ?1 IS NULL "
                                          "OR instr(lower(name), lower(?1)) > 0 ORDER BY name, id",
                                          "s", search && *search ? search : NULL),
                    tdn_sq_patient_row, NULL, (void **)out, n, sizeof **out, err);
    if (!rc) rc = tdn_sq_audit(s, act, "read", "patient", 0, 0, search ? search : "", err);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int tdn_store_patient_list(tdn_store *s, const tdn_act *act, const char *search, tdn_patient **out,
                           size_t *n, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = tdn_sq_check_len("--search", search, TDN_NAME_MAX, false, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    return tdn_sq_end(s, list_patients(s, act, search, out, n, err), err);
}
