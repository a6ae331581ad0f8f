/* sqlite_migrate.c — tdn_store_migrate (store_exchange.h): copies every
 * table of a clinic from one store to another, SQLite or PostgreSQL either
 * way. Rows are read as text and written through CAST to the target
 * column's declared type, so one code path serves both backends; the only
 * backend-specific SQL lists tables and column types and resets
 * PostgreSQL's identity sequences. Refuses a source table it does not know
 * (a newer migration must be added to TABLES below), so nothing is dropped
 * silently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "store/store_exchange.h"

/* Every table, parents before children; key orders the copy. */
static const struct {
    const char *name; /* as written in SQL ("user" quoted) */
    const char *bare; /* as catalogs list it */
    const char *key;
    bool identity; /* PostgreSQL: an identity column named key */
} TABLES[] = {
    {"patient", "patient", "id", true},
    {"\"user\"", "user", "id", true},
    {"auth_session", "auth_session", "token_hash", false},
    {"api_token", "api_token", "id", true},
    {"invitation", "invitation", "id", true},
    {"consent", "consent", "id", true},
    {"consent_text", "consent_text", "version", true},
    {"screening", "screening", "id", true},
    {"intake", "intake", "id", true},
    {"episode", "episode", "id", true},
    {"session", "session", "id", true},
    {"appointment", "appointment", "id", true},
    {"pain_map", "pain_map", "id", true},
    {"finding", "finding", "id", true},
    {"needle", "needle", "id", true},
    {"measure", "measure", "id", true},
    {"adverse_event", "adverse_event", "id", true},
    {"diary", "diary", "id", true},
    {"session_override", "session_override", "id", true},
    {"session_note", "session_note", "session_id", false},
    {"note_addendum", "note_addendum", "id", true},
    {"setting", "setting", "key", false},
    {"login_throttle", "login_throttle", "address, username", false},
    {"audit", "audit", "id", true},
};
#define NTABLES ((int)(sizeof TABLES / sizeof TABLES[0]))
#define MAXCOLS 32

#define SQ_TABLES "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
#define PG_TABLES                                                                                  \
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> "        \
    "'tdn_schema'"
#define SQ_COLUMNS "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid"
#define PG_COLUMNS                                                                                 \
    "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "          \
    "current_schema() AND table_name = ?1 ORDER BY ordinal_position"

typedef struct cols {
    int n;
    char name[MAXCOLS][64];
    char type[MAXCOLS][32];
} cols;

static int known(const char *bare)
{
    for (int i = 0; i < NTABLES; i++)
        if (strcmp(TABLES[i].bare, bare) == 0) return i;
    return -1;
}

/* Every table of s is one tdn migrate copies. */
static int check_tables(tdn_store *s, const char *side, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err, s->pg ? PG_TABLES : SQ_TABLES, "");
    if (!st) return err->status;
    int rc, status = TDN_OK;
    while ((rc = tdn_db_step(st)) == TDN_DB_ROW && !status)
        if (known(tdn_db_text(st, 0)) < 0)
            status = tdn_err_set(err, TDN_ESYS,
                                 "migrate: the %s has a table tdn migrate does not know: %s", side,
                                 tdn_db_text(st, 0));
    tdn_db_finalize(st);
    if (rc == TDN_DB_ERROR && !status) return tdn_sq_fail(s, "migrate: tables", err);
    return status;
}

static int columns_of(tdn_store *s, int t, cols *c, tdn_err *err)
{
    tdn_db_stmt *st = tdn_sq_prepare(s, err, s->pg ? PG_COLUMNS : SQ_COLUMNS, "s", TABLES[t].bare);
    if (!st) return err->status;
    int rc;
    c->n = 0;
    while ((rc = tdn_db_step(st)) == TDN_DB_ROW && c->n < MAXCOLS) {
        snprintf(c->name[c->n], sizeof c->name[0], "%s", tdn_db_text(st, 0));
        snprintf(c->type[c->n], sizeof c->type[0], "%s", tdn_db_text(st, 1));
        c->n++;
    }
    tdn_db_finalize(st);
    if (rc == TDN_DB_ERROR) return tdn_sq_fail(s, "migrate: columns", err);
    if (c->n == 0 || c->n >= MAXCOLS)
        return tdn_err_set(err, TDN_ESYS, "migrate: table %s has %d columns", TABLES[t].bare, c->n);
    return TDN_OK;
}

