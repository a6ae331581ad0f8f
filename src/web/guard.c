/* guard.c — keeps slow clients from holding the server's connections: each
 * connection is tracked from the moment it is accepted, and a watchdog thread
 * shuts down the socket of any connection whose request head (request line
 * and headers) is not complete within the deadline, counted from the
 * connection's start or from the end of its previous request (an idle
 * keep-alive connection counts as a slow head). Trickling one header line at
 * a time no longer keeps a connection alive. The socket is shut down, not
 * closed: libmicrohttpd's own loop sees the end and frees the connection. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "web/guard.h"

struct tdn_conn_track {
    int fd;
    bool in_head;
    int64_t since; /* monotonic seconds: start of the current head */
    struct tdn_conn_track *prev, *next;
};

struct tdn_guard {
    int head_seconds;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    pthread_t thread;
    tdn_conn_track *conns;
    void (*on_cut)(void);
};

static int64_t mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec;
}

/* Shuts down every connection over the deadline; called with the lock held. */
static int cut_slow(tdn_guard *g, int64_t now)
{
    int cut = 0;
    for (tdn_conn_track *t = g->conns; t; t = t->next) {
        if (!t->in_head || t->fd < 0 || now - t->since < g->head_seconds) continue;
        shutdown(t->fd, SHUT_RDWR);
        t->fd = -1; /* once; the connection is freed by its own thread */
        cut++;
    }
    return cut;
}

static void *watch(void *arg)
{
    tdn_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        int cut = g->stop ? 0 : cut_slow(g, mono_now());
        if (cut && g->on_cut)
            for (int i = 0; i < cut; i++)
                g->on_cut();
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

tdn_guard *tdn_guard_start(int head_seconds, void (*on_cut)(void))
{
    tdn_guard *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->head_seconds = head_seconds > 0 ? head_seconds : 1;
    g->on_cut = on_cut;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, watch, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

void tdn_guard_stop(tdn_guard *g)
{
    if (!g) return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    while (g->conns) {
        tdn_conn_track *t = g->conns;
        g->conns = t->next;
        free(t);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

tdn_conn_track *tdn_guard_add(tdn_guard *g, int fd)
{
    tdn_conn_track *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fd = fd;
    t->in_head = true;
    t->since = mono_now();
    pthread_mutex_lock(&g->lock);
    t->next = g->conns;
    if (g->conns) g->conns->prev = t;
    g->conns = t;
    pthread_mutex_unlock(&g->lock);
    return t;
}

void tdn_guard_remove(tdn_guard *g, tdn_conn_track *t)
{
    if (!t) return;
    pthread_mutex_lock(&g->lock);
    if (t->prev) t->prev->next = t->next;
    if (t->next) t->next->prev = t->prev;
    if (g->conns == t) g->conns = t->next;
    pthread_mutex_unlock(&g->lock);
    free(t);
}

void tdn_guard_head(tdn_guard *g, tdn_conn_track *t, bool in_head)
{
    if (!t) return;
    pthread_mutex_lock(&g->lock);
    t->in_head = in_head;
    t->since = mono_now();
    pthread_mutex_unlock(&g->lock);
}
