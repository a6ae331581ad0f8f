/* bench_store.c — `make bench`: durable single-action writes per second
 * through the record store (tdn_store_measure_add: one transaction with the
 * measure, its checks and its audit row, fsync'd) against raw SQLite
 * single-row INSERT commits with the same pragmas (WAL, synchronous=FULL) on
 * the same disk in the same run. Prints both and their ratio.
 * TDN_BENCH_WRITES=N sets the number of writes (default 1000). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_measures.h"

static double bench_raw(const char *path, int n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                     "PRAGMA foreign_keys = ON; CREATE TABLE t (id INTEGER PRIMARY KEY, v REAL)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO t (v) VALUES (?1)", -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_store: raw: %s\n", sqlite3_errmsg(db));
        exit(2);
    }
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        sqlite3_bind_double(st, 1, i % 11);
        if (sqlite3_step(st) != SQLITE_DONE) exit(2);
        sqlite3_reset(st);
    }
    double dt = now_s() - t0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n / dt;
}

static void remove_db(const char *path)
{
    char p[256];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

int main(void)
{
    const char *env = getenv("TDN_BENCH_WRITES");
    int n = env && atoi(env) > 0 ? atoi(env) : 1000;
    char dir[] = "/tmp/tdn-bench-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/store.db", dir);
    snprintf(b, sizeof b, "%s/raw.db", dir);
    /* alternate so that neither side gets the quieter disk */
    double raw1 = bench_raw(b, n / 2);
    double store1 = bench_measures("bench_store", a, n / 2);
    remove_db(a);
    remove_db(b);
    double store2 = bench_measures("bench_store", a, n / 2);
    double raw2 = bench_raw(b, n / 2);
    remove_db(a);
    remove_db(b);
    rmdir(dir);
    double store = (store1 + store2) / 2, raw = (raw1 + raw2) / 2;
    printf("store writes: %.0f committed actions/s (measure add: checks + row + audit, "
           "synchronous=FULL, %d writes)\n",
           store, n);
    printf("raw SQLite:   %.0f single-row INSERT commits/s (same pragmas)\n", raw);
    printf("ratio store/raw: %.2f\n", store / raw);
    return 0;
}
