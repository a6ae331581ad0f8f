/* serve.c — libmicrohttpd glue for `tdn serve`: listen, read each request
 * body up to the limit, hand the complete request to tdn_dispatch, send the
 * response with tdn's security headers, and stop cleanly on SIGINT/SIGTERM. */
#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/kbfiles.h"
#include "app/needling.h"
#include "web/guard.h"
#include "web/log.h"
#include "web/mhd_lib.h"
#include "web/server.h"

#define BODY_LIMIT (1024 * 1024)      /* signed-in users */
#define BODY_LIMIT_PUBLIC (16 * 1024) /* before sign-in: the sign-in form needs a few KiB */

static const char *CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
                         "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                         "frame-ancestors 'none'; base-uri 'none'";

typedef struct conn_state {
    bool head_done;     /* the access handler has seen the complete head */
    bool too_many_args; /* the query was dropped unparsed (TDN_MAX_QUERY_ARGS) */
    tdn_buf body;
    size_t limit;       /* body limit: the small one until the body outgrows it */
    bool limit_checked; /* the session was asked whether the full limit applies */
    bool too_large;
} conn_state;

const tdn_kb *tdn_req_kb(const tdn_req *req)
{
    return req->srv->cfg.kb;
}

const char *tdn_req_build_id(const tdn_req *req)
{
    return req->srv->build_id;
}

const struct tdn_screen_rules *tdn_req_screen_rules(const tdn_req *req)
{
    return req->srv->screen_rules;
}

const struct tdn_needling_rules *tdn_req_needling_rules(const tdn_req *req)
{
    return req->srv->needling_rules;
}

bool tdn_req_tls(const tdn_req *req)
{
    return req->srv->cfg.behind_tls_proxy;
}

const struct tdn_kbfiles *tdn_req_kbfiles(const tdn_req *req)
{
    return req->srv->cfg.kbfiles;
}

int tdn_req_idle_minutes(const tdn_req *req)
{
    return req->srv->cfg.idle_minutes > 0 ? req->srv->cfg.idle_minutes : 30;
}

static const char *mhd_header(void *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static const char *mhd_cookie(void *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, name);
}

typedef struct each_arg_ctx {
    void (*fn)(void *arg, const char *key, const char *value);
    void *arg;
} each_arg_ctx;

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    each_arg_ctx *e = cls;
    if (key) e->fn(e->arg, key, value ? value : "");
    return MHD_YES;
}

static void mhd_each_query(void *conn, void (*fn)(void *arg, const char *key, const char *value),
                           void *arg)
{
    each_arg_ctx e = {fn, arg};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, each_arg, &e);
}

/* A request's headers, cookies and query, read from its connection. */
static const tdn_req_src mhd_src = {mhd_header, mhd_cookie, mhd_each_query};

static void add_headers(struct MHD_Response *r, const tdn_resp *resp, bool https)
{
    /* a year of HTTPS only; tdn speaks HTTPS only through the proxy in front */
    if (https) MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    MHD_add_response_header(r, "Content-Type", resp->ctype ? resp->ctype : "text/plain");
    MHD_add_response_header(r, "Cache-Control", resp->cache ? resp->cache : "no-store");
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    /* same-origin, not no-referrer: under no-referrer Chromium posts forms
     * with "Origin: null", which the same-origin check must refuse */
    MHD_add_response_header(r, "Referrer-Policy", "same-origin");
    if (resp->cookie[0]) MHD_add_response_header(r, "Set-Cookie", resp->cookie);
    if (resp->location[0]) MHD_add_response_header(r, "Location", resp->location);
    if (resp->disposition) MHD_add_response_header(r, "Content-Disposition", resp->disposition);
}

static enum MHD_Result send_resp(struct MHD_Connection *c, tdn_resp *resp, bool https)
{
    struct MHD_Response *r;
    if (resp->fixed) {
        r = MHD_create_response_from_buffer(resp->fixed_len, (void *)resp->fixed,
                                            MHD_RESPMEM_PERSISTENT);
    } else {
        if (resp->body.oom) return MHD_NO;
        size_t len = resp->body.len;
        char *data = resp->body.data; /* handed to MHD, which frees it */
        resp->body = (tdn_buf){0};
        r = MHD_create_response_from_buffer(len, data ? data : (void *)"",
                                            data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!r) free(data);
    }
    if (!r) return MHD_NO;
    add_headers(r, resp, https);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void handle(tdn_server *srv, struct MHD_Connection *c, const char *url, const char *method,
                   conn_state *st, tdn_resp *resp)
{
    if ((!strcmp(method, "GET") || !strcmp(method, "HEAD")) && tdn_assets_serve(srv, url, resp))
        return;
    tdn_req req = {.srv = srv,
                   .src = &mhd_src,
                   .conn = c,
                   .method = method,
                   .path = url,
                   .now = time(NULL),
                   .too_many_args = st->too_many_args};
    if (srv->cfg.fixed_now) req.now = srv->cfg.fixed_now;
    const char *ctype = tdn_req_header(&req, "Content-Type");
    int too_large_kib = st->too_large ? (int)(st->limit / 1024) : 0;
    tdn_dispatch(srv, &req, ctype, st->body.data, st->body.len, too_large_kib, resp);
    json_decref(req.in);
    if (req.store) tdn_store_release(srv, req.store);
    if (tdn_log_wanted(resp->status)) {
        char addr[INET_ADDRSTRLEN] = "";
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr,
                      sizeof addr);
        tdn_log_answer(method, url, resp->status, resp->reason, addr);
    }
}

