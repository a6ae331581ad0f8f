/* sqlite_int.h — private to the SQLite store (src/store/sqlite*.c): the
 * store struct, transactions, the audit helper and small helpers that bind
 * parameters and copy columns. Not for other layers: they use store.h.
 *
 * Binding: functions taking (types, ...) bind one argument per letter of
 * types, in order, to ?1, ?2, ...:
 *   'i' int64_t, 'n' int64_t where 0 binds NULL (optional ids),
 *   'o' int64_t where a negative value binds NULL (optional numbers),
 *   'd' double,  's' const char * (NULL binds NULL).
 * Every helper fills err (TDN_ESYS with the database's message) on failure.
 * Statements are db.h's tdn_db_stmt: no database library's types here. */
#ifndef TDN_SQLITE_INT_H
#define TDN_SQLITE_INT_H

#include <semaphore.h>

#include "store/db.h"
#include "store/store.h"

struct sqlite3;

/* Prepared statements kept for one connection, keyed by their SQL text
 * (the helpers' literal strings): parsing a statement costs more than
 * running most of them. Reset, not finalized, after each use. */
#define TDN_SQ_STMTS 64
typedef struct tdn_sq_stmts {
    int n;
    struct {
        const char *sql;
        tdn_db_stmt *st;
    } e[TDN_SQ_STMTS];
} tdn_sq_stmts;

struct tdn_store {
    struct sqlite3 *db;  /* the connection in use: own_db, or the group's inside a transaction */
    tdn_sq_stmts *stmts; /* the statements cached for db */
    struct sqlite3 *own_db;
    tdn_sq_stmts own_stmts;
    int version;                   /* schema version after migrations */
    struct tdn_pg *pg;             /* PostgreSQL (pg.c) instead of db when set */
    struct tdn_store_group *group; /* writes committed together with others' (sqlite_group.c) */
    struct tdn_store *next;        /* the next store waiting on the same group commit */
    sem_t told;                    /* posted when the group's commit of its work ended */
    tdn_err commit_err;            /* how that commit ended for this store */
    bool baton;                    /* told to write the group's queued audit rows */
};

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE). */
int tdn_sq_begin(tdn_store *s, tdn_err *err);
int tdn_sq_commit(tdn_store *s, tdn_err *err);
/* Rolls back (ignores errors); returns rc so callers can `return
 * tdn_sq_rollback(s, rc)`. */
int tdn_sq_rollback(tdn_store *s, int rc);
/* Ends the transaction begun by tdn_sq_begin: commits when rc is TDN_OK, else
 * rolls back; returns the final status. */
int tdn_sq_end(tdn_store *s, int rc, tdn_err *err);

/* A read transaction (BEGIN, deferred: one snapshot, no write lock) on the
 * store's own connection, also for a store joined to a group: a long read
 * (a report, a chart) never holds the write lock nor the group's batch.
 * Nothing may be written in it: audit after, with tdn_sq_audit_alone. */
int tdn_sq_read_begin(tdn_store *s, tdn_err *err);
/* Ends it (commit when rc is TDN_OK, else rollback); returns the final status. */
int tdn_sq_read_end(tdn_store *s, int rc, tdn_err *err);

/* The same for a store joined to a group (sqlite_group.c); tdn_sq_begin
 * and tdn_sq_end hand over to these. */
int tdn_sq_group_begin(tdn_store *s, tdn_err *err);
int tdn_sq_group_end(tdn_store *s, int rc, tdn_err *err);

/* A transaction given as a function: txn(on, ctx, err) does its work on
 * the connection on (never the caller's store: it may run on another
 * thread while the caller waits); an error rolls all of it back. */
typedef int (*tdn_sq_txn_fn)(struct tdn_store *on, void *ctx, tdn_err *err);

/* A queued job for the group (sqlite_group.c): the caller's, valid until
 * tdn_sq_group_queue returns. */
typedef struct tdn_sq_job {
    tdn_sq_txn_fn txn;
    void *ctx;
    struct tdn_store *s;     /* whose job: set by tdn_sq_group_queue */
    tdn_err err;             /* how it went (sqlite_group.c) */
    struct tdn_sq_job *next; /* the queue's next job */
} tdn_sq_job;
/* Queues job; whoever holds the group's connection (this caller, when it
 * is free) runs it, in its own savepoint of the open batch, without a turn
 * of its own. Returns when the batch's commit has ended, with the job's
 * outcome. For a store joined to a group, outside any transaction. */
int tdn_sq_group_queue(tdn_store *s, tdn_sq_job *job, tdn_err *err);

/* Runs txn all-or-nothing; TDN_OK means its changes are committed
 * (durable). Alone, between tdn_sq_begin and tdn_sq_end; in a group it is
 * queued (tdn_sq_group_queue): the group's connection, whose page cache
 * stays warm (SQLite drops a pooled connection's whole cache after any
 * other connection's commit), runs it beside the other queued work, and
 * the caller waits once (for the commit) instead of twice (for a turn,
 * then the commit). Keep long work (reports, long lists) out: the holder
 * runs it while every writer waits. */
int tdn_sq_transact(tdn_store *s, tdn_sq_txn_fn txn, void *ctx, tdn_err *err);

/* Sets err to TDN_ESYS "storage: <what>: <sqlite message>"; returns TDN_ESYS. */
int tdn_sq_fail(tdn_store *s, const char *what, tdn_err *err);

/* Prepares sql and binds the arguments; NULL on failure (err filled).
 * Release with tdn_db_finalize or tdn_sq_finish. */
