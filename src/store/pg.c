/* pg.c — the record store on PostgreSQL (libpq), for `--db postgresql://…`:
 * connecting (errors carry libpq's message, never the password),
 * reconnecting after the server went away, and transactions. Every
 * transaction takes one advisory lock of the database at BEGIN
 * (pg_advisory_xact_lock), so writers queue as SQLite's BEGIN IMMEDIATE
 * makes them queue, and the store's check-then-write logic holds across
 * processes; a BEGIN that meets a serialization failure or deadlock
 * (40001, 40P01) or a dropped connection is tried again, a bounded number
 * of times. Statements: pg_stmt.c; migrations: sqlite.c's runner with the
 * files of src/store/schema_pg/.
 *
 * Why only BEGIN is retried. A user action is one store call, and a store
 * call reads, decides and writes inside its one transaction; retrying a
 * failed statement alone would replay a decision made on what the aborted
 * transaction saw, so only the whole action could be re-run. It never needs
 * to be: every tdn transaction runs at READ COMMITTED, asked for at BEGIN
 * whatever the database's default_transaction_isolation says, and holds the
 * one advisory lock before its first read. At READ COMMITTED PostgreSQL
 * raises no serialization failure (40001), and each statement's snapshot is
 * taken after the lock, so it sees every earlier action committed (at
 * REPEATABLE READ the snapshot would predate the wait for the lock and
 * updates of the same row would fail with 40001). Two tdn transactions
 * never hold row locks while waiting for each other, so no deadlock (40P01)
 * either; only a session outside tdn that locks rows and then waits for
 * tdn's lock can deadlock with it, and then PostgreSQL aborts one side, the
 * action fails as a whole with nothing stored and the user sees the error.
 * tests/pg/concurrency.sh runs two servers on a database whose default is
 * SERIALIZABLE and checks that writers on the same session never fail. */
#include "store/pg_lib.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_int.h"
#include "store/sqlite_int.h"

#define CONNECT_TIMEOUT "10" /* seconds, unless the URL says otherwise */
#define WRITE_LOCK "7627118" /* the advisory lock key of tdn's transactions ("tdn") */
#define BEGIN_ATTEMPTS 4