/* The body limit of a request: a signed-in session's cookie (checked in the
 * store) earns the full limit; anyone else gets the small one, so strangers
 * cannot make the server buffer large bodies. Asked only of a body larger
 * than the small limit: a small one needs no session lookup before the
 * dispatcher's own. */
static size_t body_limit(tdn_server *srv, struct MHD_Connection *c, const char *method,
                         const char *url)
{
    tdn_req req = {
        .srv = srv, .src = &mhd_src, .conn = c, .method = method, .path = url, .now = time(NULL)};
    if (srv->cfg.fixed_now) req.now = srv->cfg.fixed_now;
    if (!tdn_req_cookie(&req, "tdn_session")) return BODY_LIMIT_PUBLIC;
    tdn_web_user u;
    bool in = tdn_auth_load(&req, &u);
    if (req.store) tdn_store_release(srv, req.store);
    return in ? BODY_LIMIT : BODY_LIMIT_PUBLIC;
}

static tdn_conn_track *track_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    tdn_server *srv = cls;
    conn_state *st = *con_cls; /* made by on_uri */
    if (!st) return MHD_NO;
    if (!st->head_done) { /* the head is complete */
        tdn_guard_head(srv->guard, track_of(c), false);
        st->head_done = true;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t want = st->body.len + *upload_size;
        if (!st->limit) st->limit = BODY_LIMIT_PUBLIC;
        if (want > st->limit && !st->limit_checked) { /* only then is the session looked up */
            st->limit_checked = true;
            st->limit = body_limit(srv, c, method, url);
        }
        if (want > st->limit)
            st->too_large = true;
        else
            tdn_buf_putn(&st->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    tdn_resp resp = {.status = 200, .ctype = "text/html; charset=utf-8"};
    handle(srv, c, url, method, st, &resp);
    enum MHD_Result ok = send_resp(c, &resp, srv->cfg.behind_tls_proxy);
    tdn_buf_free(&resp.body);
    return ok;
}

static size_t count_args(const char *query)
{
    size_t n = *query ? 1 : 0;
    for (const char *p = query; *p; p++)
        n += *p == '&' || *p == ';';
    return n;
}

/* Called with the raw request target before libmicrohttpd parses its query:
 * makes the request's state. A query of more than TDN_MAX_QUERY_ARGS
 * arguments is cut off here, unparsed: libmicrohttpd would spend the
 * connection's whole memory on them and then never answer. The dispatcher
 * answers 400 naming the query instead. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls, (void)c;
    conn_state *st = calloc(1, sizeof *st);
    char *q = strchr(uri, '?');
    if (st && q && count_args(q + 1) > TDN_MAX_QUERY_ARGS) {
        st->too_many_args = true;
        q[1] = '\0'; /* the library's own read buffer: an empty query is parsed */
    }
    return st;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)code;
    tdn_server *srv = cls;
    tdn_guard_head(srv->guard, track_of(c), true); /* a keep-alive's next head starts */
    conn_state *st = *con_cls;
    if (!st) return;
    tdn_buf_free(&st->body);
    free(st);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    tdn_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? tdn_guard_add(srv->guard, ci->connect_fd) : NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        tdn_guard_remove(srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, tdn_err *err)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    size_t hl = colon ? (size_t)(colon - listen) : 0;
    char *end;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || hl == 0 || hl >= sizeof host || !colon[1] || *end || port < 0 || port > 65535)
        return tdn_err_set(err, TDN_EINPUT, "--listen: '%s' is not ADDR:PORT (e.g. 127.0.0.1:8080)",
                           listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &sa->sin_addr) != 1)
        return tdn_err_set(err, TDN_EINPUT, "--listen: '%s' is not an IPv4 address", host);
    return TDN_OK;
}

