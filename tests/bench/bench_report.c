/* bench_report.c — `make bench`: the three practice-based evidence reports
 * (issue 11) over a clinic of TDN_BENCH_SESSIONS sessions (default 100,000;
 * 2 needles, 4 measures each, an adverse event in every 10th, 1,000
 * episodes), each timed through the store, beside a plain SELECT count(*)
 * FROM session in the same run, with the ratio, and the CPU time each took. The clinic is written
 * with raw SQLite in one transaction (it is the reading that is measured). The issue's target:
 * every report under a second. TDN_BENCH_DB=<file> keeps the clinic in that file and, when it
 * exists already, reports on it instead of building it again (to study its query plans). */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* This process's CPU time: what a report costs when the machine is busy
 * with other work and the wall clock says little. */
static double cpu_s(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void must(int rc, sqlite3 *db)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        fprintf(stderr, "bench_report: %s\n", sqlite3_errmsg(db));
        exit(2);
    }
}

static void step(sqlite3 *db, sqlite3_stmt *st)
{
    must(sqlite3_step(st), db);
    sqlite3_reset(st);
}

static void fill(const char *path, int n)
{
    sqlite3 *db = NULL;
    must(sqlite3_open(path, &db), db);
    must(sqlite3_exec(db,
                      "BEGIN; INSERT INTO patient VALUES (1, 'Bench', '1980-01-01', NULL, 1);"
                      "WITH RECURSIVE e(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM e WHERE i < "
                      "1000) INSERT INTO episode (id, patient_id, condition, icd10, opened) "
                      "SELECT i, 1, 'migraine', 'G43.909', 1 FROM e;",
                      NULL, NULL, NULL),
         db);
    sqlite3_stmt *ses, *nee, *mea, *ae;
    sqlite3_prepare_v2(db,
                       "INSERT INTO session (id, patient_id, episode_id, clinician, "
                       "opened_at) VALUES (?1, 1, ?2, 'drlee', ?3)",
                       -1, &ses, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO needle (session_id, number, muscle, side, technique, "
                       "inserted_at) VALUES (?1, ?2, 'upper_trapezius', 'R', 'deep', 1)",
                       -1, &nee, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO measure (session_id, phase, kind, site, side, value, "
                       "unit, recorded_at) VALUES (?1, ?2, ?3, 'upper_trapezius', ?4, ?5, "
                       "'kg/cm2', ?6)",
                       -1, &mea, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO adverse_event (session_id, kind, severity, onset, "
                       "recorded_at) VALUES (?1, 'bruising', 'mild', 1, 1)",
                       -1, &ae, NULL);
    for (int i = 1; i <= n; i++) {
        sqlite3_bind_int(ses, 1, i);
        sqlite3_bind_int(ses, 2, 1 + i % 1000);
        sqlite3_bind_int64(ses, 3, 1700000000 + (int64_t)i * 600);
        step(db, ses);
        for (int k = 1; k <= 2; k++) {
            sqlite3_bind_int(nee, 1, i);
            sqlite3_bind_int(nee, 2, k);
            step(db, nee);
        }
        for (int k = 0; k < 4; k++) {
            sqlite3_bind_int(mea, 1, i);
            sqlite3_bind_text(mea, 2, k < 2 ? "pre" : "post", -1, SQLITE_STATIC);
            sqlite3_bind_text(mea, 3, "ppt", -1, SQLITE_STATIC);
            sqlite3_bind_text(mea, 4, k % 2 ? "L" : "R", -1, SQLITE_STATIC);
            sqlite3_bind_double(mea, 5, 2 + (k >= 2) * (k % 2 ? 0.2 : 0.5 + (i % 7) / 10.0));
            sqlite3_bind_int64(mea, 6, 1700000000 + (int64_t)i * 600 + k);
            step(db, mea);
        }
        if (i % 10 == 0) {
            sqlite3_bind_int(ae, 1, i);
            step(db, ae);
        }
    }
    sqlite3_finalize(ses);
    sqlite3_finalize(nee);
    sqlite3_finalize(mea);
    sqlite3_finalize(ae);
    must(sqlite3_exec(db, "COMMIT; ANALYZE", NULL, NULL, NULL), db);
    sqlite3_close(db);
}

static double baseline(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    must(sqlite3_open(path, &db), db);
    double t0 = now_s();
    sqlite3_prepare_v2(db, "SELECT count(*) FROM session", -1, &st, NULL);
    must(sqlite3_step(st) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR, db);
    double dt = now_s() - t0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return dt;
}

int main(void)
{
    const char *env = getenv("TDN_BENCH_SESSIONS"), *keep = getenv("TDN_BENCH_DB");
    int n = env ? atoi(env) : 100000;
    char dir[] = "/tmp/tdn-bench-report-XXXXXX", path[4096];
    if (n < 1 || (!keep && !mkdtemp(dir))) return 2;
    snprintf(path, sizeof path, "%s%s", keep ? keep : dir, keep ? "" : "/b.db");
    bool reuse = keep && access(path, F_OK) == 0;
    tdn_store *s = NULL;
    tdn_err err = {0};
    if (tdn_store_open(&s, path, &err)) return 2;
    if (!reuse) fill(path, n);
    tdn_act act = {"bench", 1795400000};
    tdn_report_filter f = {.from = -1, .to = -1};
    double base = baseline(path), t[3], cpu[3];
    tdn_safety_counts sc;
    tdn_outcome_counts oc;
    tdn_split_value *sv = NULL;
    size_t nsv = 0;
    double t0 = now_s(), c0 = cpu_s();
    int rc = tdn_store_report_safety(s, &act, &f, &sc, &err);
    t[0] = now_s() - t0;
    cpu[0] = cpu_s() - c0;
    t0 = now_s();
    c0 = cpu_s();
    rc = rc ? rc : tdn_store_report_outcomes(s, &act, &f, &oc, &err);
    t[1] = now_s() - t0;
    cpu[1] = cpu_s() - c0;
    t0 = now_s();
    c0 = cpu_s();
    rc = rc ? rc : tdn_store_report_split(s, &act, &f, &sv, &nsv, &err);
    t[2] = now_s() - t0;
    cpu[2] = cpu_s() - c0;
    if (rc) {
        fprintf(stderr, "bench_report: %s\n", err.msg);
        return 2;
    }
    printf("bench_report: %d sessions (%lld treatments, %lld needles); SELECT count(*) %.4f s\n", n,
           (long long)sc.sessions, (long long)sc.needles, base);
    const char *names[3] = {"safety", "outcomes", "split-body"};
    for (int i = 0; i < 3; i++)
        printf("bench_report: %-10s %.3f s (%.0f x the count; %.3f s of CPU)\n", names[i], t[i],
               base > 0 ? t[i] / base : 0, cpu[i]);
    tdn_safety_counts_free(&sc);
    tdn_outcome_counts_free(&oc);
    free(sv);
    tdn_store_close(s);
    if (keep) return 0;
    char p[4200];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}
