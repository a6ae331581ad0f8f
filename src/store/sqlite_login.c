/* sqlite_login.c — signing in with the SQLite store (store.h): reading a
 * user's hash and the address's throttle without a transaction, then
 * recording the outcome in one short write: the per-address and
 * per-(address, name) failure counts of login_throttle (schema 007), the
 * grouped login_failed audit rows, and the removal of expired web sessions
 * and forgotten throttle rows. The argon2id check runs between the two, in
 * the caller, holding no lock. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* Seconds the row (address, name) still makes the address wait; 0 when none. */
static int row_wait(tdn_store *s, const char *address, const char *name, int64_t now, int64_t *wait,
                    tdn_err *err)
{
    bool found = false;
    int64_t until = 0;
    int rc = tdn_sq_int(s, err, &found, &until,
                        "SELECT blocked_until FROM login_throttle WHERE address = ?1 AND "
                        "username = ?2",
                        "ss", address, name);
    if (!rc && found && until - now > *wait) *wait = until - now;
    return rc;
}

static int read_hash(tdn_store *s, int64_t id, char *out, size_t cap, tdn_err *err)
{
    tdn_db_stmt *st =
        tdn_sq_prepare(s, err, "SELECT password_hash FROM \"user\" WHERE id = ?1", "i", id);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW)
        tdn_sq_text(st, 0, out, cap);
    else
        rc = r == TDN_DB_DONE ? TDN_OK : tdn_sq_fail(s, "read user", err);
    tdn_sq_finish(s, st);
    return rc;
}

int tdn_store_login_fetch(tdn_store *s, const char *address, const char *username, int64_t now,
                          tdn_login *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    if (!address || strlen(address) > TDN_ADDRESS_MAX)
        return tdn_err_set(err, TDN_EINPUT, "address: at most %d characters", TDN_ADDRESS_MAX);
    tdn_err miss = {0};
    out->found = username && tdn_store_user_get(s, username, &out->user, &miss) == TDN_OK;
    if (miss.status == TDN_ESYS) return tdn_err_set(err, TDN_ESYS, "%s", miss.msg);
    int rc = out->found ? read_hash(s, out->user.id, out->hash, sizeof out->hash, err) : TDN_OK;
    if (!rc) rc = row_wait(s, address, "", now, &out->wait, err);
    if (!rc) rc = row_wait(s, address, username ? username : "", now, &out->wait, err);
    return rc;
}

/* The wait after the failures-th failure when `free` failures cost nothing. */
static int64_t backoff(int64_t failures, int64_t free_failures)
{
    if (failures < free_failures) return 0;
    int64_t wait = TDN_LOGIN_WAIT_FIRST;
    for (int64_t k = free_failures; k < failures && wait < TDN_LOGIN_WAIT_MAX; k++)
        wait *= 2;
    return wait < TDN_LOGIN_WAIT_MAX ? wait : TDN_LOGIN_WAIT_MAX;
}

/* Counts one failure for (address, name): failures older than the window are
 * forgotten first; the row's wait grows past the free failures. */
static int count_failure(tdn_store *s, int64_t now, const char *address, const char *name,
                         int64_t free_failures, tdn_err *err)
{
    int rc = tdn_sq_run(s, err,
                        "INSERT INTO login_throttle (address, username) VALUES (?1, ?2) "
                        "ON CONFLICT (address, username) DO NOTHING",
                        "ss", address, name);
    bool found = false;
    int64_t failures = 0;
    if (!rc)
        rc = tdn_sq_int(s, err, &found, &failures,
                        "SELECT CASE WHEN last_failure < ?3 THEN 1 ELSE failures + 1 END "
                        "FROM login_throttle WHERE address = ?1 AND username = ?2",
                        "ssi", address, name, now - TDN_LOGIN_WINDOW);
    if (rc) return rc;
    int64_t wait = backoff(failures, free_failures);
    return tdn_sq_run(s, err,
                      "UPDATE login_throttle SET failures = ?3, last_failure = ?4, "
                      "blocked_until = ?5 WHERE address = ?1 AND username = ?2",
                      "ssiii", address, name, failures, now, wait ? now + wait : 0);
}