static struct MHD_Daemon *start(tdn_server *srv, struct sockaddr_in *sa)
{
    const tdn_web_config *cfg = &srv->cfg;
    /* more threads than cores: a thread whose request waits for the group
     * commit's fsync serves nobody meanwhile, and the more requests wait
     * together, the more share one fsync; with fewer threads than clients a
     * thread waiting for a commit also holds up its other connections, and
     * the batches stay small (64 against 16 at 64 connections: 1.35-1.7x the
     * audited chart reads/s, 0.85 of the CPU per read) */
    unsigned threads = (unsigned)srv->pool_size; /* one pooled store per thread */
    unsigned per_address = cfg->per_address > 0 ? (unsigned)cfg->per_address : 64;
    return MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)2000,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
        MHD_OPTION_END);
}

tdn_server *tdn_server_new(const tdn_web_config *cfg, tdn_err *err)
{
    if (sodium_init() < 0) {
        tdn_err_set(err, TDN_ESYS, "server: libsodium failed to start");
        return NULL;
    }
    tdn_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        tdn_err_set(err, TDN_ESYS, "server: out of memory");
        return NULL;
    }
    srv->cfg = *cfg;
    srv->pool_size = cfg->threads > 0 && cfg->threads <= TDN_STORE_POOL_MAX ? cfg->threads
                     : tdn_store_is_postgres(cfg->db_url)                   ? TDN_SERVE_THREADS_PG
                                                                            : TDN_SERVE_THREADS;
    pthread_mutex_init(&srv->pool_lock, NULL);
    pthread_cond_init(&srv->pool_free, NULL);
    pthread_mutex_init(&srv->hash_lock, NULL);
    tdn_assets_build_id(srv->build_id, sizeof srv->build_id);
    /* load the rules and open the store once up front: fail before listening */
    const tdn_kbfiles *f = cfg->kbfiles;
    srv->needling_rules = calloc(1, sizeof *srv->needling_rules);
    int rc = srv->needling_rules ? TDN_OK : tdn_err_set(err, TDN_ESYS, "server: out of memory");
    if (!rc) rc = tdn_screen_rules_load(&srv->screen_rules, f->files, f->n, err);
    if (!rc) rc = tdn_needling_rules_load(srv->needling_rules, f->files, f->n, err);
    if (!rc) rc = tdn_store_group_open(&srv->group, cfg->db_url, err);
    struct tdn_store *st = rc ? NULL : tdn_store_acquire(srv, err);
    if (st) tdn_store_release(srv, st);
    if (!rc && !st) rc = err->status ? err->status : TDN_ESYS;
    if (rc) {
        tdn_server_free(srv);
        return NULL;
    }
    return srv;
}

void tdn_server_free(tdn_server *srv)
{
    if (!srv) return;
    tdn_store_pool_close(srv);
    tdn_store_group_close(srv->group);
    tdn_screen_rules_free(srv->screen_rules);
    free(srv->needling_rules);
    pthread_mutex_destroy(&srv->pool_lock);
    pthread_cond_destroy(&srv->pool_free);
    pthread_mutex_destroy(&srv->hash_lock);
    free(srv);
}

/* glibc gives threads up to 8 malloc arenas per core, each keeping its own
 * free memory: with 64 server threads the bench's VmRSS after mixed load
 * was 27-30 MiB; two arenas per core keep it near 22 MiB at the same
 * requests per second (make bench, chart reads and writes). */
static void fewer_malloc_arenas(void)
{
#ifdef M_ARENA_MAX
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    mallopt(M_ARENA_MAX, cores > 1 ? (int)(2 * cores) : 2);
#endif
}

int tdn_web_serve(const tdn_web_config *cfg, tdn_err *err)
{
    fewer_malloc_arenas();
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err)) return err->status;
    if (tdn_mhd_load(err)) return err->status;
    tdn_server *srv = tdn_server_new(cfg, err);
    if (!srv) return err->status ? err->status : TDN_ESYS;
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* server threads inherit the mask */
    int rc = TDN_OK;
    srv->guard =
        tdn_guard_start(cfg->head_seconds > 0 ? cfg->head_seconds : 15, tdn_log_slow_client);
    struct MHD_Daemon *d = srv->guard ? start(srv, &sa) : NULL;
    if (!d) rc = tdn_err_set(err, TDN_ESYS, "--listen: cannot listen on %s", cfg->listen);
    if (d) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        char addr[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
        printf("tdn: serving http://%s:%u/\n", addr, info ? info->port : ntohs(sa.sin_port));
        fflush(stdout);
        int sig;
        sigwait(&sigs, &sig);
        fprintf(stderr, "tdn: stopping (signal %d)\n", sig);
        MHD_stop_daemon(d);
    }
    tdn_guard_stop(srv->guard);
    tdn_server_free(srv);
    return rc;
}
