/* sqlite.c — the SQLite record store: opening with durable settings (WAL,
 * synchronous=FULL, foreign keys, busy timeout), the numbered migrations of
 * src/store/schema/ (embedded, applied in order on open, one transaction
 * each, version kept in PRAGMA user_version), the statements of db.h on
 * SQLite, and the helpers of sqlite_int.h shared by the per-record files.
 * A postgresql:// URL opens PostgreSQL instead (pg.c, pg_stmt.c): the
 * functions here hand over to it, and its migrations (src/store/schema_pg/,
 * same numbering) run through the same runner, the version in a table. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "app/embedded.h"
#include "store/db_int.h"
#include "store/sqlite_int.h"

#define BUSY_TIMEOUT_MS 10000
#define CONNECT_ATTEMPTS 40

/* ---- statements (db.h) ------------------------------------------------- */

int tdn_db_step(tdn_db_stmt *st)
{
    if (!st->sq) return tdn_pg_step(st);
    int rc = sqlite3_step(st->sq);
    return rc == SQLITE_ROW ? TDN_DB_ROW : rc == SQLITE_DONE ? TDN_DB_DONE : TDN_DB_ERROR;
}

/* A PostgreSQL value as an integer (booleans read as 1 and 0). */
static int64_t pg_int64(tdn_db_stmt *st, int col)
{
    const char *v = tdn_pg_value(st, col);
    if (!v) return 0;
    return *v == 't' ? 1 : strtoll(v, NULL, 10);
}

int64_t tdn_db_int64(tdn_db_stmt *st, int col)
{
    if (!st->sq) return pg_int64(st, col);
    return sqlite3_column_int64(st->sq, col);
}

int tdn_db_int(tdn_db_stmt *st, int col)
{
    if (!st->sq) return (int)pg_int64(st, col);
    return sqlite3_column_int(st->sq, col);
}

double tdn_db_double(tdn_db_stmt *st, int col)
{
    if (!st->sq) {
        const char *v = tdn_pg_value(st, col);
        return v ? strtod(v, NULL) : 0.0;
    }
    return sqlite3_column_double(st->sq, col);
}

const char *tdn_db_text(tdn_db_stmt *st, int col)
{
    if (!st->sq) return tdn_pg_value(st, col);
    return (const char *)sqlite3_column_text(st->sq, col);
}

bool tdn_db_is_null(tdn_db_stmt *st, int col)
{
    if (!st->sq) return !tdn_pg_value(st, col);
    return sqlite3_column_type(st->sq, col) == SQLITE_NULL;
}

int tdn_db_column_count(tdn_db_stmt *st)
{
    if (!st->sq) return tdn_pg_column_count(st);
    return sqlite3_column_count(st->sq);
}

const char *tdn_db_column_name(tdn_db_stmt *st, int col)
{
    if (!st->sq) return tdn_pg_column_name(st, col);
    return sqlite3_column_name(st->sq, col);
}

int64_t tdn_db_changes(tdn_store *s)
{
    if (s->pg) return tdn_pg_changes(s);
    return sqlite3_changes(s->db);
}

int tdn_db_exec(tdn_store *s, const char *sql)
{
    if (s->pg) return tdn_pg_exec(s, sql);
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? TDN_OK : TDN_ESYS;
}

bool tdn_db_in_transaction(tdn_store *s)
{
    if (s->pg) return tdn_pg_in_transaction(s);
    return !sqlite3_get_autocommit(s->db);
}

const char *tdn_db_errmsg(tdn_store *s)
{
    if (s->pg) return tdn_pg_errmsg(s);
    return sqlite3_errmsg(s->db);
}

/* ---- helpers ---------------------------------------------------------- */

int tdn_sq_fail(tdn_store *s, const char *what, tdn_err *err)
{
    if (s->pg && tdn_pg_lost(s))
        return tdn_err_set(err, TDN_ESYS, "storage: database unavailable: %s: %s", what,
                           tdn_db_errmsg(s));
    return tdn_err_set(err, TDN_ESYS, "storage: %s: %s", what, tdn_db_errmsg(s));
}