static int count_rows(tdn_store *s, int t, int64_t *n, tdn_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", TABLES[t].name);
    tdn_db_stmt *st = tdn_sq_prepare(s, err, sql, "");
    if (!st) return err->status;
    int rc = tdn_db_step(st);
    *n = rc == TDN_DB_ROW ? tdn_db_int64(st, 0) : 0;
    tdn_db_finalize(st);
    return rc == TDN_DB_ROW ? TDN_OK : tdn_sq_fail(s, "migrate: count", err);
}

/* The target holds no records: every table empty but the settings. */
static int check_empty(tdn_store *to, tdn_err *err)
{
    for (int t = 0; t < NTABLES; t++) {
        if (strcmp(TABLES[t].bare, "setting") == 0) continue;
        int64_t n = 0;
        if (count_rows(to, t, &n, err)) return err->status;
        if (n > 0)
            return tdn_err_set(err, TDN_EINPUT,
                               "--to: the target already holds records (%lld in %s); migrate "
                               "into an empty store, or add --append",
                               (long long)n, TABLES[t].bare);
    }
    return TDN_OK;
}

/* SQL: "SELECT a, b FROM t ORDER BY key" and "INSERT INTO t (a, b) VALUES
 * (CAST(?1 AS type), ...)" (settings replace the target's defaults). */
static void build_sql(int t, const cols *c, char *sel, char *ins, size_t cap)
{
    size_t a = (size_t)snprintf(sel, cap, "SELECT ");
    size_t b = (size_t)snprintf(ins, cap, "INSERT INTO %s (", TABLES[t].name);
    for (int i = 0; i < c->n; i++) {
        a += (size_t)snprintf(sel + a, cap - a, "%s%s", i ? ", " : "", c->name[i]);
        b += (size_t)snprintf(ins + b, cap - b, "%s%s", i ? ", " : "", c->name[i]);
    }
    snprintf(sel + a, cap - a, " FROM %s ORDER BY %s", TABLES[t].name, TABLES[t].key);
    b += (size_t)snprintf(ins + b, cap - b, ") VALUES (");
    for (int i = 0; i < c->n; i++)
        b += (size_t)snprintf(ins + b, cap - b, "%sCAST(?%d AS %s)", i ? ", " : "", i + 1,
                              c->type[i]);
    b += (size_t)snprintf(ins + b, cap - b, ")");
    if (strcmp(TABLES[t].bare, "setting") == 0)
        snprintf(ins + b, cap - b, " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
}

/* Inserts the current row of src into `to` with ins. */
static int copy_row(tdn_store *to, tdn_db_stmt *src, int ncols, const char *ins, tdn_err *err)
{
    const char *v[MAXCOLS] = {0};
    char types[MAXCOLS + 1];
    for (int i = 0; i < ncols; i++) {
        v[i] = tdn_db_is_null(src, i) ? NULL : tdn_db_text(src, i);
        types[i] = 's';
    }
    types[ncols] = '\0';
    tdn_db_stmt *st = tdn_sq_prepare(to, err, ins, types, v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                                     v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15],
                                     v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23], v[24],
                                     v[25], v[26], v[27], v[28], v[29], v[30], v[31]);
    if (!st) return err->status;
    int rc = tdn_db_step(st);
    tdn_db_finalize(st);
    return rc == TDN_DB_ERROR ? tdn_sq_fail(to, "migrate: insert", err) : TDN_OK;
}

/* --append keeps ids: refuses (changing nothing) a row whose key column
 * `col` (of c) or, for users, whose username the target has already, where
 * the insert would fail on a database error that names no record. */
static int check_new(tdn_store *to, int t, const cols *c, tdn_db_stmt *src, tdn_err *err)
{
    const char *bare = TABLES[t].bare;
    bool user = strcmp(bare, "user") == 0;
    for (int i = 0; i < c->n; i++) {
        bool key = strcmp(c->name[i], TABLES[t].key) == 0;
        if (!(key || (user && strcmp(c->name[i], "username") == 0)) || tdn_db_is_null(src, i))
            continue;
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = CAST(?1 AS %s)",
                 TABLES[t].name, c->name[i], c->type[i]);
        bool found = false;
        int64_t n = 0;
        const char *v = tdn_db_text(src, i);
        if (tdn_sq_int(to, err, &found, &n, sql, "s", v)) return err->status;
        if (n > 0)
            return tdn_err_set(err, TDN_EINPUT,
                               "--append: %s %s %.64s is in both stores; tdn migrate keeps ids and "
                               "usernames, so it appends only records the target does not have "
                               "(it cannot merge two clinics into one)",
                               bare, c->name[i], v);
    }
    return TDN_OK;
}

