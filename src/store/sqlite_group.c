/* sqlite_group.c — group commit for stores joined to a tdn_store_group
 * (store.h). The group owns one connection and one shared transaction on it
 * (a batch). A joined store's tdn_sq_begin waits for its turn, opens the
 * batch if none is open (BEGIN IMMEDIATE) and takes a savepoint; its
 * tdn_sq_end releases the savepoint (or rolls back to it: only this store's
 * changes go) and then either hands the connection to a store that is
 * waiting for its turn, or, when none waits (or the batch is full), commits
 * the batch: one fsync for every transaction in it. A store whose changes
 * are in the batch returns only when the commit has ended, with the commit's
 * error when it failed. Nothing here decides what is written. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_int.h"

#define BATCH_MAX 64 /* transactions per commit at most, so a busy server still commits */
#define SAVEPOINT "tdn_act"

/* The statements every transaction runs on the group's connection, prepared
 * once (sqlite3_exec would parse them again for each request). */
enum { CTL_BEGIN, CTL_SAVEPOINT, CTL_RELEASE, CTL_COMMIT, CTL_N };
static const char *const ctl_sql[CTL_N] = {"BEGIN IMMEDIATE", "SAVEPOINT " SAVEPOINT,
                                           "RELEASE " SAVEPOINT, "COMMIT"};

struct tdn_store_group {
    tdn_store *w; /* the connection every joined store's transactions run on */
    pthread_mutex_t m;
    pthread_cond_t turn; /* busy went false */
    pthread_cond_t done; /* a commit ended */
    bool busy;           /* a store's transaction runs on w, or w is committing */
    bool open;           /* w has the batch's transaction open */
    int wanting;         /* stores waiting in begin for their turn */
    int in_batch;        /* transactions run in the open batch */
    tdn_store *members;  /* stores whose changes are in the open batch, waiting for its commit */
    sqlite3_stmt *ctl[CTL_N];
};

int tdn_store_group_open(tdn_store_group **out, const char *url, tdn_err *err)
{
    *out = NULL;
    /* PostgreSQL commits each transaction itself (no group): its connection
     * would only be held open, unused, for as long as the server runs */
    if (tdn_store_is_postgres(url)) return TDN_OK;
    tdn_store_group *g = calloc(1, sizeof *g);
    if (!g) return tdn_err_set(err, TDN_ESYS, "storage: out of memory");
    int rc = tdn_store_open(&g->w, url, err);
    if (rc) {
        free(g);
        return rc;
    }
    pthread_mutex_init(&g->m, NULL);
    pthread_cond_init(&g->turn, NULL);
    pthread_cond_init(&g->done, NULL);
    for (int i = 0; i < CTL_N; i++)
        if (sqlite3_prepare_v2(g->w->db, ctl_sql[i], -1, &g->ctl[i], NULL) != SQLITE_OK) {
            rc = tdn_sq_fail(g->w, "open", err);
            tdn_store_group_close(g);
            return rc;
        }
    *out = g;
    return TDN_OK;
}

void tdn_store_group_close(tdn_store_group *g)
{
    if (!g) return;
    for (int i = 0; i < CTL_N; i++)
        sqlite3_finalize(g->ctl[i]);
    tdn_store_close(g->w);
    pthread_mutex_destroy(&g->m);
    pthread_cond_destroy(&g->turn);
    pthread_cond_destroy(&g->done);
    free(g);
}

void tdn_store_join(tdn_store *s, tdn_store_group *g)
{
    if (!s->pg) s->group = g; /* PostgreSQL commits each transaction itself */
}

static bool exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static bool ctl(tdn_store_group *g, int which)
{
    sqlite3_stmt *st = g->ctl[which];
    int code = sqlite3_step(st);
    sqlite3_reset(st);
    return code == SQLITE_DONE;
}

/* Ends the batch (m held, busy set): tells every member how its commit
 * ended (ok, or err) and frees the connection. */
static void batch_ended(tdn_store_group *g, const tdn_err *err)
{
    for (tdn_store *s = g->members; s; s = s->next) {
        s->commit_err = *err;
        s->waiting = false;
    }
    g->members = NULL;
    g->open = false;
    g->in_batch = 0;
    g->busy = false;
    pthread_cond_broadcast(&g->done);
    pthread_cond_signal(&g->turn); /* whoever waits for the turn: one can take it */
}