static int bind_args(sqlite3_stmt *st, const char *types, va_list ap)
{
    int rc = SQLITE_OK;
    for (int i = 0; types[i] && rc == SQLITE_OK; i++) {
        int k = i + 1;
        switch (types[i]) {
        case 'i':
            rc = sqlite3_bind_int64(st, k, va_arg(ap, int64_t));
            break;
        case 'n': {
            int64_t v = va_arg(ap, int64_t);
            rc = v ? sqlite3_bind_int64(st, k, v) : sqlite3_bind_null(st, k);
            break;
        }
        case 'o': {
            int64_t v = va_arg(ap, int64_t);
            rc = v >= 0 ? sqlite3_bind_int64(st, k, v) : sqlite3_bind_null(st, k);
            break;
        }
        case 'd':
            rc = sqlite3_bind_double(st, k, va_arg(ap, double));
            break;
        case 's': {
            const char *v = va_arg(ap, const char *);
            rc = v ? sqlite3_bind_text(st, k, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, k);
            break;
        }
        default:
            rc = SQLITE_MISUSE;
        }
    }
    return rc;
}

/* A cached statement of s's connection for sql, prepared on first use;
 * NULL when the cache is full or preparing fails (then the caller prepares
 * an uncached one, which reports the error). */
static tdn_db_stmt *cache_get(tdn_store *s, const char *sql)
{
    tdn_sq_stmts *c = s->stmts;
    for (int i = 0; i < c->n; i++)
        if (c->e[i].sql == sql && strcmp(sqlite3_sql(c->e[i].st->sq), sql) == 0)
            return sqlite3_stmt_busy(c->e[i].st->sq) ? NULL : c->e[i].st; /* in use: uncached */
    if (c->n == TDN_SQ_STMTS) return NULL;
    tdn_db_stmt *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->sq, NULL) != SQLITE_OK) {
        sqlite3_finalize(st->sq);
        free(st);
        return NULL;
    }
    st->s = s;
    st->cached = true;
    c->e[c->n].sql = sql;
    c->e[c->n++].st = st;
    return st;
}

/* A new uncached statement for sql, or NULL (err filled). */
static tdn_db_stmt *prepare_new(tdn_store *s, const char *sql, tdn_err *err)
{
    tdn_db_stmt *st = calloc(1, sizeof *st);
    if (!st) {
        tdn_err_set(err, TDN_ESYS, "storage: out of memory");
        return NULL;
    }
    st->s = s;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st->sq, NULL) != SQLITE_OK) {
        tdn_sq_fail(s, "prepare", err);
        tdn_db_finalize(st);
        return NULL;
    }
    return st;
}

void tdn_db_finalize(tdn_db_stmt *st)
{
    if (!st) return;
    if (!st->sq) {
        tdn_pg_finalize(st);
        return;
    }
    if (st->cached) {
        sqlite3_reset(st->sq);
        sqlite3_clear_bindings(st->sq);
        return;
    }
    sqlite3_finalize(st->sq);
    free(st);
}

void tdn_sq_finish(tdn_store *s, tdn_db_stmt *st)
{
    (void)s;
    tdn_db_finalize(st);
}

void tdn_sq_stmts_clear(tdn_sq_stmts *stmts)
{
    for (int i = 0; i < stmts->n; i++) {
        sqlite3_finalize(stmts->e[i].st->sq);
        free(stmts->e[i].st);
    }
    stmts->n = 0;
}

static tdn_db_stmt *vprepare(tdn_store *s, tdn_err *err, bool use_cache, const char *sql,
                             const char *types, va_list ap)
{
    if (s->pg) return tdn_pg_prepare(s, err, use_cache, false, sql, types, ap);
    tdn_db_stmt *st = use_cache ? cache_get(s, sql) : NULL;
    if (!st && !(st = prepare_new(s, sql, err))) return NULL;
    if (bind_args(st->sq, types, ap) != SQLITE_OK) {
        tdn_sq_fail(s, "bind", err);
        tdn_sq_finish(s, st);
        return NULL;
    }
    return st;
}

