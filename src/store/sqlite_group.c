/* sqlite_group.c — group commit for stores joined to a tdn_store_group
 * (store.h). The group owns one connection and one shared transaction on it
 * (a batch). A joined store's tdn_sq_begin waits for its turn, opens the
 * batch if none is open (BEGIN IMMEDIATE) and takes a savepoint; its
 * tdn_sq_end releases the savepoint (or rolls back to it: only this store's
 * changes go) and then either hands the connection to a store that is
 * waiting for its turn, or, when none waits (or the batch is full), commits
 * the batch: one fsync for every transaction in it. A store whose changes
 * are in the batch returns only when the commit has ended, with the commit's
 * error when it failed.
 *
 * A queued job (tdn_sq_group_queue: a transaction given as a function,
 * tdn_sq_transact) takes no turn: whoever holds the connection next runs
 * every queued job back to back, each in its own savepoint of the batch (a
 * caller that finds the connection free runs the queue itself, and jobs
 * queued meanwhile go to one of their callers). Its caller still returns
 * only when the batch's commit has ended: one wait instead of two (a turn,
 * then the commit), and no hand-over between threads while the connection
 * runs queued work.
 * Nothing here decides what is written. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
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
    bool busy;           /* a store's transaction runs on w, or w is committing */
    /* m guards the fields above and below; open, in_batch and members are
     * touched only by the thread that holds the connection (set busy) */
    bool open;          /* w has the batch's transaction open */
    int wanting;        /* stores waiting in begin for their turn */
    int in_batch;       /* transactions run in the open batch */
    tdn_store *members; /* stores whose changes are in the open batch, waiting for its commit */
    tdn_sq_job *queued; /* jobs waiting to be run (tdn_sq_job), newest first */
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

/* Tells s, waiting in wait_told, how its work ended (ok, or err): each
 * store is woken alone, not every waiter by one broadcast. */
static void tell(tdn_store *s, const tdn_err *err)
{
    s->commit_err = *err;
    sem_post(&s->told);
}

static void wait_told(tdn_store *s)
{
    while (sem_wait(&s->told) != 0 && errno == EINTR) {
    }
}

/* Ends the batch (busy set; m held or not: members, open and in_batch are
 * the holder's): tells every member how its commit ended (ok, or err). The
 * connection stays busy: see hand_over. */
static void batch_ended(tdn_store_group *g, const tdn_err *err)
{
    for (tdn_store *s = g->members, *next; s; s = next) {
        next = s->next; /* s may go on as soon as it is told */
        tell(s, err);
    }
    g->members = NULL;
    g->open = false;
    g->in_batch = 0;
}

/* Commits the open batch (m held, busy set); m is let go during the fsync
 * and the wake-ups of its members, so that other stores can queue for the
 * next batch meanwhile. */
