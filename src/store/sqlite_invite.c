/* sqlite_invite.c — patient portal invitations in the SQLite store
 * (store.h): creating the patient's login and a one-time code (only its
 * SHA-256 is stored), and using the code once to set the login's password.
 * Each call is one transaction with its audit rows; a failed use changes
 * nothing but writes one "invite_failed" audit row. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* The patient's portal login into *id / name; *id 0 when there is none. */
static int find_login(tdn_store *s, int64_t patient_id, int64_t *id, char *name, size_t cap,
                      tdn_err *err)
{
    *id = 0;
    tdn_db_stmt *st = tdn_sq_prepare(s, err,
                                     "SELECT id, username FROM \"user\" WHERE role = 'patient' "
                                     "AND patient_id = ?1 ORDER BY id LIMIT 1",
                                     "i", patient_id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        *id = tdn_db_int64(st, 0);
        tdn_sq_text(st, 1, name, cap);
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "reading the patient's login", err);
    }
    tdn_db_finalize(st);
    return rc;
}

/* Creates the patient's login "patient<ID>" ("patient<ID>-2", ... when that
 * name is taken) with no password; the display name is the patient's. */
static int create_login(tdn_store *s, const tdn_act *act, int64_t patient_id, int64_t *id,
                        char *name, size_t cap, tdn_err *err)
{
    int rc = TDN_OK;
    for (int n = 1; n <= 9 && !rc; n++) {
        if (n == 1)
            snprintf(name, cap, "patient%lld", (long long)patient_id);
        else
            snprintf(name, cap, "patient%lld-%d", (long long)patient_id, n);
        bool taken = false;
        rc = tdn_sq_int(s, err, &taken, NULL, "SELECT 1 FROM \"user\" WHERE username = ?1", "s",
                        name);
        if (rc || taken) continue;
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO \"user\" (username, display_name, role, patient_id, "
                           "password_hash, created) SELECT ?1, name, 'patient', id, '', ?2 "
                           "FROM patient WHERE id = ?3",
                           "sii", name, act->now, patient_id);
        if (!rc) rc = tdn_sq_audit(s, act, "create", "user", *id, patient_id, name, err);
        return rc;
    }
    return rc ? rc
              : tdn_err_set(err, TDN_EINPUT, "username: patient%lld is taken",
                            (long long)patient_id);
}

static int invite_in_tx(tdn_store *s, const tdn_act *act, int64_t patient_id, const char *code_hash,
                        int64_t expires, tdn_invitation *out, tdn_err *err)
{
    int rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc)
        rc = find_login(s, patient_id, &out->user_id, out->username, sizeof out->username, err);
    if (!rc && !out->user_id)
        rc = create_login(s, act, patient_id, &out->user_id, out->username, sizeof out->username,
                          err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE invitation SET revoked_at = ?2 WHERE patient_id = ?1 AND "
                        "used_at = 0 AND revoked_at = 0",
                        "ii", patient_id, act->now);
    if (!rc)
        rc = tdn_sq_insert(s, err, &out->id,
                           "INSERT INTO invitation (patient_id, user_id, code_hash, created, "
                           "created_by, expires) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           "iisisi", patient_id, out->user_id, code_hash, act->now, act->actor,
                           expires);
    char detail[TDN_USERNAME_MAX + 32];
    snprintf(detail, sizeof detail, "portal login %s", out->username);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "invitation", out->id, patient_id, detail, err);
    return rc;
}

int tdn_store_invite_create(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *code_hash, int64_t expires, tdn_invitation *out,
                            tdn_err *err)
{
    memset(out, 0, sizeof *out);
    if (!tdn_sq_hex64(code_hash))
        return tdn_err_set(err, TDN_EINPUT, "code: the code's hash must be 64 hex digits");
    if (expires <= act->now) return tdn_err_set(err, TDN_EINPUT, "expires: must be after now");
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_end(s, invite_in_tx(s, act, patient_id, code_hash, expires, out, err), err);
    if (rc) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    out->patient_id = patient_id;
    out->created = act->now;
    out->expires = expires;
    return TDN_OK;
}