tdn_db_stmt *tdn_sq_prepare(tdn_store *s, tdn_err *err, const char *sql, const char *types, ...);
/* The same from the connection's statement cache (sql compared as text; a
 * literal is quickest), used by tdn_sq_run, _insert and _int too: parsing a
 * statement costs more than running most of them. Give it back with
 * tdn_sq_finish (tdn_sq_list does), never tdn_db_finalize. */
tdn_db_stmt *tdn_sq_prepare_cached(tdn_store *s, tdn_err *err, const char *sql, const char *types,
                                   ...);
/* Resets a cached statement for its next use, or finalizes one that is not. */
void tdn_sq_finish(tdn_store *s, tdn_db_stmt *st);
/* Finalizes every cached statement of stmts (before closing their connection). */
void tdn_sq_stmts_clear(tdn_sq_stmts *stmts);
/* Runs a statement that returns no rows. */
int tdn_sq_run(tdn_store *s, tdn_err *err, const char *sql, const char *types, ...);
/* Runs an INSERT; *id gets the new row's id (column id; a table keyed by
 * another column ends the SQL with "RETURNING that_column"). */
int tdn_sq_insert(tdn_store *s, tdn_err *err, int64_t *id, const char *sql, const char *types, ...);
/* Runs a query whose first row's first column is an integer: *found is set to
 * whether a row came back and *value (may be NULL) to its value. */
int tdn_sq_int(tdn_store *s, tdn_err *err, bool *found, int64_t *value, const char *sql,
               const char *types, ...);

/* Appends to the audit (inside the caller's transaction). patient_id 0 and
 * record_id 0 store NULL. */
int tdn_sq_audit(tdn_store *s, const tdn_act *act, const char *action, const char *table,
                 int64_t record_id, int64_t patient_id, const char *detail, tdn_err *err);

/* tdn_sq_audit in a short write transaction of its own (after a read
 * transaction): the caller hands out what it read only when this succeeds. */
int tdn_sq_audit_alone(tdn_store *s, const tdn_act *act, const char *action, const char *table,
                       int64_t record_id, int64_t patient_id, const char *detail, tdn_err *err);
/* An audited read: read(on, ctx, err) reads one consistent snapshot and
 * the audit row (act, action, ...) is committed; TDN_OK only when both
 * succeeded (a failed read leaves no row). In a group, read and row are
 * one queued transaction (tdn_sq_transact); alone, the read runs in a read
 * transaction of the store's own, then the row in a write transaction. */
int tdn_sq_read_audited(tdn_store *s, tdn_sq_txn_fn read, void *ctx, const tdn_act *act,
                        const char *action, const char *table, int64_t record_id,
                        int64_t patient_id, const char *detail, tdn_err *err);

/* Copies column col (NULL becomes "") into dst of size cap; truncates only
 * if the schema allowed longer text than the struct, which checks prevent. */
void tdn_sq_text(tdn_db_stmt *st, int col, char *dst, size_t cap);
/* Column col as a malloc'd string (NULL column gives ""); NULL when out of memory. */
char *tdn_sq_strdup(tdn_db_stmt *st, int col);

/* Grows a malloc'd array of n elements of size elsize by one zeroed element
 * and returns it, or NULL when out of memory (the array stays valid). */
void *tdn_sq_grow(void **array, size_t *n, size_t *cap, size_t elsize);

/* Fills one array element from the current row; false when out of memory. */
typedef bool (*tdn_sq_row_fn)(tdn_db_stmt *st, void *el);
/* Steps st (prepared; NULL means preparing failed and err is set) to the end,
 * appending one element of elsize per row to a new array *out of *n elements,
 * and finalizes st. On error *out is NULL (free_el, may be NULL, releases
 * what row put in elements already made). */
int tdn_sq_list(tdn_store *s, tdn_db_stmt *st, tdn_sq_row_fn row, void (*free_el)(void *el),
                void **out, size_t *n, size_t elsize, tdn_err *err);

/* True when s is 64 lower-case hex digits (a SHA-256 as stored for web
 * sessions and invitation codes; sqlite_auth.c). */
bool tdn_sq_hex64(const char *s);

/* Checks that text is at most max bytes and not empty when required. */
int tdn_sq_check_len(const char *field, const char *text, size_t max, bool required, tdn_err *err);

/* True when the row with this id exists; *patient_id (may be NULL) gets the
 * row's patient (table must have patient_id, or be "patient"). */
int tdn_sq_patient_of(tdn_store *s, const char *table, int64_t id, int64_t *patient_id,
                      tdn_err *err);

/* Inserts a session row (state open) inside the caller's transaction, with
 * its audit row (sqlite_session.c; the needling open uses it too). */
int tdn_sq_session_insert(tdn_store *s, const tdn_act *act, const tdn_session *in, int64_t *id,
                          tdn_err *err);

/* Reads patient_id's chart into *c (zeroed by the caller) inside the caller's
 * transaction, without an audit row (sqlite_chart.c; the caller audits). */
int tdn_sq_chart_load(tdn_store *s, int64_t patient_id, tdn_chart *c, tdn_err *err);

/* Inserts a screening row with its audit row inside the caller's transaction
 * (sqlite_record.c; a reviewed intake records its screening with it). */
int tdn_sq_screening_insert(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *profile, const char *decision, const char *reasons,
                            int64_t *id, tdn_err *err);

/* Row readers shared by the per-record files (columns as each file's *_COLS). */
bool tdn_sq_session_row(tdn_db_stmt *st, void *el);
bool tdn_sq_patient_row(tdn_db_stmt *st, void *el); /* PATIENT_COLS */
#define TDN_SQ_USER_COLS                                                                           \
    "id, username, display_name, role, patient_id, failed_logins, locked_until, created, "         \
    "credentials"
bool tdn_sq_user_row(tdn_db_stmt *st, void *el); /* TDN_SQ_USER_COLS, a tdn_user */

#endif