/* Audits a failed attempt of the pair, at most one row a minute: the
 * attempts in between are counted in unlisted and named in the next row. */
static int audit_failure(tdn_store *s, const tdn_act *act, const char *address, const tdn_login *l,
                         const char *what, tdn_err *err)
{
    const char *name = act->actor ? act->actor : "";
    int rc = tdn_sq_run(s, err,
                        "INSERT INTO login_throttle (address, username) VALUES (?1, ?2) "
                        "ON CONFLICT (address, username) DO NOTHING",
                        "ss", address, name);
    tdn_db_stmt *st = rc ? NULL
                         : tdn_sq_prepare(s, err,
                                          "SELECT listed_at, unlisted FROM login_throttle "
                                          "WHERE address = ?1 AND username = ?2",
                                          "ss", address, name);
    if (!st) return TDN_ESYS;
    int64_t listed_at = 0, unlisted = 0;
    if (tdn_db_step(st) == TDN_DB_ROW) {
        listed_at = tdn_db_int64(st, 0);
        unlisted = tdn_db_int64(st, 1);
    }
    tdn_sq_finish(s, st);
    if (listed_at && act->now - listed_at < TDN_LOGIN_AUDIT_EVERY)
        return tdn_sq_run(s, err,
                          "UPDATE login_throttle SET unlisted = unlisted + 1 "
                          "WHERE address = ?1 AND username = ?2",
                          "ss", address, name);
    char detail[192];
    int k = snprintf(detail, sizeof detail, "%s from %s", what, address);
    if (unlisted && k > 0 && (size_t)k < sizeof detail)
        snprintf(detail + k, sizeof detail - (size_t)k,
                 "; and %lld more failed attempts from there in the minute before",
                 (long long)unlisted);
    rc = tdn_sq_audit(s, act, "login_failed", "user", l->found ? l->user.id : 0, 0, detail, err);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "UPDATE login_throttle SET unlisted = 0, listed_at = ?3 "
                        "WHERE address = ?1 AND username = ?2",
                        "ssi", address, name, act->now);
    return rc;
}

/* Forgets pairs idle past the window, auditing their attempts not yet listed. */
static int forget_idle(tdn_store *s, const tdn_act *act, tdn_err *err)
{
    int64_t cutoff = act->now - TDN_LOGIN_WINDOW;
    int rc = tdn_sq_run(
        s, err,
        "INSERT INTO audit (at, actor, action, tbl, record_id, patient_id, detail) "
        "SELECT ?1, t.username, 'login_failed', 'user', u.id, NULL, "
        "t.unlisted || ' more failed attempts from ' || t.address || ' since the last listed' "
        "FROM login_throttle t LEFT JOIN \"user\" u ON u.username = t.username "
        "WHERE t.unlisted > 0 AND t.last_failure < ?2 AND t.listed_at < ?2 "
        "AND t.blocked_until <= ?1 AND t.username <> ''",
        "ii", act->now, cutoff);
    if (!rc)
        rc = tdn_sq_run(s, err,
                        "DELETE FROM login_throttle WHERE last_failure < ?2 AND listed_at < ?2 "
                        "AND blocked_until <= ?1",
                        "ii", act->now, cutoff);
    return rc;
}

/* Removes web sessions past their hard expiry (one audit row when any). */
static int purge_sessions(tdn_store *s, const tdn_act *act, tdn_err *err)
{
    int rc = tdn_sq_run(s, err, "DELETE FROM auth_session WHERE expires <= ?1", "i", act->now);
    int gone = rc ? 0 : tdn_db_changes(s);
    if (!rc && gone) {
        char detail[64];
        snprintf(detail, sizeof detail, "%d expired web sessions removed", gone);
        rc = tdn_sq_audit(s, act, "logout", "auth_session", 0, 0, detail, err);
    }
    return rc;
}