tdn_db_stmt *tdn_sq_prepare(tdn_store *s, tdn_err *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    tdn_db_stmt *st = vprepare(s, err, false, sql, types, ap);
    va_end(ap);
    return st;
}

tdn_db_stmt *tdn_sq_prepare_cached(tdn_store *s, tdn_err *err, const char *sql, const char *types,
                                   ...)
{
    va_list ap;
    va_start(ap, types);
    tdn_db_stmt *st = vprepare(s, err, true, sql, types, ap);
    va_end(ap);
    return st;
}

static int step_done(tdn_store *s, tdn_db_stmt *st, tdn_err *err)
{
    int rc = tdn_db_step(st);
    int status = rc == TDN_DB_DONE ? TDN_OK : tdn_sq_fail(s, "write", err);
    tdn_sq_finish(s, st);
    return status;
}

int tdn_sq_run(tdn_store *s, tdn_err *err, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    tdn_db_stmt *st = vprepare(s, err, true, sql, types, ap);
    va_end(ap);
    return st ? step_done(s, st, err) : TDN_ESYS;
}

/* Steps an INSERT; the row it returns (RETURNING), if any, gives *id. */
static int insert_step(tdn_store *s, tdn_db_stmt *st, int64_t *id, tdn_err *err)
{
    int r = tdn_db_step(st);
    if (r == TDN_DB_ROW) {
        if (id) *id = tdn_db_int64(st, 0);
        r = tdn_db_step(st);
    }
    int rc = r == TDN_DB_DONE ? TDN_OK : tdn_sq_fail(s, "write", err);
    tdn_sq_finish(s, st);
    return rc;
}

