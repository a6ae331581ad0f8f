/* sqlite_user.c — users of the SQLite store (store.h): adding a user with an
 * argon2id password hash (app/password.h: the new-password rule and the
 * hashing), and lookups. Signing in is sqlite_login.c. Passwords are never
 * stored or logged in clear. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/password.h"
#include "store/sqlite_int.h"

#define USER_COLS TDN_SQ_USER_COLS

static const char *const roles[] = {"admin", "clinician", "front_desk", "patient"};

static bool role_valid(const char *role)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (role && strcmp(role, roles[i]) == 0) return true;
    return false;
}

static bool username_valid(const char *u)
{
    for (const char *p = u; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("._-@", *p)))
            return false;
    return *u != '\0';
}

static void row_to_user(tdn_db_stmt *st, tdn_user *u)
{
    u->id = tdn_db_int64(st, 0);
    tdn_sq_text(st, 1, u->username, sizeof u->username);
    tdn_sq_text(st, 2, u->display, sizeof u->display);
    tdn_sq_text(st, 3, u->role, sizeof u->role);
    u->patient_id = tdn_db_int64(st, 4);
    u->failed_logins = tdn_db_int(st, 5);
    u->locked_until = tdn_db_int64(st, 6);
    u->created = tdn_db_int64(st, 7);
    tdn_sq_text(st, 8, u->credentials, sizeof u->credentials);
}

static int check_user_input(const char *username, const char *display, const char *role,
                            const char *password, int64_t patient_id, tdn_err *err)
{
    int rc = tdn_sq_check_len("username", username, TDN_USERNAME_MAX, true, err);
    if (rc) return rc;
    if (!username_valid(username))
        return tdn_err_set(err, TDN_EINPUT, "username: use letters, digits and . _ - @ only ('%s')",
                           username);
    if ((rc = tdn_sq_check_len("display name", display, TDN_NAME_MAX, false, err))) return rc;
    if (!role_valid(role))
        return tdn_err_set(err, TDN_EINPUT,
                           "role: '%s' is not a role (admin, clinician, front_desk, patient)",
                           role ? role : "");
    if ((strcmp(role, "patient") == 0) != (patient_id != 0))
        return tdn_err_set(err, TDN_EINPUT,
                           patient_id ? "patient: only a patient login is linked to a patient"
                                      : "patient: a patient login needs the patient's id");
    return tdn_password_check_new(password, err);
}

static int insert_user(tdn_store *s, const tdn_act *act, const char *username, const char *display,
                       const char *role, const char *hash, int64_t patient_id, int64_t *id,
                       tdn_err *err)
{
    bool taken = false;
    int rc = tdn_sq_int(s, err, &taken, NULL, "SELECT 1 FROM \"user\" WHERE username = ?1", "s",
                        username);
    if (!rc && taken) rc = tdn_err_set(err, TDN_EINPUT, "username: '%s' is taken", username);
    if (!rc && patient_id) rc = tdn_sq_patient_of(s, "patient", patient_id, NULL, err);
    if (!rc)
        rc = tdn_sq_insert(s, err, id,
                           "INSERT INTO \"user\" (username, display_name, role, patient_id, "
                           "password_hash, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           "sssnsi", username, display && *display ? display : username, role,
                           patient_id, hash, act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "user", *id, patient_id, username, err);
    return rc;
}

int tdn_store_user_add(tdn_store *s, const tdn_act *act, const char *username, const char *display,
                       const char *role, const char *password, int64_t patient_id, int64_t *id_out,
                       tdn_err *err)
{
    int rc = check_user_input(username, display, role, password, patient_id, err);
    if (rc) return rc;
    char hash[TDN_PASSWORD_HASH_MAX];
    if ((rc = tdn_password_hash(password, hash, err))) return rc;
    int64_t id = 0;
    if (!(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(s, insert_user(s, act, username, display, role, hash, patient_id, &id, err),
                        err);
    sodium_memzero(hash, sizeof hash);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static int get_one(tdn_store *s, tdn_db_stmt *st, tdn_user *out, const char *what, tdn_err *err)
{
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW)
        row_to_user(st, out);
    else if (r == TDN_DB_DONE)
        rc = tdn_err_set(err, TDN_EINPUT, "user: no user %s", what);
    else
        rc = tdn_sq_fail(s, "read user", err);
    tdn_sq_finish(s, st);
    return rc;
}

int tdn_store_user_get(tdn_store *s, const char *username, tdn_user *out, tdn_err *err)
{
    char what[TDN_USERNAME_MAX + 8];
    snprintf(what, sizeof what, "'%.*s'", TDN_USERNAME_MAX, username ? username : "");
    return get_one(s,
                   tdn_sq_prepare(s, err, "SELECT " USER_COLS " FROM \"user\" WHERE username = ?1",
                                  "s", username ? username : ""),
                   out, what, err);
}

int tdn_store_user_get_id(tdn_store *s, int64_t id, tdn_user *out, tdn_err *err)
{
    char what[32];
    snprintf(what, sizeof what, "with id %lld", (long long)id);
    return get_one(
        s, tdn_sq_prepare(s, err, "SELECT " USER_COLS " FROM \"user\" WHERE id = ?1", "i", id), out,
        what, err);
}

bool tdn_sq_user_row(tdn_db_stmt *st, void *el)
{
    row_to_user(st, el);
    return true;
}

int tdn_store_user_list(tdn_store *s, tdn_user **out, size_t *n, tdn_err *err)
{
    return tdn_sq_list(s,
                       tdn_sq_prepare(s, err, "SELECT " USER_COLS " FROM \"user\" ORDER BY id", ""),
                       tdn_sq_user_row, NULL, (void **)out, n, sizeof **out, err);
}

int tdn_store_user_count(tdn_store *s, int64_t *n, tdn_err *err)
{
    bool found = false;
    *n = 0;
    return tdn_sq_int(s, err, &found, n, "SELECT count(*) FROM \"user\"", "");
}

int tdn_store_user_set_name(tdn_store *s, const tdn_act *act, const char *username,
                            const char *display, const char *credentials, tdn_err *err)
{
    int rc = tdn_sq_check_len("display name", display, TDN_NAME_MAX, true, err);
    if (!rc) rc = tdn_sq_check_len("credentials", credentials, TDN_CREDENTIALS_MAX, false, err);
    if (rc) return rc;
    if ((rc = tdn_sq_begin(s, err))) return rc;
    int64_t id = 0;
    bool found = false;
    rc = tdn_sq_int(s, err, &found, &id, "SELECT id FROM \"user\" WHERE username = ?1", "s",
                    username ? username : "");
    if (!rc && !found)
        rc = tdn_err_set(err, TDN_EINPUT, "username: no user '%.64s'", username ? username : "");
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE \"user\" SET display_name = ?1, credentials = ?2 WHERE id = ?3",
                        "ssi", display, credentials ? credentials : "", id);
    char detail[TDN_SIGNER_MAX + 32];
    snprintf(detail, sizeof detail, "name: %s%s%s", display,
             credentials && *credentials ? ", " : "", credentials ? credentials : "");
    if (!rc) rc = tdn_sq_audit(s, act, "change", "user", id, 0, detail, err);
    return tdn_sq_end(s, rc, err);
}
