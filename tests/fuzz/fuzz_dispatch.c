/* fuzz_dispatch.c — libFuzzer target for one web request through tdn_dispatch
 * (web/dispatch.c): route matching, query, form and JSON body parsing, the
 * Origin, role and CSRF checks, field validation (web/fields.c) and the
 * handlers behind them, with LeakSanitizer on (a leak fails the run). No
 * socket: the request is built in memory and reaches dispatch through the
 * same tdn_req_src seam the server uses for its connections.
 *
 * Input: byte 0 chooses who sends it (low 3 bits mod 5: nobody, admin,
 * clinician, front desk, patient, each with a live session made once at
 * start; bit 3: add that session's X-CSRF-Token), then text:
 *   METHOD PATH[?QUERY]\n
 *   Name: value\n ...      (headers; "Cookie: a=b; c=d" gives cookies)
 *   \n
 *   body                   (the rest, bytes as they are)
 * The store is a temporary SQLite file created once, seeded with one patient
 * and one user per role; argon2id is replaced by a cheap stand-in (link-time
 * --wrap) so that sign-in inputs run at fuzzing speed. Invariant checked:
 * every answer has a status from 200 to 599. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app/kbfiles.h"
#include "store/store.h"
#include "web/server.h"

#define NOW 1767261600 /* 2026-01-01 10:00 UTC: sessions made at start stay fresh */
#define MAX_HDRS 32
#define MAX_ARGS 80 /* more than TDN_MAX_QUERY_ARGS: the cap is reached too */

/* ---- argon2id stand-in ------------------------------------------------ */
int __wrap_crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *const passwd,
                             unsigned long long passwdlen, unsigned long long opslimit,
                             size_t memlimit);
int __wrap_crypto_pwhash_str_verify(const char *str, const char *const passwd,
                                    unsigned long long passwdlen);

int __wrap_crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *const passwd,
                             unsigned long long passwdlen, unsigned long long opslimit,
                             size_t memlimit)
{
    (void)opslimit, (void)memlimit;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)passwd, passwdlen);
    memset(out, 0, crypto_pwhash_STRBYTES);
    memcpy(out, "fake$", 5);
    sodium_bin2hex(out + 5, 65, h, sizeof h);
    return 0;
}

int __wrap_crypto_pwhash_str_verify(const char *str, const char *const passwd,
                                    unsigned long long passwdlen)
{
    char again[crypto_pwhash_STRBYTES];
    __wrap_crypto_pwhash_str(again, passwd, passwdlen, 0, 0);
    return strcmp(str, again) == 0 ? 0 : -1;
}

/* ---- the server, its store and one session per role ------------------- */
static tdn_server *srv;
static char db_path[64];
static const char *roles[] = {"admin", "clinician", "front_desk", "patient"};
static char tokens[4][65], csrfs[4][65];

static void die(const char *what, const tdn_err *err)
{
    fprintf(stderr, "fuzz_dispatch: %s: %s\n", what, err ? err->msg : "failed");
    exit(2);
}

static void token_hash(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* Makes sure each role's session exists (a fuzzed sign-out may end one). */
static void ensure_sessions(tdn_store *st)
{
    tdn_act act = {.actor = "fuzz", .now = NOW};
    for (int i = 0; i < 4; i++) {
        tdn_auth_session a = {
            .user_id = i + 1, .created = NOW, .last_seen = NOW, .expires = NOW + 3600};
        token_hash(tokens[i], a.token_hash);
        tdn_auth_session have;
        tdn_err err = {0};
        if (tdn_store_auth_get(st, a.token_hash, &have, &err) == TDN_OK) continue;
        snprintf(a.csrf, sizeof a.csrf, "%s", csrfs[i]);
        if (tdn_store_auth_create(st, &act, &a, &err)) die("session", &err);
    }
}

static void seed(void)
{
    tdn_err err = {0};
    tdn_store *st;
    if (tdn_store_open(&st, db_path, &err)) die("store", &err);
    tdn_act act = {.actor = "fuzz", .now = NOW};
    tdn_patient p = {0};
    snprintf(p.name, sizeof p.name, "Pat Example");
    snprintf(p.birth, sizeof p.birth, "1980-02-03");
    int64_t pid, uid;
    if (tdn_store_patient_add(st, &act, &p, &pid, &err)) die("patient", &err);
    for (int i = 0; i < 4; i++) {
        if (tdn_store_user_add(st, &act, roles[i], roles[i], roles[i], "password-123",
                               i == 3 ? pid : 0, &uid, &err))
            die("user", &err);
        if (uid != i + 1) die("user ids are not 1..4", NULL);
        for (int k = 0; k < 64; k++) {
            tokens[i][k] = "0123456789abcdef"[(i * 7 + k) % 16];
            csrfs[i][k] = "fedcba9876543210"[(i * 5 + k) % 16];
        }
    }
    ensure_sessions(st);
    tdn_store_close(st);
}

static void remove_db(void)
{
    char path[80];
    static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s%s", db_path, tails[i]);
        unlink(path);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(db_path, sizeof db_path, "/tmp/tdn_fuzz_dispatch_%ld.db", (long)getpid());
    static tdn_kbfiles files;
    static tdn_kb *kb;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) die("kb", &err);
    remove_db();
    atexit(remove_db);
    seed();
    static tdn_web_config cfg;
    cfg = (tdn_web_config){.db_url = db_path, .kb = kb, .kbfiles = &files, .fixed_now = NOW};
    if (!(srv = tdn_server_new(&cfg, &err))) die("server", &err);
    return 0;
}

