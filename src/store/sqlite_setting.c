/* sqlite_setting.c — the clinic's settings in the SQLite store (store.h):
 * one key/value table; a change is audited, reads are not (no patient data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

int tdn_store_setting_get(tdn_store *s, const char *key, char *out, size_t cap, bool *found,
                          tdn_err *err)
{
    if (cap) out[0] = '\0';
    if (found) *found = false;
    tdn_db_stmt *st = tdn_sq_prepare(s, err, "SELECT value FROM setting WHERE key = ?1", "s", key);
    if (!st) return TDN_ESYS;
    int r = tdn_db_step(st), rc = TDN_OK;
    if (r == TDN_DB_ROW) {
        tdn_sq_text(st, 0, out, cap);
        if (found) *found = true;
    } else if (r != TDN_DB_DONE) {
        rc = tdn_sq_fail(s, "read setting", err);
    }
    tdn_sq_finish(s, st);
    return rc;
}

/* Writes one setting and its audit row inside the caller's transaction. */
static int set_one(tdn_store *s, const tdn_act *act, const char *key, const char *value,
                   tdn_err *err)
{
    int rc = tdn_sq_run(s, err,
                        "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        "ss", key, value);
    char detail[TDN_SETTING_KEY_MAX + TDN_SETTING_VALUE_MAX + 4];
    snprintf(detail, sizeof detail, "%s=%s", key, value);
    if (!rc) rc = tdn_sq_audit(s, act, "change", "setting", 0, 0, detail, err);
    return rc;
}

static int check_kv(const char *key, const char *value, tdn_err *err)
{
    int rc = tdn_sq_check_len("key", key, TDN_SETTING_KEY_MAX, true, err);
    if (!rc) rc = tdn_sq_check_len("value", value, TDN_SETTING_VALUE_MAX, true, err);
    return rc;
}

int tdn_store_setting_set(tdn_store *s, const tdn_act *act, const char *key, const char *value,
                          tdn_err *err)
{
    int rc = check_kv(key, value, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    return tdn_sq_end(s, set_one(s, act, key, value, err), err);
}

int tdn_store_setting_set_many(tdn_store *s, const tdn_act *act, const tdn_setting *kv, size_t n,
                               tdn_err *err)
{
    int rc = TDN_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = check_kv(kv[i].key, kv[i].value, err);
    if (rc || (rc = tdn_sq_begin(s, err))) return rc;
    for (size_t i = 0; !rc && i < n; i++)
        rc = set_one(s, act, kv[i].key, kv[i].value, err);
    return tdn_sq_end(s, rc, err);
}

static bool setting_row(tdn_db_stmt *st, void *el)
{
    tdn_setting *x = el;
    tdn_sq_text(st, 0, x->key, sizeof x->key);
    tdn_sq_text(st, 1, x->value, sizeof x->value);
    return true;
}

int tdn_store_setting_list(tdn_store *s, tdn_setting **out, size_t *n, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    return tdn_sq_list(s, tdn_sq_prepare(s, err, "SELECT key, value FROM setting ORDER BY key", ""),
                       setting_row, NULL, (void **)out, n, sizeof **out, err);
}
