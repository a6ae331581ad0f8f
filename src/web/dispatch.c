/* dispatch.c — one request through the route table: match the path, load the
 * session, check the role (401 / 403), the CSRF token on every state change
 * (403), parse and validate the declared fields (400 naming the field), then
 * run the handler. Handlers only ever see checked values. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"
#include "web/server.h"

const char *tdn_req_header(const tdn_req *req, const char *name)
{
    return req->src->header(req->conn, name);
}

const char *tdn_req_cookie(const tdn_req *req, const char *name)
{
    return req->src->cookie(req->conn, name);
}

typedef struct query_ctx {
    json_t *obj;
    size_t n;
    tdn_err *err;
} query_ctx;

static void add_arg(void *arg, const char *key, const char *value)
{
    query_ctx *q = arg;
    if (q->err->status || ++q->n > TDN_MAX_QUERY_ARGS) return;
    json_t *name = json_string(key), *v = name ? json_string(value) : NULL;
    if (!name)
        tdn_err_set(q->err, TDN_EINPUT, "query: an argument name is not valid UTF-8 text");
    else if (!v)
        tdn_err_set(q->err, TDN_EINPUT, "%.40s: not valid UTF-8 text", key);
    else
        json_object_set_new(q->obj, key, v);
    json_decref(name);
}

/* Adds the query-string arguments of req to obj as strings; an argument that
 * is not UTF-8 text, or more than TDN_MAX_QUERY_ARGS of them, is an error. */
static int read_query(tdn_req *req, json_t *obj, tdn_err *err)
{
    query_ctx q = {obj, 0, err};
    if (obj && !req->too_many_args) req->src->each_query(req->conn, add_arg, &q);
    if (!err->status && (req->too_many_args || q.n > TDN_MAX_QUERY_ARGS))
        tdn_err_set(err, TDN_EINPUT, "query: more than %d arguments", TDN_MAX_QUERY_ARGS);
    return err->status;
}

static bool is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

/* Matches path against pattern, filling req's parameters. */
static bool match(const char *pattern, const char *path, tdn_req *req)
{
    req->n_id = req->n_seg = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == ':' || *p == '*') {
            bool numeric = *p == ':';
            p += strcspn(p, "/");
            size_t n = strcspn(s, "/");
            if (n == 0) return false;
            if (numeric) {
                if (n > 15 || req->n_id == TDN_MAX_PARAMS) return false;
                int64_t v = 0;
                for (size_t i = 0; i < n; i++) {
                    if (!isdigit((unsigned char)s[i])) return false;
                    v = v * 10 + (s[i] - '0');
                }
                if (v <= 0) return false;
                req->id[req->n_id++] = v;
            } else {
                if (req->n_seg == TDN_MAX_PARAMS) return false;
                req->seg[req->n_seg++] = s; /* up to the next '/' (last segment) */
            }
            s += n;
            continue;
        }
        if (*p != *s) return false;
        p++, s++;
    }
    return *p == '\0' && *s == '\0';
}

static const tdn_route *find_route(tdn_req *req, bool *method_mismatch)
{
    const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
    *method_mismatch = false;
    for (const tdn_route *r = tdn_routes; r->method; r++) {
        if (!match(r->pattern, req->path, req)) continue;
        if (strcmp(r->method, method) == 0) return r;
        *method_mismatch = true;
    }
    return NULL;
}

static int hexval(int c)
{
    return isdigit(c)                                 ? c - '0'
           : (tolower(c) >= 'a' && tolower(c) <= 'f') ? tolower(c) - 'a' + 10
                                                      : -1;
}

/* Decodes application/x-www-form-urlencoded text into obj (string values). */
static int parse_form(const char *body, size_t len, json_t *obj, tdn_err *err)
{
    char *copy = malloc(len + 1);
    if (!copy) return tdn_err_set(err, TDN_ESYS, "server: out of memory");
    size_t n = 0;
    int rc = TDN_OK;
    for (size_t i = 0; i <= len && rc == TDN_OK; i++) {
        if (i < len && body[i] != '&') {
            char c = body[i];
            if (c == '+') c = ' ';
            if (c == '%') {
                int hi = i + 1 < len ? hexval((unsigned char)body[i + 1]) : -1;
                int lo = i + 2 < len ? hexval((unsigned char)body[i + 2]) : -1;
                if (hi < 0 || lo < 0) {
                    rc = tdn_err_set(err, TDN_EINPUT, "body: bad %%-escape in form data");
                    break;
                }
                c = (char)(hi * 16 + lo);
                i += 2;
            }
            copy[n++] = c;
            continue;
        }
        copy[n] = '\0';
        char *eq = memchr(copy, '=', n);
        if (n) {
            if (eq) *eq = '\0';
            size_t key_len = eq ? (size_t)(eq - copy) : n;
            json_t *v = json_stringn(eq ? eq + 1 : "", eq ? n - (size_t)(eq + 1 - copy) : 0);
            if (strlen(copy) != key_len)
                rc = tdn_err_set(err, TDN_EINPUT, "%.40s: field name contains a NUL byte", copy);
            else if (!v || json_object_set_new(obj, copy, json_incref(v)))
                rc = tdn_err_set(err, TDN_EINPUT, "%.40s: not valid UTF-8 text", copy);
            json_decref(v); /* ours; obj holds its own reference when set */
        }
        n = 0;
    }
    free(copy);
    return rc;
}