typedef struct invite_row {
    bool found;
    int64_t id, patient_id, user_id, expires, used_at, revoked_at;
} invite_row;

static int read_invite(tdn_store *s, const char *code_hash, invite_row *r, tdn_err *err)
{
    memset(r, 0, sizeof *r);
    if (!tdn_sq_hex64(code_hash)) return TDN_OK; /* no stored hash looks like it */
    tdn_db_stmt *st = tdn_sq_prepare(s, err,
                                     "SELECT id, patient_id, user_id, expires, used_at, "
                                     "revoked_at FROM invitation WHERE code_hash = ?1",
                                     "s", code_hash);
    if (!st) return TDN_ESYS;
    int step = tdn_db_step(st), rc = TDN_OK;
    if (step == TDN_DB_ROW) {
        r->found = true;
        r->id = tdn_db_int64(st, 0);
        r->patient_id = tdn_db_int64(st, 1);
        r->user_id = tdn_db_int64(st, 2);
        r->expires = tdn_db_int64(st, 3);
        r->used_at = tdn_db_int64(st, 4);
        r->revoked_at = tdn_db_int64(st, 5);
    } else if (step != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "reading an invitation", err);
    }
    tdn_db_finalize(st);
    return rc;
}

static tdn_invite_state state_of(const invite_row *r, int64_t now)
{
    if (!r->found) return TDN_INVITE_UNKNOWN;
    if (r->used_at || r->revoked_at) return TDN_INVITE_USED;
    if (now >= r->expires) return TDN_INVITE_EXPIRED;
    return TDN_INVITE_VALID;
}

int tdn_store_invite_state(tdn_store *s, const char *code_hash, int64_t now,
                           tdn_invite_state *state, tdn_err *err)
{
    invite_row r;
    int rc = read_invite(s, code_hash, &r, err);
    *state = rc ? TDN_INVITE_UNKNOWN : state_of(&r, now);
    return rc;
}

static int redeem_in_tx(tdn_store *s, const tdn_act *act, const char *code_hash,
                        const char *password_hash, tdn_invite_state *state, tdn_user *user,
                        tdn_err *err)
{
    static const char *const why[] = {"", "unknown code", "code used or replaced", "code expired"};
    invite_row r;
    int rc = read_invite(s, code_hash, &r, err);
    if (rc) return rc;
    *state = state_of(&r, act->now);
    if (*state != TDN_INVITE_VALID)
        return tdn_sq_audit(s, act, "invite_failed", "invitation", r.id, r.patient_id, why[*state],
                            err);
    if (!password_hash || strncmp(password_hash, "$argon2", 7) != 0)
        return tdn_err_set(err, TDN_EINPUT, "password: not an argon2 password hash");
    rc = tdn_sq_run(s, err, "UPDATE \"user\" SET password_hash = ?2 WHERE id = ?1", "is", r.user_id,
                    password_hash);
    if (!rc)
        rc = tdn_sq_run(s, err, "UPDATE invitation SET used_at = ?2 WHERE id = ?1", "ii", r.id,
                        act->now);
    if (!rc) rc = tdn_store_user_get_id(s, r.user_id, user, err);
    tdn_act as_patient = {.actor = user->username, .now = act->now};
    if (!rc)
        rc = tdn_sq_audit(s, &as_patient, "change", "user", r.user_id, r.patient_id,
                          "password set with invitation", err);
    if (!rc) rc = tdn_sq_audit(s, &as_patient, "use", "invitation", r.id, r.patient_id, "", err);
    return rc;
}

int tdn_store_invite_redeem(tdn_store *s, const tdn_act *act, const char *code_hash,
                            const char *password_hash, tdn_invite_state *state, tdn_user *user,
                            tdn_err *err)
{
    *state = TDN_INVITE_UNKNOWN;
    memset(user, 0, sizeof *user);
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = tdn_sq_end(s, redeem_in_tx(s, act, code_hash, password_hash, state, user, err), err);
    if (rc) *state = TDN_INVITE_UNKNOWN;
    if (rc || *state != TDN_INVITE_VALID) memset(user, 0, sizeof *user);
    return rc;
}
