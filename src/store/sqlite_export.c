/* sqlite_export.c — streaming every record table of the SQLite store to an
 * export sink (store.h), in one transaction that also writes the audit row.
 * Login sessions are left out; users lose their password hashes, invitations
 * their code hashes and API tokens their token hashes. */
#include <stdlib.h>

#include "store/sqlite_int.h"

#define EXPORT_MAX_COLS 64

/* The tables, in an order where references point backwards. */
static const struct {
    const char *name, *sql;
} export_tables[] = {
    {"patient", "SELECT * FROM patient ORDER BY id"},
    {"user", "SELECT id, username, display_name, role, patient_id, failed_logins, locked_until, "
             "created, credentials FROM \"user\" ORDER BY id"},
    {"consent", "SELECT * FROM consent ORDER BY id"},
    {"screening", "SELECT * FROM screening ORDER BY id"},
    {"episode", "SELECT * FROM episode ORDER BY id"},
    {"session", "SELECT * FROM session ORDER BY id"},
    {"pain_map", "SELECT * FROM pain_map ORDER BY id"},
    {"finding", "SELECT * FROM finding ORDER BY id"},
    {"needle", "SELECT * FROM needle ORDER BY id"},
    {"session_override", "SELECT * FROM session_override ORDER BY id"},
    {"session_note", "SELECT * FROM session_note ORDER BY session_id"},
    {"note_addendum", "SELECT * FROM note_addendum ORDER BY id"},
    {"measure", "SELECT * FROM measure ORDER BY id"},
    {"adverse_event", "SELECT * FROM adverse_event ORDER BY id"},
    {"diary", "SELECT * FROM diary ORDER BY id"},
    {"invitation", "SELECT id, patient_id, user_id, created, created_by, expires, used_at, "
                   "revoked_at FROM invitation ORDER BY id"},
    {"appointment", "SELECT * FROM appointment ORDER BY id"},
    {"intake", "SELECT * FROM intake ORDER BY id"},
    {"consent_text", "SELECT * FROM consent_text ORDER BY version"},
    {"setting", "SELECT * FROM setting ORDER BY key"},
    {"api_token", "SELECT id, user_id, created, expires, revoked, created_by FROM api_token "
                  "ORDER BY id"},
    {"audit", "SELECT * FROM audit ORDER BY id"},
};

static int export_rows(tdn_store *s, tdn_db_stmt *st, const tdn_export_sink *sink, int ncols,
                       tdn_err *err)
{
    const char *values[EXPORT_MAX_COLS];
    int r, rc = TDN_OK;
    while (!rc && (r = tdn_db_step(st)) == TDN_DB_ROW) {
        for (int i = 0; i < ncols; i++)
            values[i] = tdn_db_text(st, i);
        rc = sink->row(sink->ctx, ncols, values, err);
    }
    if (!rc && r != TDN_DB_DONE) rc = tdn_sq_fail(s, "export", err);
    return rc;
}

static int export_table(tdn_store *s, const char *name, const char *sql,
                        const tdn_export_sink *sink, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err, sql, "");
    if (!st) return TDN_ESYS;
    int ncols = tdn_db_column_count(st), rc = TDN_OK;
    const char *cols[EXPORT_MAX_COLS];
    if (ncols > EXPORT_MAX_COLS)
        rc = tdn_err_set(err, TDN_ESYS, "export: table %s has too many columns", name);
    for (int i = 0; !rc && i < ncols; i++)
        cols[i] = tdn_db_column_name(st, i);
    if (!rc) rc = sink->table(sink->ctx, name, ncols, cols, err);
    if (!rc) rc = export_rows(s, st, sink, ncols, err);
    tdn_sq_finish(s, st);
    return rc;
}

static int export_all(tdn_store *s, const tdn_act *act, const tdn_export_sink *sink, tdn_err *err)
{
    int rc = tdn_sq_audit(s, act, "export", "*", 0, 0, "all tables", err);
    for (size_t i = 0; !rc && i < sizeof export_tables / sizeof export_tables[0]; i++)
        rc = export_table(s, export_tables[i].name, export_tables[i].sql, sink, err);
    return rc;
}

int tdn_store_export(tdn_store *s, const tdn_act *act, const tdn_export_sink *sink, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (!rc) rc = tdn_sq_end(s, export_all(s, act, sink, err), err);
    return rc;
}
