/* guard.h — the slow-client guard (guard.c): a deadline for every request
 * head, enforced by a watchdog thread. Internal to src/web/. All functions
 * are safe to call from any server thread. */
#ifndef TDN_WEB_GUARD_H
#define TDN_WEB_GUARD_H

#include <stdbool.h>

typedef struct tdn_guard tdn_guard;
typedef struct tdn_conn_track tdn_conn_track;

/* Starts the watchdog: a connection still reading its request head after
 * head_seconds is shut down, and on_cut (may be NULL) is called once for
 * it. NULL when the thread cannot start. */
tdn_guard *tdn_guard_start(int head_seconds, void (*on_cut)(void));
/* Stops the watchdog and frees what is left (after the server stopped). */
void tdn_guard_stop(tdn_guard *g);
/* Tracks a newly accepted connection's socket, its head starting now; NULL
 * when out of memory (the connection is then simply not guarded). */
tdn_conn_track *tdn_guard_add(tdn_guard *g, int fd);
/* Forgets a closed connection (t may be NULL). */
void tdn_guard_remove(tdn_guard *g, tdn_conn_track *t);
/* The connection's head is complete (in_head false), or its next request's
 * head starts now (in_head true). t may be NULL. */
void tdn_guard_head(tdn_guard *g, tdn_conn_track *t, bool in_head);

#endif