/* Commits the open batch (m held, busy set); m is let go during the fsync,
 * so that other stores can queue for the next batch meanwhile. */
static void commit_batch(tdn_store_group *g)
{
    tdn_err err = {0};
    pthread_mutex_unlock(&g->m);
    if (!ctl(g, CTL_COMMIT)) {
        tdn_sq_fail(g->w, "commit", &err);
        if (!sqlite3_get_autocommit(g->w->db)) exec(g->w->db, "ROLLBACK");
    }
    pthread_mutex_lock(&g->m);
    batch_ended(g, &err);
}

/* After a transaction has run (m held, busy set): let the next waiting
 * store add its transaction to the batch, or commit the batch when nobody
 * waits or it is full. */
static void hand_over(tdn_store_group *g)
{
    if (!g->open || (g->wanting > 0 && g->in_batch < BATCH_MAX)) {
        g->busy = false;
        pthread_cond_signal(&g->turn);
    } else {
        commit_batch(g);
    }
}

/* Opens the batch if needed and takes this transaction's savepoint (busy
 * set, m not held). */
static int start(tdn_store_group *g, bool *opened, tdn_err *err)
{
    *opened = false;
    if (!g->open) {
        if (!ctl(g, CTL_BEGIN)) return tdn_sq_fail(g->w, "begin", err);
        *opened = true;
    }
    if (!ctl(g, CTL_SAVEPOINT)) return tdn_sq_fail(g->w, "begin", err);
    return TDN_OK;
}

int tdn_sq_group_begin(tdn_store *s, tdn_err *err)
{
    tdn_store_group *g = s->group;
    pthread_mutex_lock(&g->m);
    g->wanting++;
    while (g->busy)
        pthread_cond_wait(&g->turn, &g->m);
    g->wanting--;
    g->busy = true;
    pthread_mutex_unlock(&g->m);
    bool opened = false;
    int rc = start(g, &opened, err);
    pthread_mutex_lock(&g->m);
    if (opened) g->open = true;
    if (rc) {
        hand_over(g); /* the batch, if open, still holds others' work */
        pthread_mutex_unlock(&g->m);
        return rc;
    }
    g->in_batch++;
    pthread_mutex_unlock(&g->m);
    s->db = g->w->db;
    s->stmts = g->w->stmts;
    return TDN_OK;
}

/* Keeps (rc TDN_OK) or undoes this store's savepoint; returns the outcome. */
static int finish(tdn_store *s, int rc, tdn_err *err)
{
    if (rc == TDN_OK && !ctl(s->group, CTL_RELEASE)) rc = tdn_sq_fail(s, "commit", err);
    if (rc != TDN_OK && !sqlite3_get_autocommit(s->db)) {
        exec(s->db, "ROLLBACK TO " SAVEPOINT);
        exec(s->db, "RELEASE " SAVEPOINT);
    }
    return rc;
}

int tdn_sq_group_end(tdn_store *s, int rc, tdn_err *err)
{
    tdn_store_group *g = s->group;
    rc = finish(s, rc, err);
    /* SQLite rolls back the whole transaction after some errors (disk full,
     * I/O): then the batch's earlier transactions are gone too */
    bool lost = sqlite3_get_autocommit(s->db);
    s->db = s->own_db;
    s->stmts = &s->own_stmts;
    pthread_mutex_lock(&g->m);
    if (rc == TDN_OK && !lost) {
        s->waiting = true;
        s->next = g->members;
        g->members = s;
    }
    if (lost) {
        tdn_err gone = {0};
        tdn_err_set(&gone, TDN_ESYS, "storage: commit: the transaction was rolled back");
        batch_ended(g, &gone);
    } else {
        hand_over(g);
    }
    while (s->waiting)
        pthread_cond_wait(&g->done, &g->m);
    pthread_mutex_unlock(&g->m);
    if (rc == TDN_OK && lost)
        return tdn_err_set(err, TDN_ESYS, "storage: commit: the transaction was rolled back");
    if (rc == TDN_OK && s->commit_err.status) *err = s->commit_err;
    return rc == TDN_OK ? s->commit_err.status : rc;
}
