/* sqlite_econsent.c — e-consent in the SQLite store (store.h): the clinic's
 * consent text in versions, a consent signed in the portal (typed full
 * name, login, text version) and withdrawing the consents in force, each
 * one audited transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

int tdn_store_consent_text_set(tdn_store *s, const tdn_act *act, const char *text, int64_t *version,
                               tdn_err *err)
{
    int rc = tdn_sq_check_len("text", text, 20000, true, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    int64_t v = 0;
    rc = tdn_sq_insert(s, err, &v,
                       "INSERT INTO consent_text (text, created, created_by) VALUES (?1, ?2, ?3) "
                       "RETURNING version",
                       "sis", text, act->now, act->actor);
    char detail[48];
    snprintf(detail, sizeof detail, "consent_text version %lld", (long long)v);
    if (!rc) rc = tdn_sq_audit(s, act, "change", "setting", v, 0, detail, err);
    rc = tdn_sq_end(s, rc, err);
    if (!rc && version) *version = v;
    return rc;
}

int tdn_store_consent_text_get(tdn_store *s, char **text, int64_t *version, tdn_err *err)
{
    *text = NULL;
    *version = 0;
    tdn_db_stmt *st = tdn_sq_prepare(
        s, err, "SELECT version, text FROM consent_text ORDER BY version DESC LIMIT 1", "");
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        *version = tdn_db_int64(st, 0);
        if (!(*text = tdn_sq_strdup(st, 1))) rc = tdn_err_set(err, TDN_ESYS, "out of memory");
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "reading the consent text", err);
    }
    tdn_db_finalize(st);
    return rc;
}

static int sign_in_tx(tdn_store *s, const tdn_act *act, const tdn_consent *c, int64_t *id,
                      tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", c->patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO consent (patient_id, given_by, given_at, recorded_by, "
                           "signed_name, account, text_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                           "?7)",
                           "isisssi", c->patient_id, c->given_by, act->now, act->actor,
                           c->signed_name, c->account, c->text_version);
    char detail[TDN_NAME_MAX + 64];
    snprintf(detail, sizeof detail, "signed by the %s, %s, text version %lld", c->given_by,
             c->signed_name, (long long)c->text_version);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "consent", *id, c->patient_id, detail, err);
    return rc;
}

int tdn_store_consent_sign(tdn_store *s, const tdn_act *act, const tdn_consent *c, int64_t *id_out,
                           tdn_err *err)
{
    if (strcmp(c->given_by, "patient") && strcmp(c->given_by, "guardian"))
        return tdn_err_set(err, TDN_EINPUT, "by: '%s' must be patient or guardian", c->given_by);
    int rc = tdn_sq_check_len("name", c->signed_name, TDN_NAME_MAX, true, err);
    int64_t id = 0;
    if (!rc && !(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(s, sign_in_tx(s, act, c, &id, err), err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

int tdn_store_consent_withdraw(tdn_store *s, const tdn_act *act, int64_t patient_id, int64_t *n,
                               tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE consent SET withdrawn_at = ?2, withdrawn_by = ?3 WHERE patient_id "
                        "= ?1 AND withdrawn_at = 0",
                        "iis", patient_id, act->now, act->actor);
    int64_t gone = rc ? 0 : tdn_db_changes(s);
    if (!rc && gone == 0)
        rc = tdn_err_set(err, TDN_EINPUT, "consent: refused: patient %lld has no consent in force",
                         (long long)patient_id);
    char detail[48];
    snprintf(detail, sizeof detail, "withdrawn (%lld)", (long long)gone);
    if (!rc) rc = tdn_sq_audit(s, act, "change", "consent", 0, patient_id, detail, err);
    rc = tdn_sq_end(s, rc, err);
    if (!rc && n) *n = gone;
    return rc;
}