/* Parses the body into obj: JSON object or form data. */
static int parse_body(const char *ctype, const char *body, size_t len, json_t *obj, bool *from_text,
                      tdn_err *err)
{
    if (!body || len == 0) return TDN_OK;
    if (ctype && strncmp(ctype, "application/x-www-form-urlencoded", 33) == 0) {
        *from_text = true;
        return parse_form(body, len, obj, err);
    }
    json_error_t je;
    json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!v)
        return tdn_err_set(err, TDN_EINPUT, "body: invalid JSON at line %d column %d: %s", je.line,
                           je.column, je.text);
    if (!json_is_object(v)) {
        json_decref(v);
        return tdn_err_set(err, TDN_EINPUT, "body: must be a JSON object");
    }
    json_object_update(obj, v);
    json_decref(v);
    return TDN_OK;
}

static void deny(tdn_req *req, const tdn_route *r, tdn_resp *resp, int status, const char *msg)
{
    if (status == 401 && (r->flags & TDN_RF_PAGE)) {
        char loc[400];
        snprintf(loc, sizeof loc, "/login?next=%.300s", req->path);
        tdn_resp_redirect(resp, loc);
        return;
    }
    if (status == 403 && (r->flags & TDN_RF_PAGE) && strcmp(req->method, "GET") == 0) {
        tdn_err err;
        tdn_err_set(&err, TDN_EINPUT, "%s", msg);
        tdn_page_error(req, resp, &err);
        resp->status = 403;
        return;
    }
    tdn_resp_error(resp, status, "%s", msg);
}

static bool csrf_ok(tdn_req *req, const tdn_web_user *u)
{
    const char *tok = tdn_req_header(req, "X-CSRF-Token");
    json_t *form = json_object_get(req->in, "csrf");
    if (!tok) tok = json_string_value(form);
    size_t n = strlen(u->csrf);
    bool ok = tok && n > 0 && strlen(tok) == n && sodium_memcmp(tok, u->csrf, n) == 0;
    json_object_del(req->in, "csrf");
    return ok;
}

/* A state change sent from another site is refused, in addition to
 * SameSite=Strict cookies and the CSRF token. The browser's own word comes
 * first: Sec-Fetch-Site (sent by every current browser, not settable by
 * page script) says same-origin or cross-site. Without it, the Origin header
 * must name this host; "null" (an opaque origin: a sandboxed frame, a
 * file: page, or a form posted under a no-referrer policy) is refused.
 * Clients that send neither (curl, scripts) are judged by the CSRF token. */
static bool same_origin(tdn_req *req)
{
    const char *site = tdn_req_header(req, "Sec-Fetch-Site");
    if (site) return strcmp(site, "same-origin") == 0 || strcmp(site, "none") == 0;
    const char *origin = tdn_req_header(req, "Origin"), *host = tdn_req_header(req, "Host");
    if (!origin || strcmp(origin, "null") == 0) return origin == NULL;
    const char *p = strstr(origin, "://");
    return host && p && strcmp(p + 3, host) == 0;
}

/* The route r for a request whose body is parsed (perr says how) and whose
 * user, if signed in, is u (req->user): origin, role and CSRF checks, then
 * the typed fields, then the handler. */
static void run_route(tdn_req *req, const tdn_route *r, tdn_resp *resp, const tdn_web_user *u,
                      const tdn_err *perr, int too_large_kib, bool from_text)
{
    bool changes = strcmp(r->method, "GET") != 0;
    if (changes && !same_origin(req))
        return deny(req, r, resp, 403, "origin: a change sent from another site is refused");
    if (!(r->flags & TDN_RF_PUBLIC)) {
        if (!req->user && req->store_err.status) return tdn_resp_err(resp, &req->store_err);
        if (!req->user) return deny(req, r, resp, 401, "session: sign in first");
        if (!(r->roles & u->role_bit))
            return deny(req, r, resp, 403, "role: your role may not use this page or action");
        if (changes && !(r->flags & TDN_RF_NOCSRF) && !csrf_ok(req, u))
            return deny(req, r, resp, 403, "csrf: missing or wrong X-CSRF-Token header");
    }
    if (!req->in) return tdn_resp_error(resp, 500, "server: out of memory");
    if (perr->status) return tdn_resp_error(resp, too_large_kib ? 413 : 400, "%s", perr->msg);
    json_object_del(req->in, "csrf");
    tdn_err err = {0};
    if (tdn_fields_check(r->fields, req->in, from_text, &err))
        return tdn_resp_error(resp, 400, "%s", err.msg);
    r->fn(req, resp);
}

void tdn_dispatch(tdn_server *srv, tdn_req *req, const char *ctype, const char *body,
                  size_t body_len, int too_large_kib, tdn_resp *resp)
{
    (void)srv;
    bool wrong_method;
    const tdn_route *r = find_route(req, &wrong_method);
    if (!r) {
        if (is_api(req->path) || wrong_method)
            tdn_resp_error(resp, wrong_method ? 405 : 404, "%s: %s", "path",
                           wrong_method ? "method not allowed here" : "no such API route");
        else
            tdn_resp_error(resp, 404, "path: no such page");
        tdn_fhir_answer(req, resp);
        return;
    }
    tdn_err perr = {0};
    bool from_text = false;
    req->in = json_object();
    read_query(req, req->in, &perr);
    /* query values are text: typed fields may be coerced from it on GET */
    if (req->in && json_object_size(req->in) && strcmp(r->method, "GET") == 0) from_text = true;
    if (too_large_kib)
        tdn_err_set(&perr, TDN_EINPUT, "body: larger than the %d KiB limit%s", too_large_kib,
                    too_large_kib < 1024 ? " before sign-in" : "");
    else if (req->in && !perr.status)
        parse_body(ctype, body, body_len, req->in, &from_text, &perr);
    tdn_web_user u = {0};
    if (tdn_auth_load(req, &u) || tdn_auth_bearer(req, &u)) req->user = &u;
    run_route(req, r, resp, &u, &perr, too_large_kib, from_text);
    tdn_fhir_answer(req, resp);
    req->user = NULL; /* u lives on this stack frame only */
}