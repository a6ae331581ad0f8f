/* store_fixture.h — a fresh record store in a private temporary directory
 * for unit tests, plus raw SQLite access to check what was written. */
#ifndef TDN_STORE_FIXTURE_H
#define TDN_STORE_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

typedef struct store_fixture {
    char dir[64];
    char path[96];
    tdn_store *s;
    tdn_act act;
} store_fixture;

/* Makes the directory and opens the store (all migrations); 0 on success. */
static inline int fixture_open(store_fixture *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/tdn-test-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    f->act = (tdn_act){"tester", 1700000000};
    tdn_err err = {0};
    if (tdn_store_open(&f->s, f->path, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static inline void fixture_close(store_fixture *f)
{
    char p[128];
    tdn_store_close(f->s);
    f->s = NULL;
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
        unlink(p);
    }
    rmdir(f->dir);
}

/* The integer result of sql on a separate raw connection (-1 on error). */
static inline long long fixture_int(const store_fixture *f, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open(f->path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Runs sql on a raw connection; returns the SQLite result code. */
static inline int fixture_exec(const store_fixture *f, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(f->path, &db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* Total number of rows over every record table (to prove nothing was written). */
static inline long long fixture_rows(const store_fixture *f)
{
    return fixture_int(f, "SELECT (SELECT count(*) FROM patient) + (SELECT count(*) FROM \"user\") "
                          "+ (SELECT count(*) FROM consent) + (SELECT count(*) FROM screening) + "
                          "(SELECT count(*) FROM episode) + (SELECT count(*) FROM session) + "
                          "(SELECT count(*) FROM finding) + (SELECT count(*) FROM measure) + "
                          "(SELECT count(*) FROM adverse_event) + (SELECT count(*) FROM diary) + "
                          "(SELECT count(*) FROM pain_map) + (SELECT count(*) FROM audit)");
}

static inline tdn_patient fixture_patient(const char *name)
{
    tdn_patient p = {0};
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.birth, sizeof p.birth, "1980-05-17");
    return p;
}

#endif