/* Copies table t, then checks the source's count and the target's growth.
 * With append, each row is first checked to be new to the target (tables
 * keyed by one column; settings replace the target's). */
static int copy_table(tdn_store *from, tdn_store *to, int t, bool append, int64_t *copied,
                      tdn_err *err)
{
    cols c;
    char sel[2048], ins[4096];
    int64_t before = 0, after = 0, source = 0;
    if (columns_of(to, t, &c, err) || count_rows(to, t, &before, err)) return err->status;
    build_sql(t, &c, sel, ins, sizeof sel);
    append = append && before > 0 && !strchr(TABLES[t].key, ',') &&
             strcmp(TABLES[t].bare, "setting") != 0;
    tdn_db_stmt *st = tdn_sq_prepare(from, err, sel, "");
    if (!st) return err->status;
    int rc, status = TDN_OK;
    *copied = 0;
    while (!status && (rc = tdn_db_step(st)) == TDN_DB_ROW)
        if (!(status = append ? check_new(to, t, &c, st, err) : TDN_OK) &&
            !(status = copy_row(to, st, c.n, ins, err)))
            (*copied)++;
    tdn_db_finalize(st);
    if (status) return status;
    if (rc == TDN_DB_ERROR) return tdn_sq_fail(from, "migrate: read", err);
    if (count_rows(from, t, &source, err) || count_rows(to, t, &after, err)) return err->status;
    bool replaced = strcmp(TABLES[t].bare, "setting") == 0; /* settings overwrite */
    if (source != *copied || (!replaced && after != before + *copied) ||
        (replaced && after < source))
        return tdn_err_set(err, TDN_ESYS,
                           "migrate: %s: %lld rows in the source, %lld copied, %lld then %lld in "
                           "the target",
                           TABLES[t].bare, (long long)source, (long long)*copied, (long long)before,
                           (long long)after);
    return TDN_OK;
}

/* PostgreSQL: identity sequences continue after the largest id. */
static int reset_sequences(tdn_store *to, tdn_err *err)
{
    for (int t = 0; t < NTABLES && to->pg; t++) {
        if (!TABLES[t].identity) continue;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), coalesce(max(%s), 0) + 1, "
                 "false) FROM %s",
                 TABLES[t].name, TABLES[t].key, TABLES[t].key, TABLES[t].name);
        tdn_db_stmt *st = tdn_sq_prepare(to, err, sql, "");
        if (!st) return err->status;
        int rc = tdn_db_step(st);
        tdn_db_finalize(st);
        if (rc == TDN_DB_ERROR) return tdn_sq_fail(to, "migrate: sequence", err);
    }
    return TDN_OK;
}

static int copy_all(tdn_store *from, tdn_store *to, const tdn_act *act, bool append,
                    tdn_migrate_report *rep, tdn_err *err)
{
    if (check_tables(from, "source", err) || check_tables(to, "target", err)) return err->status;
    if (!append && check_empty(to, err)) return err->status;
    int64_t total = 0;
    rep->n = 0;
    for (int t = 0; t < NTABLES; t++) {
        int64_t n = 0;
        if (copy_table(from, to, t, append, &n, err)) return err->status;
        rep->t[rep->n].table = TABLES[t].bare;
        rep->t[rep->n++].rows = n;
        total += n;
    }
    if (reset_sequences(to, err)) return err->status;
    char detail[128];
    snprintf(detail, sizeof detail, "tdn migrate from %s: %lld rows%s",
             from->pg ? "PostgreSQL" : "SQLite", (long long)total, append ? ", appended" : "");
    return tdn_sq_audit(to, act, "import", "store", 0, 0, detail, err);
}

int tdn_store_migrate(tdn_store *from, tdn_store *to, const tdn_act *act, bool append,
                      tdn_migrate_report *rep, tdn_err *err)
{
    if (tdn_store_schema_version(from) != tdn_store_schema_version(to))
        return tdn_err_set(err, TDN_ESYS, "migrate: schema versions differ (%d and %d)",
                           tdn_store_schema_version(from), tdn_store_schema_version(to));
    if (tdn_sq_begin(from, err)) return err->status;
    if (tdn_sq_begin(to, err)) return tdn_sq_rollback(from, err->status);
    int rc = copy_all(from, to, act, append, rep, err);
    rc = tdn_sq_end(to, rc, err);
    tdn_sq_rollback(from, rc); /* the source was only read */
    return rc;
}
