/* server.h — the server object shared by the web files: configuration, the
 * knowledge base, the asset build id and the store pool. Internal to src/web/.
 * Everything in it is read-only once serving starts, except the store pool,
 * which guards itself. */
#ifndef TDN_WEB_SERVER_H
#define TDN_WEB_SERVER_H

#include <pthread.h>

#include "core/screen.h"
#include "web/http.h"
#include "web/web.h"

#define TDN_STORE_POOL_MAX 64 /* one per worker thread at most (--threads <= 64) */
/* Worker threads, and pooled stores, without --threads: on SQLite as many as
 * the pool holds (more requests share one group commit); on PostgreSQL 16,
 * each a connection, so that several servers stay within the server's
 * max_connections (100 by default). */
#define TDN_SERVE_THREADS TDN_STORE_POOL_MAX
#define TDN_SERVE_THREADS_PG 16

/* Sign-in password checks (argon2id, 64 MiB each) allowed at once. */
#define TDN_HASHES_AT_ONCE 2

typedef struct tdn_server {
    tdn_web_config cfg;
    char build_id[24];
    tdn_screen_rules *screen_rules;            /* loaded at start, read-only */
    struct tdn_needling_rules *needling_rules; /* loaded at start, read-only (heap) */
    pthread_mutex_t pool_lock;
    pthread_cond_t pool_free; /* a store came back to the pool, or a slot was freed */
    struct tdn_store *pool[TDN_STORE_POOL_MAX];
    int n_pool;    /* stores idle in pool[] */
    int n_open;    /* stores open: idle or lent to a request; never above pool_size */
    int pool_size; /* --threads (TDN_SERVE_THREADS[_PG] when not given) */
    struct tdn_store_group *group; /* every pooled store's transactions: group commit */
    struct tdn_guard *guard;       /* slow-client watchdog while serving (guard.h), else NULL */
    pthread_mutex_t hash_lock;     /* guards hashes_busy */
    int hashes_busy;               /* argon2id checks running now (auth.c), <= TDN_HASHES_AT_ONCE */
} tdn_server;

/* A server for cfg (copied; what it points to must outlive the server):
 * rules loaded, the store opened once to check it. NULL with err set when
 * either fails. Free with tdn_server_free. Serving (tdn_web_serve) and the
 * fuzz target build on it. */
tdn_server *tdn_server_new(const tdn_web_config *cfg, tdn_err *err);
void tdn_server_free(tdn_server *srv);

/* Handles one complete request (body already read): routing, auth, roles,
 * CSRF, field validation, handler. Fills resp (status, body, headers).
 * body may be NULL when empty. too_large_kib: 0, or the limit in KiB that
 * the body went over (answered 413 naming it). */
void tdn_dispatch(tdn_server *srv, tdn_req *req, const char *ctype, const char *body,
                  size_t body_len, int too_large_kib, tdn_resp *resp);

/* Serves GET /assets/<build-id>/<name>; returns false when path is not an
 * asset path (resp untouched). */
bool tdn_assets_serve(const tdn_server *srv, const char *path, tdn_resp *resp);
/* Computes the build id (a hash of every embedded asset) into out. */
void tdn_assets_build_id(char *out, size_t cap);

/* A store handle for this request, returned to the pool by tdn_store_release.
 * The pool is fixed: at most pool_size stores (on PostgreSQL, connections)
 * are ever open, opened on first need; when all are lent out the caller
 * waits until one comes back. NULL with err set when a store cannot be
 * opened (nothing is held then). */
struct tdn_store *tdn_store_acquire(tdn_server *srv, tdn_err *err);
void tdn_store_release(tdn_server *srv, struct tdn_store *st);
void tdn_store_pool_close(tdn_server *srv);

/* Loads the signed-in user of req from its session cookie into *user;
 * returns false when there is no valid session (expired sessions are ended). */
bool tdn_auth_load(tdn_req *req, tdn_web_user *user);
/* On /fhir/ paths only: the user of a valid API token sent as
 * "Authorization: Bearer tdn_..." (api_fhir.c); false otherwise. */
bool tdn_auth_bearer(tdn_req *req, tdn_web_user *user);
/* On /fhir/ paths: turns an error answer into a FHIR OperationOutcome
 * (application/fhir+json), keeping its status (api_fhir.c). */
void tdn_fhir_answer(const tdn_req *req, tdn_resp *resp);

#endif