int tdn_sq_insert(tdn_store *s, tdn_err *err, int64_t *id, const char *sql, const char *types, ...)
{
    bool returning = strstr(sql, "RETURNING") != NULL;
    va_list ap;
    va_start(ap, types);
    /* PostgreSQL has no rowid: the id comes back through RETURNING id */
    tdn_db_stmt *st = s->pg ? tdn_pg_prepare(s, err, true, id && !returning, sql, types, ap)
                            : vprepare(s, err, true, sql, types, ap);
    va_end(ap);
    if (!st) return TDN_ESYS;
    int rc = insert_step(s, st, id, err);
    if (rc == TDN_OK && id && !s->pg && !returning) *id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int tdn_sq_int(tdn_store *s, tdn_err *err, bool *found, int64_t *value, const char *sql,
               const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    tdn_db_stmt *st = vprepare(s, err, true, sql, types, ap);
    va_end(ap);
    if (!st) return TDN_ESYS;
    int rc = tdn_db_step(st), status = TDN_OK;
    *found = rc == TDN_DB_ROW;
    if (rc == TDN_DB_ROW && value)
        *value = tdn_db_int64(st, 0);
    else if (rc != TDN_DB_ROW && rc != TDN_DB_DONE)
        status = tdn_sq_fail(s, "read", err);
    tdn_sq_finish(s, st);
    return status;
}

/* Runs one transaction statement (BEGIN, COMMIT, ...) from the
 * connection's statement cache: sqlite3_exec would parse it again on every
 * transaction, which callgrind showed as a quarter of a chart read's
 * instructions. PostgreSQL, or a full cache, takes tdn_db_exec. */
static int txn_exec(tdn_store *s, const char *sql)
{
    tdn_db_stmt *st = s->pg ? NULL : cache_get(s, sql);
    if (!st) return tdn_db_exec(s, sql);
    int code = sqlite3_step(st->sq);
    sqlite3_reset(st->sq);
    return code == SQLITE_DONE ? TDN_OK : TDN_ESYS;
}

int tdn_sq_begin(tdn_store *s, tdn_err *err)
{
    if (s->group) return tdn_sq_group_begin(s, err);
    if (s->pg) return tdn_pg_begin(s, err);
    if (txn_exec(s, "BEGIN IMMEDIATE") != TDN_OK) return tdn_sq_fail(s, "begin", err);
    return TDN_OK;
}

int tdn_sq_read_begin(tdn_store *s, tdn_err *err)
{
    if (s->pg) return tdn_pg_begin(s, err); /* reconnects; the writers' lock, as every action */
    if (txn_exec(s, "BEGIN") != TDN_OK) return tdn_sq_fail(s, "begin", err);
    return TDN_OK;
}

int tdn_sq_read_end(tdn_store *s, int rc, tdn_err *err)
{
    return rc == TDN_OK ? tdn_sq_commit(s, err) : tdn_sq_rollback(s, rc);
}

int tdn_sq_commit(tdn_store *s, tdn_err *err)
{
    if (txn_exec(s, "COMMIT") == TDN_OK) return TDN_OK;
    int rc = tdn_sq_fail(s, "commit", err);
    tdn_sq_rollback(s, rc);
    return rc;
}

int tdn_sq_rollback(tdn_store *s, int rc)
{
    if (tdn_db_in_transaction(s)) txn_exec(s, "ROLLBACK");
    return rc;
}

int tdn_sq_end(tdn_store *s, int rc, tdn_err *err)
{
    if (s->group) return tdn_sq_group_end(s, rc, err);
    return rc == TDN_OK ? tdn_sq_commit(s, err) : tdn_sq_rollback(s, rc);
}

int tdn_sq_audit(tdn_store *s, const tdn_act *act, const char *action, const char *table,
                 int64_t record_id, int64_t patient_id, const char *detail, tdn_err *err)
{
    return tdn_sq_run(s, err,
                      "INSERT INTO audit (at, actor, action, tbl, record_id, patient_id, detail) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      "isssnns", act->now, act->actor, action, table, record_id, patient_id,
                      detail ? detail : "");
}

int tdn_sq_audit_alone(tdn_store *s, const tdn_act *act, const char *action, const char *table,
                       int64_t record_id, int64_t patient_id, const char *detail, tdn_err *err)
{
    return tdn_sq_read_audited(s, NULL, NULL, act, action, table, record_id, patient_id, detail,
                               err);
}

/* A read (may be NULL) and the audit row that records it. */
typedef struct audited_read {
    tdn_sq_txn_fn read;
    void *ctx;
    const tdn_act *act;
    const char *action, *table, *detail;
    int64_t record_id, patient_id;
} audited_read;

static int read_then_audit(tdn_store *on, void *ctx, tdn_err *err)
{
    const audited_read *r = ctx;
    int rc = r->read ? r->read(on, r->ctx, err) : TDN_OK;
    return rc ? rc
              : tdn_sq_audit(on, r->act, r->action, r->table, r->record_id, r->patient_id,
                             r->detail, err);
}

int tdn_sq_read_audited(tdn_store *s, tdn_sq_txn_fn read, void *ctx, const tdn_act *act,
                        const char *action, const char *table, int64_t record_id,
                        int64_t patient_id, const char *detail, tdn_err *err)
{
    audited_read r = {read, ctx, act, action, table, detail ? detail : "", record_id, patient_id};
    if (read && !s->group) { /* alone: the read holds no write lock */
        int rc = tdn_sq_read_begin(s, err);
        if (!rc) rc = tdn_sq_read_end(s, read(s, ctx, err), err);
        if (rc) return rc;
        r.read = NULL;
    }
    return tdn_sq_transact(s, read_then_audit, &r, err);
}

int tdn_sq_transact(tdn_store *s, tdn_sq_txn_fn txn, void *ctx, tdn_err *err)
{
    if (s->group) {
        tdn_sq_job job = {.txn = txn, .ctx = ctx};
        return tdn_sq_group_queue(s, &job, err);
    }
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    return tdn_sq_end(s, txn(s, ctx, err), err);
}

void tdn_sq_text(tdn_db_stmt *st, int col, char *dst, size_t cap)
{
    const char *t = tdn_db_text(st, col);
    size_t n = t ? strnlen(t, cap - 1) : 0; /* a copy, not snprintf: every column of every row */
    memcpy(dst, t ? t : "", n);
    dst[n] = '\0';
}

char *tdn_sq_strdup(tdn_db_stmt *st, int col)
{
    const char *t = tdn_db_text(st, col);
    return strdup(t ? t : "");
}

void *tdn_sq_grow(void **array, size_t *n, size_t *cap, size_t elsize)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        void *p = realloc(*array, ncap * elsize);
        if (!p) return NULL;
        *array = p;
        *cap = ncap;
    }
    char *el = (char *)*array + (*n)++ * elsize;
    memset(el, 0, elsize);
    return el;
}

