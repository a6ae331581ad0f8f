/* sqlite_auth.c — web sign-in sessions in the SQLite store (store.h): rows
 * of auth_session keyed by the SHA-256 of the cookie token. Starting and
 * ending a session is audited; reading and touching it is not (it happens on
 * every request). Ending every session of a user (sign out everywhere) is
 * one audited action. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

bool tdn_sq_hex64(const char *s)
{
    if (!s || strlen(s) != 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

int tdn_store_auth_create(tdn_store *s, const tdn_act *act, const tdn_auth_session *a, tdn_err *err)
{
    if (!tdn_sq_hex64(a->token_hash) || !tdn_sq_hex64(a->csrf))
        return tdn_err_set(err, TDN_EINPUT, "session: token and csrf must be 64 hex digits");
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    /* tdn_sq_run, not _insert: auth_session has no id column (PostgreSQL
     * would be asked for RETURNING id) */
    rc = tdn_sq_run(s, err,
                    "INSERT INTO auth_session (token_hash, user_id, csrf_token, created, "
                    "last_seen, expires) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
                    "sisii", a->token_hash, a->user_id, a->csrf, act->now, a->expires);
    if (!rc) rc = tdn_sq_audit(s, act, "login", "auth_session", a->user_id, 0, "web session", err);
    return tdn_sq_end(s, rc, err);
}

/* Steps st and reads its first six columns (token_hash, user_id,
 * csrf_token, created, last_seen, expires) into out; TDN_EINPUT "session:
 * not found" when there is no row. */
static int session_row(tdn_store *s, tdn_db_stmt *st, tdn_auth_session *out, tdn_err *err)
{
    int step = tdn_db_step(st);
    if (step == TDN_DB_DONE) return tdn_err_set(err, TDN_EINPUT, "session: not found");
    if (step != TDN_DB_ROW) return tdn_sq_fail(s, "reading a session", err);
    memset(out, 0, sizeof *out);
    tdn_sq_text(st, 0, out->token_hash, sizeof out->token_hash);
    out->user_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, out->csrf, sizeof out->csrf);
    out->created = tdn_db_int64(st, 3);
    out->last_seen = tdn_db_int64(st, 4);
    out->expires = tdn_db_int64(st, 5);
    return TDN_OK;
}

int tdn_store_auth_get(tdn_store *s, const char *token_hash, tdn_auth_session *out, tdn_err *err)
{
    if (!tdn_sq_hex64(token_hash)) return tdn_err_set(err, TDN_EINPUT, "session: not found");
    tdn_db_stmt *st =
        tdn_sq_prepare_cached(s, err,
                              "SELECT token_hash, user_id, csrf_token, created, "
                              "last_seen, expires FROM auth_session WHERE token_hash = ?1",
                              "s", token_hash);
    if (!st) return err->status;
    int rc = session_row(s, st, out, err);
    tdn_sq_finish(s, st);
    return rc;
}

int tdn_store_auth_user(tdn_store *s, const char *token_hash, tdn_auth_session *out, tdn_user *user,
                        tdn_err *err)
{
    if (!tdn_sq_hex64(token_hash)) return tdn_err_set(err, TDN_EINPUT, "session: not found");
    tdn_db_stmt *st = tdn_sq_prepare_cached(
        s, err,
        "SELECT a.token_hash, a.user_id, a.csrf_token, a.created, a.last_seen, a.expires, "
        "u.username, u.display_name, u.role, coalesce(u.patient_id, 0), u.failed_logins, "
        "coalesce(u.locked_until, 0), u.created FROM auth_session a "
        "JOIN \"user\" u ON u.id = a.user_id WHERE a.token_hash = ?1",
        "s", token_hash);
    if (!st) return err->status;
    int rc = session_row(s, st, out, err);
    if (rc == TDN_OK) {
        memset(user, 0, sizeof *user);
        user->id = out->user_id;
        tdn_sq_text(st, 6, user->username, sizeof user->username);
        tdn_sq_text(st, 7, user->display, sizeof user->display);
        tdn_sq_text(st, 8, user->role, sizeof user->role);
        user->patient_id = tdn_db_int64(st, 9);
        user->failed_logins = tdn_db_int(st, 10);
        user->locked_until = tdn_db_int64(st, 11);
        user->created = tdn_db_int64(st, 12);
    }
    tdn_sq_finish(s, st);
    return rc;
}

int tdn_store_auth_touch(tdn_store *s, const char *token_hash, int64_t now, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err); /* a transaction, so that a server commits it with others */
    if (rc) return rc;
    rc = tdn_sq_run(s, err, "UPDATE auth_session SET last_seen = ?2 WHERE token_hash = ?1", "si",
                    token_hash, now);
    return tdn_sq_end(s, rc, err);
}

int tdn_store_auth_end(tdn_store *s, const tdn_act *act, const char *token_hash, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    bool found = false;
    int64_t user_id = 0;
    rc = tdn_sq_int(s, err, &found, &user_id,
                    "SELECT user_id FROM auth_session WHERE token_hash = ?1", "s", token_hash);
    if (!rc && found)
        rc = tdn_sq_run(s, err, "DELETE FROM auth_session WHERE token_hash = ?1", "s", token_hash);
    if (!rc && found)
        rc = tdn_sq_audit(s, act, "logout", "auth_session", user_id, 0, "web session", err);
    return tdn_sq_end(s, rc, err);
}

int tdn_store_auth_end_user(tdn_store *s, const tdn_act *act, int64_t user_id, int64_t *n,
                            tdn_err *err)
{
    if (n) *n = 0;
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    bool found = false;
    rc = tdn_sq_int(s, err, &found, NULL, "SELECT 1 FROM \"user\" WHERE id = ?1", "i", user_id);
    if (!rc && !found)
        rc = tdn_err_set(err, TDN_EINPUT, "user: no user with id %lld", (long long)user_id);
    if (!rc) rc = tdn_sq_run(s, err, "DELETE FROM auth_session WHERE user_id = ?1", "i", user_id);
    int64_t gone = rc ? 0 : tdn_db_changes(s);
    char detail[64];
    snprintf(detail, sizeof detail, "every web session ended (%lld)", (long long)gone);
    if (!rc) rc = tdn_sq_audit(s, act, "logout", "auth_session", user_id, 0, detail, err);
    if (!rc && n) *n = gone;
    return tdn_sq_end(s, rc, err);
}
