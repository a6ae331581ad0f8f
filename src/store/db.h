/* db.h — the store's backend-neutral statement interface, private to
 * src/store/: the per-record files (sqlite_*.c) step statements and read
 * columns through it, never through a database library, so the same code
 * runs on SQLite and PostgreSQL. Statements come from the tdn_sq_* helpers
 * of sqlite_int.h (which bind the parameters); columns count from 0. */
#ifndef TDN_DB_H
#define TDN_DB_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tdn_store tdn_store;
/* A prepared statement with its parameters bound, and its current row. */
typedef struct tdn_db_stmt tdn_db_stmt;

enum {
    TDN_DB_DONE = 0, /* no more rows (or a statement without rows has run) */
    TDN_DB_ROW = 1,  /* a row is ready for the column readers */
    TDN_DB_ERROR = -1
};

/* Runs the statement on its first call, then moves to the next row. */
int tdn_db_step(tdn_db_stmt *st);
/* Column col of the current row; SQL NULL reads as 0, 0.0 and NULL. */
int64_t tdn_db_int64(tdn_db_stmt *st, int col);
int tdn_db_int(tdn_db_stmt *st, int col);
double tdn_db_double(tdn_db_stmt *st, int col);
/* Valid until the next step or the statement's release. */
const char *tdn_db_text(tdn_db_stmt *st, int col);
bool tdn_db_is_null(tdn_db_stmt *st, int col);
int tdn_db_column_count(tdn_db_stmt *st);
const char *tdn_db_column_name(tdn_db_stmt *st, int col);
/* Releases a statement made by tdn_sq_prepare (cached ones: tdn_sq_finish). */
void tdn_db_finalize(tdn_db_stmt *st);

/* Rows changed by the last INSERT, UPDATE or DELETE run on s. */
int64_t tdn_db_changes(tdn_store *s);
/* Runs sql (one or more statements, no parameters, no rows wanted); TDN_OK
 * or TDN_ESYS. */
int tdn_db_exec(tdn_store *s, const char *sql);
/* True while s is inside a transaction. */
bool tdn_db_in_transaction(tdn_store *s);
/* The last error message of s's connection. */
const char *tdn_db_errmsg(tdn_store *s);

#endif
