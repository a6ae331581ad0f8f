/* serve.c — libmicrohttpd glue for `tdn serve`: listen, read each request
 * body up to the limit, hand the complete request to tdn_dispatch, send the
 * response with tdn's security headers, and stop cleanly on SIGINT/SIGTERM. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/kbfiles.h"
#include "app/needling.h"
#include "web/server.h"

#define BODY_LIMIT (1024 * 1024)

static const char *CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
                         "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                         "frame-ancestors 'none'; base-uri 'none'";

typedef struct conn_state {
    tdn_buf body;
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
    return req->srv->cfg.tls;
}

const struct tdn_kbfiles *tdn_req_kbfiles(const tdn_req *req)
{
    return req->srv->cfg.kbfiles;
}

int tdn_req_idle_minutes(const tdn_req *req)
{
    return req->srv->cfg.idle_minutes > 0 ? req->srv->cfg.idle_minutes : 30;
}

const char *tdn_req_header(const tdn_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *tdn_req_cookie(const tdn_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    json_t *v = json_string(value ? value : "");
    if (key && v)
        json_object_set_new(cls, key, v);
    else
        json_decref(v);
    return MHD_YES;
}

void tdn_req_query(tdn_req *req, json_t *obj)
{
    if (obj) MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_arg, obj);
}

static void add_headers(struct MHD_Response *r, const tdn_resp *resp)
{
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
}

static enum MHD_Result send_resp(struct MHD_Connection *c, tdn_resp *resp)
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
    add_headers(r, resp);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void handle(tdn_server *srv, struct MHD_Connection *c, const char *url, const char *method,
                   conn_state *st, tdn_resp *resp)
{
    if ((!strcmp(method, "GET") || !strcmp(method, "HEAD")) && tdn_assets_serve(srv, url, resp))
        return;
    tdn_req req = {.srv = srv, .conn = c, .method = method, .path = url, .now = time(NULL)};
    if (srv->cfg.fixed_now) req.now = srv->cfg.fixed_now;
    const char *ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    tdn_dispatch(srv, &req, ctype, st->body.data, st->body.len, st->too_large, resp);
    json_decref(req.in);
    if (req.store) tdn_store_release(srv, req.store);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    conn_state *st = *con_cls;
    if (!st) {
        if (!(st = calloc(1, sizeof *st))) return MHD_NO;
        *con_cls = st;
        return MHD_YES;
    }
    if (*upload_size) {
        if (st->body.len + *upload_size > BODY_LIMIT)
            st->too_large = true;
        else
            tdn_buf_putn(&st->body, upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    tdn_resp resp = {.status = 200, .ctype = "text/html; charset=utf-8"};
    handle(cls, c, url, method, st, &resp);
    enum MHD_Result ok = send_resp(c, &resp);
    tdn_buf_free(&resp.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)c, (void)code;
    conn_state *st = *con_cls;
    if (!st) return;
    tdn_buf_free(&st->body);
    free(st);
    *con_cls = NULL;
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
    unsigned threads = srv->cfg.threads > 0 ? (unsigned)srv->cfg.threads : 4;
    return MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                            on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sa,
                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)2000,
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
}

int tdn_web_serve(const tdn_web_config *cfg, tdn_err *err)
{
    struct sockaddr_in sa;
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err)) return err->status;
    if (sodium_init() < 0) return tdn_err_set(err, TDN_ESYS, "server: libsodium failed to start");
    tdn_server *srv = calloc(1, sizeof *srv);
    if (!srv) return tdn_err_set(err, TDN_ESYS, "server: out of memory");
    srv->cfg = *cfg;
    pthread_mutex_init(&srv->pool_lock, NULL);
    tdn_assets_build_id(srv->build_id, sizeof srv->build_id);
    /* load the rules and open the store once up front: fail before listening */
    const tdn_kbfiles *f = cfg->kbfiles;
    srv->needling_rules = calloc(1, sizeof *srv->needling_rules);
    int rc = srv->needling_rules ? TDN_OK : tdn_err_set(err, TDN_ESYS, "server: out of memory");
    if (!rc) rc = tdn_screen_rules_load(&srv->screen_rules, f->files, f->n, err);
    if (!rc) rc = tdn_needling_rules_load(srv->needling_rules, f->files, f->n, err);
    struct tdn_store *st = rc ? NULL : tdn_store_acquire(srv, err);
    if (st) tdn_store_release(srv, st);
    if (!rc && !st) rc = err->status ? err->status : TDN_ESYS;
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* server threads inherit the mask */
    struct MHD_Daemon *d = rc ? NULL : start(srv, &sa);
    if (!rc && !d) rc = tdn_err_set(err, TDN_ESYS, "--listen: cannot listen on %s", cfg->listen);
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
    tdn_store_pool_close(srv);
    tdn_screen_rules_free(srv->screen_rules);
    free(srv->needling_rules);
    pthread_mutex_destroy(&srv->pool_lock);
    free(srv);
    return rc;
}