static int record_right(tdn_store *s, const tdn_act *act, const char *address, const tdn_login *l,
                        tdn_err *err)
{
    int rc =
        tdn_sq_run(s, err, "UPDATE \"user\" SET failed_logins = 0, locked_until = 0 WHERE id = ?1",
                   "i", l->user.id);
    char detail[96];
    snprintf(detail, sizeof detail, "from %s", address);
    if (!rc) rc = tdn_sq_audit(s, act, "login", "user", l->user.id, 0, detail, err);
    bool pending = false;
    int64_t unlisted = 0;
    if (!rc)
        rc = tdn_sq_int(s, err, &pending, &unlisted,
                        "SELECT unlisted FROM login_throttle WHERE address = ?1 AND username = ?2 "
                        "AND unlisted > 0",
                        "ss", address, l->user.username);
    if (!rc && pending) {
        snprintf(detail, sizeof detail, "%lld more failed attempts from %s before signing in",
                 (long long)unlisted, address);
        rc = tdn_sq_audit(s, act, "login_failed", "user", l->user.id, 0, detail, err);
    }
    if (!rc)
        rc = tdn_sq_run(s, err, "DELETE FROM login_throttle WHERE address = ?1 AND username = ?2",
                        "ss", address, l->user.username);
    if (!rc) rc = purge_sessions(s, act, err);
    return rc;
}

static int record_wrong(tdn_store *s, const tdn_act *act, const char *address, const tdn_login *l,
                        tdn_err *err)
{
    const char *name = act->actor ? act->actor : "";
    int rc = count_failure(s, act->now, address, name, TDN_LOGIN_FREE_PAIR, err);
    if (!rc) rc = count_failure(s, act->now, address, "", TDN_LOGIN_FREE_ADDRESS, err);
    if (!rc && l->found)
        rc = tdn_sq_run(s, err,
                        "UPDATE \"user\" SET failed_logins = failed_logins + 1 WHERE id = ?1", "i",
                        l->user.id);
    if (!rc)
        rc = audit_failure(s, act, address, l, l->found ? "wrong password" : "unknown username",
                           err);
    return rc;
}

static int record_busy(tdn_store *s, const tdn_act *act, const char *address, const tdn_login *l,
                       tdn_err *err)
{
    int rc = count_failure(s, act->now, address, "", TDN_LOGIN_FREE_ADDRESS, err);
    if (!rc) rc = audit_failure(s, act, address, l, "refused while busy", err);
    return rc;
}

int tdn_store_login_record(tdn_store *s, const tdn_act *act, const char *address,
                           const tdn_login *l, tdn_login_outcome outcome, tdn_err *err)
{
    if (!address || strlen(address) > TDN_ADDRESS_MAX)
        return tdn_err_set(err, TDN_EINPUT, "address: at most %d characters", TDN_ADDRESS_MAX);
    if (!act->actor || !*act->actor) return tdn_err_set(err, TDN_EINPUT, "username: required");
    if (outcome == TDN_LOGIN_RIGHT && !l->found)
        return tdn_err_set(err, TDN_EINPUT, "login: no such user");
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    if (outcome == TDN_LOGIN_RIGHT)
        rc = record_right(s, act, address, l, err);
    else if (outcome == TDN_LOGIN_WRONG)
        rc = record_wrong(s, act, address, l, err);
    else if (outcome == TDN_LOGIN_BUSY)
        rc = record_busy(s, act, address, l, err);
    else
        rc = audit_failure(s, act, address, l, "too many attempts", err);
    if (!rc && outcome != TDN_LOGIN_THROTTLED) rc = forget_idle(s, act, err);
    return tdn_sq_end(s, rc, err);
}
