/* bench_measures.h — the store's side of bench_store.c (SQLite) and
 * bench_pg.c (PostgreSQL): a clock, and n measures added through the store,
 * each one committed action (its checks, the row and its audit row). */
#ifndef TDN_BENCH_MEASURES_H
#define TDN_BENCH_MEASURES_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/store.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens the store at url, adds a patient and a session, then n measures;
 * returns the measures added per second. Exits 2 naming the error (as
 * program who). */
static double bench_measures(const char *who, const char *url, int n)
{
    tdn_store *s = NULL;
    tdn_err err = {0};
    tdn_act act = {"bench", 1795400000};
    tdn_patient p = {.name = "Bench Patient", .birth = "1980-01-01"};
    int64_t pid = 0, sid = 0;
    tdn_session in = {0};
    int rc = tdn_store_open(&s, url, &err);
    if (!rc) rc = tdn_store_patient_add(s, &act, &p, &pid, &err);
    in.patient_id = pid;
    if (!rc) rc = tdn_store_session_open(s, &act, &in, &sid, &err);
    double t0 = now_s();
    for (int i = 0; i < n && !rc; i++) {
        tdn_measure m = {.session_id = sid,
                         .phase = "pre",
                         .kind = "nprs",
                         .site = "temple",
                         .side = "R",
                         .value = i % 11,
                         .unit = "nprs"};
        rc = tdn_store_measure_add(s, &act, &m, NULL, &err);
    }
    double dt = now_s() - t0;
    tdn_store_close(s);
    if (rc) {
        fprintf(stderr, "%s: %s\n", who, err.msg);
        exit(2);
    }
    return n / dt;
}

#endif
