/* db_int.h — private to the store's backends (sqlite.c, pg.c, pg_stmt.c):
 * what a tdn_db_stmt (db.h) holds, and the PostgreSQL backend's entry points
 * that sqlite.c hands over to when a store is on PostgreSQL (s->pg set).
 * The per-record files never look inside. */
#ifndef TDN_DB_INT_H
#define TDN_DB_INT_H

#include <stdarg.h>

#include "core/err.h"
#include "store/db.h"

struct sqlite3_stmt;
struct pg_result;

#define TDN_PG_PARAMS 32 /* parameters of one statement at most */

struct tdn_db_stmt {
    tdn_store *s;            /* the store it was prepared on */
    struct sqlite3_stmt *sq; /* SQLite: the statement; NULL on PostgreSQL */
    bool cached;             /* kept in the connection's cache: reset after use, not freed */
    /* PostgreSQL (pg_stmt.c): executed on the first step, all rows fetched */
    char name[16];                     /* the connection's prepared statement, or "" */
    char *sql;                         /* the translated SQL when not prepared */
    int nparams;                       /* parameters bound, as text (NULL for SQL NULL) */
    char *params[TDN_PG_PARAMS];       /* malloc'd */
    unsigned int types[TDN_PG_PARAMS]; /* their type oids */
    struct pg_result *res;
    int row, nrows;
    bool ran, failed;
};

/* A store's PostgreSQL connection (s->pg) with the statements prepared on
 * it, named "tdn<index>" and keyed by the helpers' SQL (a literal string). */
#define TDN_PG_STMTS 256
struct pg_conn;
typedef struct tdn_pg {
    struct pg_conn *conn;
    int64_t changes; /* rows of the last INSERT, UPDATE or DELETE */
    bool in_tx;      /* inside a transaction begun by tdn_pg_begin */
    char msg[512];   /* the last error, one line */
    int n;
    struct {
        const char *sql; /* as the helper gave it */
        char *text;      /* translated (malloc'd): a reused buffer must match too */
    } stmts[TDN_PG_STMTS];
} tdn_pg;

/* Rewrites SQLite's numbered placeholders ?N as PostgreSQL's $N outside
 * string literals ('...'), quoted identifiers ("...") and comments (-- ...);
 * a bare ? becomes the next number; SQLite's instr( becomes strpos(. Appends " RETURNING id" when
 * returning. Returns a malloc'd string, or NULL when out of memory. */
char *tdn_pg_translate(const char *sql, bool returning);

/* pg.c: connection, transactions. */
int tdn_pg_open(tdn_store *s, const char *url, tdn_err *err);
void tdn_pg_close(tdn_store *s);
int tdn_pg_begin(tdn_store *s, tdn_err *err);
/* True when the connection has dropped (the server went away). */
bool tdn_pg_lost(tdn_store *s);
int64_t tdn_pg_changes(tdn_store *s);
int tdn_pg_exec(tdn_store *s, const char *sql);
bool tdn_pg_in_transaction(tdn_store *s);
const char *tdn_pg_errmsg(tdn_store *s);

/* pg_stmt.c: statements (binding letters as sqlite_int.h's). */
tdn_db_stmt *tdn_pg_prepare(tdn_store *s, tdn_err *err, bool use_cache, bool returning,
                            const char *sql, const char *types, va_list ap);
int tdn_pg_step(tdn_db_stmt *st);
const char *tdn_pg_value(tdn_db_stmt *st, int col); /* NULL for SQL NULL */
int tdn_pg_column_count(tdn_db_stmt *st);
const char *tdn_pg_column_name(tdn_db_stmt *st, int col);
void tdn_pg_finalize(tdn_db_stmt *st);
/* Forgets the connection's prepared statements (after a reconnect). */
void tdn_pg_stmts_forget(tdn_store *s);

#endif