static void commit_batch(tdn_store_group *g)
{
    tdn_err err = {0};
    pthread_mutex_unlock(&g->m);
    if (!ctl(g, CTL_COMMIT)) {
        tdn_sq_fail(g->w, "commit", &err);
        if (!sqlite3_get_autocommit(g->w->db)) exec(g->w->db, "ROLLBACK");
    }
    batch_ended(g, &err); /* before taking m again: waking the members needs no lock */
    pthread_mutex_lock(&g->m);
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

/* Keeps (rc TDN_OK) or undoes the savepoint just taken on the group's
 * connection; returns the outcome. */
static int end_savepoint(tdn_store_group *g, int rc, tdn_err *err)
{
    if (rc == TDN_OK && !ctl(g, CTL_RELEASE)) rc = tdn_sq_fail(g->w, "commit", err);
    if (rc != TDN_OK && !sqlite3_get_autocommit(g->w->db)) {
        exec(g->w->db, "ROLLBACK TO " SAVEPOINT);
        exec(g->w->db, "RELEASE " SAVEPOINT);
    }
    return rc;
}

/* Runs the queued jobs (busy set, m not held), each in its own savepoint
 * of the batch (opened here if none is): one that fails is rolled back
 * alone and keeps its error. Stops when one ended the batch's transaction
 * (an I/O error): the caller tells every job the batch is gone. */
static void run_queued(tdn_store_group *g, tdn_sq_job *q, bool *opened)
{
    *opened = false;
    if (!g->open) {
        tdn_err err = {0};
        if (!ctl(g, CTL_BEGIN)) {
            tdn_sq_fail(g->w, "begin", &err);
            for (; q; q = q->next)
                q->err = err;
            return;
        }
        *opened = true;
    }
    for (; q && !sqlite3_get_autocommit(g->w->db); q = q->next) {
        if (!ctl(g, CTL_SAVEPOINT))
            tdn_sq_fail(g->w, "begin", &q->err);
        else
            end_savepoint(g, q->txn(g->w, q->ctx, &q->err), &q->err);
    }
}

/* Adds the queued jobs to the open batch (m held, busy set; m is let go
 * while they run): their callers wait for its commit, or are told at once
 * when theirs failed. */
static void flush_queued(tdn_store_group *g)
{
    tdn_sq_job *q = g->queued;
    g->queued = NULL;
    pthread_mutex_unlock(&g->m);
    bool opened = false;
    run_queued(g, q, &opened);
    bool lost = sqlite3_get_autocommit(g->w->db); /* the batch's earlier work went too */
    tdn_err gone = {0};
    tdn_err_set(&gone, TDN_ESYS, "storage: commit: the transaction was rolled back");
    pthread_mutex_lock(&g->m);
    if (opened) g->open = true;
    for (tdn_sq_job *next; q; q = next) {
        next = q->next; /* q is gone once its writer is told */
        if (q->err.status || lost) {
            tell(q->s, q->err.status ? &q->err : &gone);
        } else {
            q->s->next = g->members;
            g->members = q->s;
            g->in_batch++;
        }
    }
    if (lost && g->open) batch_ended(g, &gone);
}

/* After a transaction has run (m held, busy set): runs the queued jobs,
 * then lets the next waiting store add its transaction to the batch,
 * or commits the batch when nobody waits or it is full. Jobs queued during
 * that commit are left to one of their own callers (the baton), so no
 * thread keeps running others' jobs while its own answer waits. */
static void hand_over(tdn_store_group *g)
{
    if (g->queued) flush_queued(g);
    if (g->open && !(g->wanting > 0 && g->in_batch < BATCH_MAX)) commit_batch(g);
    if (g->queued && g->wanting == 0) {
        tdn_store *next = g->queued->s; /* the connection stays busy: it is theirs now */
        next->baton = true;
        sem_post(&next->told);
        return;
    }
    g->busy = false;
    pthread_cond_signal(&g->turn);
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
    /* open and in_batch belong to whoever holds the connection (busy): no lock */
    if (opened) g->open = true;
    if (rc) {
        pthread_mutex_lock(&g->m);
        hand_over(g); /* the batch, if open, still holds others' work */
        pthread_mutex_unlock(&g->m);
        return rc;
    }
    g->in_batch++;
    s->db = g->w->db;
    s->stmts = g->w->stmts;
    return TDN_OK;
}

int tdn_sq_group_end(tdn_store *s, int rc, tdn_err *err)
{
    tdn_store_group *g = s->group;
    rc = end_savepoint(g, rc, err); /* only this store's changes go */
    /* SQLite rolls back the whole transaction after some errors (disk full,
     * I/O): then the batch's earlier transactions are gone too */
    bool lost = sqlite3_get_autocommit(s->db);
    s->db = s->own_db;
    s->stmts = &s->own_stmts;
    bool member = rc == TDN_OK && !lost;
    pthread_mutex_lock(&g->m);
    if (member) {
        s->next = g->members;
        g->members = s;
    }
    if (lost) {
        tdn_err gone = {0};
        tdn_err_set(&gone, TDN_ESYS, "storage: commit: the transaction was rolled back");
        batch_ended(g, &gone);
    }
    hand_over(g);
    pthread_mutex_unlock(&g->m);
    if (member) wait_told(s);
    if (rc == TDN_OK && lost)
        return tdn_err_set(err, TDN_ESYS, "storage: commit: the transaction was rolled back");
    if (rc == TDN_OK && s->commit_err.status) *err = s->commit_err;
    return rc == TDN_OK ? s->commit_err.status : rc;
}

int tdn_sq_group_queue(tdn_store *s, tdn_sq_job *job, tdn_err *err)
{
    tdn_store_group *g = s->group;
    job->s = s;
    pthread_mutex_lock(&g->m);
    job->next = g->queued;
    g->queued = job;
    if (!g->busy) { /* nobody holds the connection: run the queue now */
        g->busy = true;
        hand_over(g);
    }
    pthread_mutex_unlock(&g->m);
    for (;;) {
        wait_told(s);
        if (!s->baton) break;
        s->baton = false; /* handed the connection: run the queue, this job with it */
        pthread_mutex_lock(&g->m);
        hand_over(g);
        pthread_mutex_unlock(&g->m);
    }
    if (s->commit_err.status) *err = s->commit_err;
    return s->commit_err.status;
}
