/* sqlite_token.c — API tokens in the SQLite store (store.h): add, list,
 * revoke, and the user of a valid token. Only hashes are stored. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

int tdn_store_token_add(tdn_store *s, const tdn_act *act, const char *username,
                        const char *token_hash, int64_t expires, int64_t *id_out, tdn_err *err)
{
    if (!token_hash || strlen(token_hash) != 64)
        return tdn_err_set(err, TDN_EINPUT, "token: the hash must be 64 hex characters");
    if (expires <= act->now) return tdn_err_set(err, TDN_EINPUT, "expires: must be in the future");
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    bool found = false;
    int64_t uid = 0, id = 0;
    rc = tdn_sq_int(s, err, &found, &uid, "SELECT id FROM \"user\" WHERE username = ?1", "s",
                    username);
    if (!rc && !found) rc = tdn_err_set(err, TDN_EINPUT, "user: no user '%s'", username);
    if (!rc)
        rc = tdn_sq_insert(s, err, &id,
                           "INSERT INTO api_token (user_id, token_hash, created, expires, "
                           "created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                           "isiis", uid, token_hash, act->now, expires, act->actor);
    if (!rc) rc = tdn_sq_audit(s, act, "create", "api_token", id, 0, username, err);
    rc = tdn_sq_end(s, rc, err);
    if (!rc && id_out) *id_out = id;
    return rc;
}

static bool token_row(tdn_db_stmt *st, void *el)
{
    tdn_api_token *t = el;
    t->id = tdn_db_int64(st, 0);
    t->user_id = tdn_db_int64(st, 1);
    tdn_sq_text(st, 2, t->username, sizeof t->username);
    t->created = tdn_db_int64(st, 3);
    t->expires = tdn_db_int64(st, 4);
    t->revoked = tdn_db_int64(st, 5);
    tdn_sq_text(st, 6, t->created_by, sizeof t->created_by);
    return true;
}

int tdn_store_token_list(tdn_store *s, tdn_api_token **out, size_t *n, tdn_err *err)
{
    return tdn_sq_list(s,
                       tdn_sq_prepare(s, err,
                                      "SELECT t.id, t.user_id, u.username, t.created, t.expires, "
                                      "coalesce(t.revoked, 0), t.created_by FROM api_token t "
                                      "JOIN \"user\" u ON u.id = t.user_id ORDER BY t.id",
                                      ""),
                       token_row, NULL, (void **)out, n, sizeof **out, err);
}

int tdn_store_token_revoke(tdn_store *s, const tdn_act *act, int64_t id, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    bool found = false;
    int64_t revoked = 0;
    rc = tdn_sq_int(s, err, &found, &revoked,
                    "SELECT coalesce(revoked, 0) FROM api_token WHERE id = ?1", "i", id);
    if (!rc && !found)
        rc = tdn_err_set(err, TDN_EINPUT, "token: no token with id %lld", (long long)id);
    if (!rc && revoked)
        rc = tdn_err_set(err, TDN_EINPUT, "token: token %lld is already revoked", (long long)id);
    if (!rc)
        rc = tdn_sq_run(s, err, "UPDATE api_token SET revoked = ?2 WHERE id = ?1", "ii", id,
                        act->now);
    if (!rc) rc = tdn_sq_audit(s, act, "revoke", "api_token", id, 0, "", err);
    return tdn_sq_end(s, rc, err);
}

int tdn_store_token_user(tdn_store *s, const char *token_hash, int64_t now, tdn_user *out,
                         tdn_err *err)
{
    tdn_user *rows = NULL;
    size_t n = 0;
    int rc = tdn_sq_list(s,
                         tdn_sq_prepare(s, err,
                                        "SELECT " TDN_SQ_USER_COLS " FROM \"user\" WHERE id = "
                                        "(SELECT user_id FROM api_token WHERE token_hash = ?1 "
                                        "AND revoked IS NULL AND expires > ?2)",
                                        "si", token_hash, now),
                         tdn_sq_user_row, NULL, (void **)&rows, &n, sizeof *rows, err);
    if (!rc && n == 0) rc = tdn_err_set(err, TDN_EINPUT, "token: not valid");
    if (!rc) *out = rows[0];
    free(rows);
    return rc;
}