bool tdn_store_is_postgres(const char *url)
{
    return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

/* The passwords a URL carries: in its user part (user:secret@host) and as a
 * password= parameter. Sets start[i] and len[i] (non-empty); returns how
 * many (0-2). */
static int url_passwords(const char *url, const char *start[2], size_t len[2])
{
    int n = 0;
    const char *auth = tdn_store_is_postgres(url) ? strstr(url, "://") + 3 : NULL;
    if (!auth) return 0;
    size_t user_part = strcspn(auth, "@/?");
    const char *colon = memchr(auth, ':', user_part);
    if (auth[user_part] == '@' && colon && colon + 1 < auth + user_part) {
        start[n] = colon + 1;
        len[n++] = (size_t)(auth + user_part - colon - 1);
    }
    for (const char *q = strchr(auth, '?'); q; q = strchr(q + 1, '&'))
        if (strncmp(q + 1, "password=", 9) == 0 && strcspn(q + 10, "&") > 0) {
            start[n] = q + 10;
            len[n++] = strcspn(q + 10, "&");
            break;
        }
    return n;
}

void tdn_store_url_shown(const char *url, char *out, size_t cap)
{
    const char *start[2];
    size_t len[2], o = 0;
    int n = url_passwords(url, start, len), k = 0;
    for (const char *p = url; *p && o + 1 < cap;) {
        if (k < n && p == start[k]) {
            size_t w = (size_t)snprintf(out + o, cap - o, "%s", "***");
            o = w < cap - o ? o + w : cap - 1;
            p += len[k++];
            continue;
        }
        out[o++] = *p++;
    }
    if (cap) out[o] = '\0';
}

/* Copies libpq's message into dst as one line, with every occurrence of
 * the URL's passwords starred out. */
static void clean_message(char *dst, size_t cap, const char *msg, const char *url)
{
    snprintf(dst, cap, "%s", msg ? msg : "unknown error");
    for (char *c = dst; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t') *c = ' ';
    size_t n = strlen(dst);
    while (n && dst[n - 1] == ' ')
        dst[--n] = '\0';
    const char *start[2];
    size_t len[2];
    for (int i = url_passwords(url, start, len) - 1; i >= 0; i--)
        for (char *p = dst; *p; p++)
            if (strncmp(p, start[i], len[i]) == 0) memset(p, '*', len[i]);
}

int tdn_pg_open(tdn_store *s, const char *url, tdn_err *err)
{
    int loaded = tdn_pq_load(err);
    if (loaded) return loaded;
    s->pg = calloc(1, sizeof *s->pg);
    if (!s->pg) return tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    const char *keys[] = {"connect_timeout", "client_encoding", "dbname", NULL};
    const char *values[] = {CONNECT_TIMEOUT, "UTF8", url, NULL};
    s->pg->conn = PQconnectdbParams(keys, values, 1);
    if (!s->pg->conn) return tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    if (PQstatus(s->pg->conn) == CONNECTION_OK) {
        PQclear(PQexec(s->pg->conn, "SET client_min_messages = warning"));
        return TDN_OK;
    }
    char msg[400];
    clean_message(msg, sizeof msg, PQerrorMessage(s->pg->conn), url);
    return tdn_err_set(err, TDN_ESYS, "--db: cannot connect to PostgreSQL: %s", msg);
}

void tdn_pg_close(tdn_store *s)
{
    if (!s->pg) return;
    tdn_pg_stmts_forget(s);
    PQfinish(s->pg->conn);
    free(s->pg);
    s->pg = NULL;
}

const char *tdn_pg_errmsg(tdn_store *s)
{
    clean_message(s->pg->msg, sizeof s->pg->msg, PQerrorMessage(s->pg->conn), "");
    return s->pg->msg;
}

bool tdn_pg_lost(tdn_store *s)
{
    return PQstatus(s->pg->conn) != CONNECTION_OK;
}

int64_t tdn_pg_changes(tdn_store *s)
{
    return s->pg->changes;
}

bool tdn_pg_in_transaction(tdn_store *s)
{
    PGTransactionStatusType t = PQtransactionStatus(s->pg->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

int tdn_pg_exec(tdn_store *s, const char *sql)
{
    PGconn *c = s->pg->conn;
    if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0) s->pg->in_tx = false;
    /* PostgreSQL answers COMMIT of a failed transaction by rolling it back */
    if (strcmp(sql, "COMMIT") == 0 && PQtransactionStatus(c) == PQTRANS_INERROR) {
        PQclear(PQexec(c, "ROLLBACK"));
        return TDN_ESYS;
    }
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    PQclear(r);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? TDN_OK : TDN_ESYS;
}

/* Whether a failed BEGIN is worth another try: the connection dropped (it
 * is reset first), or a serialization failure or deadlock. */
static bool retry_begin(tdn_store *s, const PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (PQstatus(s->pg->conn) != CONNECTION_OK) return true;
    return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

int tdn_pg_begin(tdn_store *s, tdn_err *err)
{
    PGconn *c = s->pg->conn;
    for (int attempt = 1;; attempt++) {
        if (PQstatus(c) != CONNECTION_OK) {
            PQreset(c);
            tdn_pg_stmts_forget(s);
            s->pg->in_tx = false;
            if (PQstatus(c) != CONNECTION_OK)
                return tdn_err_set(err, TDN_ESYS, "storage: database unavailable: %s",
                                   tdn_pg_errmsg(s));
        }
        PGresult *r = PQexec(
            c,
            "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" WRITE_LOCK ")");
        bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        bool again = !ok && attempt < BEGIN_ATTEMPTS && retry_begin(s, r);
        PQclear(r);
        if (ok) {
            s->pg->in_tx = true;
            return TDN_OK;
        }
        if (PQstatus(c) == CONNECTION_OK && tdn_pg_in_transaction(s))
            PQclear(PQexec(c, "ROLLBACK"));
        if (!again) return tdn_sq_fail(s, "begin", err);
    }
}