/* ---- one request in memory -------------------------------------------- */
typedef struct fake_req {
    char *hname[MAX_HDRS], *hval[MAX_HDRS];
    int n_hdrs;
    char *akey[MAX_ARGS], *aval[MAX_ARGS];
    int n_args;
    const char *session; /* injected tdn_session cookie, or NULL */
    char cookie_buf[256];
} fake_req;

static const char *fake_header(void *ctx, const char *name)
{
    fake_req *f = ctx;
    for (int i = 0; i < f->n_hdrs; i++)
        if (strcasecmp(f->hname[i], name) == 0) return f->hval[i];
    return NULL;
}

static const char *fake_cookie(void *ctx, const char *name)
{
    fake_req *f = ctx;
    if (f->session && strcmp(name, "tdn_session") == 0) return f->session;
    const char *c = fake_header(ctx, "Cookie");
    size_t n = strlen(name);
    for (const char *p = c; p && *p; p += strspn(p, "; ")) {
        size_t len = strcspn(p, ";");
        if (len > n && strncmp(p, name, n) == 0 && p[n] == '=') {
            snprintf(f->cookie_buf, sizeof f->cookie_buf, "%.*s", (int)(len - n - 1), p + n + 1);
            return f->cookie_buf;
        }
        p += len;
    }
    return NULL;
}

static void fake_each_query(void *ctx, void (*fn)(void *, const char *, const char *), void *arg)
{
    fake_req *f = ctx;
    for (int i = 0; i < f->n_args; i++)
        fn(arg, f->akey[i], f->aval[i]);
}

static const tdn_req_src fake_src = {fake_header, fake_cookie, fake_each_query};

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes %XX and '+' in place, as the HTTP library does for query text. */
static void unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '+') {
            *o++ = ' ';
        } else if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            *o++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

static void split_query(fake_req *f, char *q)
{
    while (q && *q && f->n_args < MAX_ARGS) {
        char *amp = strchr(q, '&');
        if (amp) *amp = '\0';
        char *eq = strchr(q, '=');
        if (eq) *eq = '\0';
        unescape(q);
        if (eq) unescape(eq + 1);
        f->akey[f->n_args] = q;
        f->aval[f->n_args++] = eq ? eq + 1 : "";
        q = amp ? amp + 1 : NULL;
    }
}

/* Splits text (NUL-terminated copy of the input) into request line, headers
 * and body; returns the body's start. */
static char *parse_head(fake_req *f, char *text, char **method, char **path)
{
    char *line_end = strchr(text, '\n');
    if (line_end) *line_end = '\0';
    *method = text;
    char *sp = strchr(text, ' ');
    if (sp) *sp = '\0';
    *path = sp ? sp + 1 : "/";
    char *q = strchr(*path, '?');
    if (q) *q++ = '\0';
    split_query(f, q);
    char *p = line_end ? line_end + 1 : NULL;
    while (p && *p && *p != '\n' && f->n_hdrs < MAX_HDRS) {
        char *end = strchr(p, '\n');
        if (end) *end = '\0';
        char *colon = strchr(p, ':');
        if (colon) {
            *colon = '\0';
            f->hname[f->n_hdrs] = p;
            f->hval[f->n_hdrs++] = colon + 1 + (colon[1] == ' ');
        }
        p = end ? end + 1 : NULL;
    }
    return p && *p == '\n' ? p + 1 : p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int who = data[0] & 7, with_csrf = data[0] & 8;
    who %= 5;
    char *text = malloc(size); /* the input after byte 0, NUL-terminated */
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    fake_req f = {0};
    char *method, *path, csrf_name[] = "X-CSRF-Token";
    char *body = parse_head(&f, text, &method, &path);
    size_t body_len = body ? size - 1 - (size_t)(body - text) : 0; /* bytes as they are */
    if (who && f.n_hdrs < MAX_HDRS && with_csrf) {
        f.hname[f.n_hdrs] = csrf_name;
        f.hval[f.n_hdrs++] = csrfs[who - 1];
    }
    if (who) f.session = tokens[who - 1];
    tdn_err err = {0};
    tdn_store *st = tdn_store_acquire(srv, &err);
    if (!st) die("store", &err);
    ensure_sessions(st);
    tdn_store_release(srv, st);
    tdn_req req = {
        .srv = srv, .src = &fake_src, .conn = &f, .method = method, .path = path, .now = NOW};
    tdn_resp resp = {.status = 200, .ctype = "text/html; charset=utf-8"};
    tdn_dispatch(srv, &req, fake_header(&f, "Content-Type"), body, body_len, 0, &resp);
    json_decref(req.in);
    if (req.store) tdn_store_release(srv, req.store);
    if (resp.status < 200 || resp.status > 599) {
        fprintf(stderr, "fuzz_dispatch: status %d for %s %s\n", resp.status, method, path);
        abort();
    }
    tdn_buf_free(&resp.body);
    free(text);
    return 0;
}