int tdn_sq_list(tdn_store *s, tdn_db_stmt *st, tdn_sq_row_fn row, void (*free_el)(void *el),
                void **out, size_t *n, size_t elsize, tdn_err *err)
{
    *out = NULL;
    *n = 0;
    if (!st) return TDN_ESYS;
    size_t cap = 0;
    int r = TDN_DB_DONE, rc = TDN_OK;
    while (!rc && (r = tdn_db_step(st)) == TDN_DB_ROW) {
        void *el = tdn_sq_grow(out, n, &cap, elsize);
        if (!el || !row(st, el)) rc = tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    }
    if (!rc && r != TDN_DB_DONE) rc = tdn_sq_fail(s, "read", err);
    tdn_sq_finish(s, st);
    if (rc) {
        for (size_t i = 0; free_el && i < *n; i++)
            free_el((char *)*out + i * elsize);
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int tdn_sq_check_len(const char *field, const char *text, size_t max, bool required, tdn_err *err)
{
    if (!text || !*text)
        return required ? tdn_err_set(err, TDN_EINPUT, "%s: must not be empty", field) : TDN_OK;
    if (strlen(text) > max)
        return tdn_err_set(err, TDN_EINPUT, "%s: longer than %zu characters", field, max);
    return TDN_OK;
}

int tdn_sq_patient_of(tdn_store *s, const char *table, int64_t id, int64_t *patient_id,
                      tdn_err *err)
{
    static const struct {
        const char *table, *sql;
    } q[] = {
        {"patient", "SELECT id FROM patient WHERE id = ?1"},
        {"session", "SELECT patient_id FROM session WHERE id = ?1"},
        {"episode", "SELECT patient_id FROM episode WHERE id = ?1"},
        {"screening", "SELECT patient_id FROM screening WHERE id = ?1"},
        {"consent", "SELECT patient_id FROM consent WHERE id = ?1"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        if (strcmp(q[i].table, table) != 0) continue;
        bool found = false;
        int64_t pid = 0;
        int rc = tdn_sq_int(s, err, &found, &pid, q[i].sql, "i", id);
        if (rc) return rc;
        if (!found)
            return tdn_err_set(err, TDN_EINPUT, "%s: no %s with id %lld", table, table,
                               (long long)id);
        if (patient_id) *patient_id = pid;
        return TDN_OK;
    }
    return tdn_err_set(err, TDN_ESYS, "storage: no owner lookup for table %s", table);
}

/* ---- migrations ------------------------------------------------------- */

/* Version of an embedded migration from its name "NNN_name.sql", or 0. */
static int migration_version(const char *name)
{
    char *end;
    long v = strtol(name, &end, 10);
    size_t n = strlen(name);
    if (end == name || *end != '_' || v < 1 || v > 9999 || n < 5 ||
        strcmp(name + n - 4, ".sql") != 0)
        return 0;
    return (int)v;
}

/* The embedded migration of this backend's set (src/store/schema/ or
 * schema_pg/) with this version, or NULL. */
static const struct tdn_embedded *migration_find(const struct tdn_embedded *set, int version)
{
    for (const struct tdn_embedded *e = set; e->name; e++)
        if (migration_version(e->name) == version) return e;
    return NULL;
}

static int latest_of(const struct tdn_embedded *set)
{
    int v = 0;
    while (migration_find(set, v + 1))
        v++;
    return v;
}

int tdn_store_schema_latest(void)
{
    return latest_of(tdn_embedded_schema);
}

static const struct tdn_embedded *migrations(const tdn_store *s)
{
    return s->pg ? tdn_embedded_schema_pg : tdn_embedded_schema;
}

/* PostgreSQL keeps the schema version in a table (made under the write
 * lock, so two processes opening a new database at once are safe). */
#define PG_VERSION_TABLE "CREATE TABLE IF NOT EXISTS tdn_schema (version integer NOT NULL)"
#define PG_VERSION "SELECT coalesce(max(version), 0) FROM tdn_schema"

static int read_version(tdn_store *s, int64_t *version, tdn_err *err)
{
    bool found = false;
    return tdn_sq_int(s, err, &found, version, s->pg ? PG_VERSION : "PRAGMA user_version", "");
}

/* Runs migration m inside the caller's transaction and records its version. */
static int apply_migration(tdn_store *s, const struct tdn_embedded *m, int version, tdn_err *err)
{
    if (tdn_db_exec(s, (const char *)m->data) != TDN_OK)
        return tdn_err_set(err, TDN_ESYS, "storage: migration %s: %s", m->name, tdn_db_errmsg(s));
    char sql[80];
    snprintf(sql, sizeof sql,
             s->pg ? "INSERT INTO tdn_schema (version) VALUES (%d)" : "PRAGMA user_version = %d",
             version);
    if (tdn_db_exec(s, sql) != TDN_OK) return tdn_sq_fail(s, "migration version", err);
    return TDN_OK;
}

/* One migration in one transaction. The version is read again under the
 * write lock, because another process may have migrated meanwhile; *current
 * gets the version after the step. */
static int migrate_step(tdn_store *s, int target, int64_t *current, tdn_err *err)
{
    int rc = tdn_sq_begin(s, err);
    if (rc) return rc;
    rc = read_version(s, current, err);
    if (!rc && *current < target) {
        const struct tdn_embedded *m = migration_find(migrations(s), (int)*current + 1);
        rc = apply_migration(s, m, (int)*current + 1, err);
        if (!rc) ++*current;
    }
    return tdn_sq_end(s, rc, err);
}

static int migrate(tdn_store *s, int max_version, tdn_err *err)
{
    int64_t current = 0;
    int rc = TDN_OK;
    if (s->pg && !(rc = tdn_sq_begin(s, err)))
        rc = tdn_sq_end(s, tdn_db_exec(s, PG_VERSION_TABLE) ? tdn_sq_fail(s, "schema", err) : 0,
                        err);
    if (!rc) rc = read_version(s, &current, err);
    int latest = latest_of(migrations(s));
    if (!rc && !latest)
        rc = tdn_err_set(err, TDN_ESYS, "--db: this tdn was built without PostgreSQL migrations");
    int target = max_version > 0 && max_version < latest ? max_version : latest;
    while (!rc && current < target)
        rc = migrate_step(s, target, &current, err);
    if (!rc && current > latest)
        rc = tdn_err_set(err, TDN_ESYS,
                         "storage: the database has schema version %lld, newer than this tdn "
                         "knows (%d); use a newer tdn",
                         (long long)current, latest);
    s->version = (int)current;
    return rc;
}

/* ---- opening ---------------------------------------------------------- */

/* Durable settings of a new connection; returns the SQLite result code.
 * Temporary tables and sorts (a report groups every measure) stay in memory
 * instead of spilling to temporary files. */
static int configure(sqlite3 *db)
{
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    int code = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_exec(db,
                            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                            "PRAGMA temp_store = MEMORY",
                            NULL, NULL, NULL);
    return code;
}

/* Errors worth another try: another process is creating the same new
 * database (switching it to WAL can fail without waiting for the lock). */
static bool transient(int code)
{
    code &= 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_IOERR ||
           code == SQLITE_CANTOPEN;
}

/* SQLite's memory statistics take a process-wide mutex on every allocation
 * of every connection; tdn never reads them, and the server's threads would
 * queue on that mutex. Set once, before SQLite starts (ignored after). */
static void sqlite_settings(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int connect_db(tdn_store *s, const char *url, tdn_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_settings);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    for (int attempt = 1;; attempt++) {
        int code = sqlite3_open_v2(url, &s->db, flags, NULL);
        if (code == SQLITE_OK) code = configure(s->db);
        if (code == SQLITE_OK) return TDN_OK;
        if (attempt == CONNECT_ATTEMPTS || !transient(code))
            return tdn_err_set(err, TDN_ESYS, "--db: cannot open %s: %s", url,
                               s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(code));
        sqlite3_close(s->db);
        s->db = NULL;
        struct timespec pause = {0, 5000000L * attempt};
        nanosleep(&pause, NULL);
    }
}

/* A new database file is created readable by its owner only (0600) before
 * SQLite opens it: SQLite gives the -wal and -shm files the database file's
 * mode, so the patient records never sit in a world-readable file. An
 * existing file keeps its mode. */
static int create_private(const char *url, tdn_err *err)
{
    if (strcmp(url, ":memory:") == 0 || strncmp(url, "file:", 5) == 0) return TDN_OK;
    int fd = open(url, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST)
        return tdn_err_set(err, TDN_ESYS, "--db: cannot open %s: %s", url, strerror(errno));
    if (fd >= 0) close(fd);
    return TDN_OK;
}

/* The directory that will hold the database must exist (checked up front so
 * that a wrong path fails at once instead of being retried). */
static int check_dir(const char *url, tdn_err *err)
{
    char dir[4096];
    const char *slash = strrchr(url, '/');
    if (!slash) return TDN_OK;
    size_t n = (size_t)(slash - url);
    if (n >= sizeof dir) return tdn_err_set(err, TDN_EINPUT, "--db: path too long");
    memcpy(dir, url, n);
    dir[n ? n : 1] = '\0';
    if (!n) dir[0] = '/';
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return tdn_err_set(err, TDN_ESYS, "--db: cannot open %s: no directory %s", url, dir);
    return TDN_OK;
}

int tdn_store_open_version(tdn_store **out, const char *url, int max_version, tdn_err *err)
{
    *out = NULL;
    if (!url || !*url) return tdn_err_set(err, TDN_EINPUT, "--db: needs a file path");
    bool pg = tdn_store_is_postgres(url);
    int rc = pg ? TDN_OK : check_dir(url, err);
    if (!rc && !pg) rc = create_private(url, err);
    if (rc) return rc;
    tdn_store *s = calloc(1, sizeof *s);
    if (!s) return tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    s->stmts = &s->own_stmts;
    sem_init(&s->told, 0, 0);
    rc = pg ? tdn_pg_open(s, url, err) : connect_db(s, url, err);
    s->own_db = s->db;
    if (!rc) rc = migrate(s, max_version, err);
    if (rc) {
        tdn_store_close(s);
        return rc;
    }
    *out = s;
    return TDN_OK;
}

int tdn_store_open(tdn_store **out, const char *url, tdn_err *err)
{
    return tdn_store_open_version(out, url, 0, err);
}

void tdn_store_close(tdn_store *s)
{
    if (!s) return;
    tdn_sq_stmts_clear(&s->own_stmts);
    tdn_pg_close(s);
    sqlite3_close(s->own_db);
    sem_destroy(&s->told);
    free(s);
}

int tdn_store_schema_version(tdn_store *s)
{
    return s->version;
}
