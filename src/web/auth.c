/* auth.c — web sign-in: the store pool, loading the session behind the
 * cookie on each request (idle expiry), POST /api/login (argon2id check and
 * lockout in the store), logout. Tokens are 32 random bytes from libsodium;
 * the cookie carries the token, the database only its SHA-256, so a copy of
 * the database does not let anyone in. Nothing is kept in memory between
 * requests. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "web/routes.h"
#include "web/server.h"

#define COOKIE "tdn_session"
#define SESSION_MAX_SECONDS (12 * 3600)
#define TOUCH_EVERY 30 /* seconds: fewer writes under load */

struct tdn_store *tdn_store_acquire(tdn_server *srv, tdn_err *err)
{
    tdn_store *st = NULL;
    pthread_mutex_lock(&srv->pool_lock);
    if (srv->n_pool > 0) st = srv->pool[--srv->n_pool];
    pthread_mutex_unlock(&srv->pool_lock);
    if (!st && tdn_store_open(&st, srv->cfg.db_url, err)) return NULL;
    return st;
}

void tdn_store_release(tdn_server *srv, struct tdn_store *st)
{
    pthread_mutex_lock(&srv->pool_lock);
    if (srv->n_pool < TDN_STORE_POOL_MAX) {
        srv->pool[srv->n_pool++] = st;
        st = NULL;
    }
    pthread_mutex_unlock(&srv->pool_lock);
    tdn_store_close(st);
}

void tdn_store_pool_close(tdn_server *srv)
{
    for (int i = 0; i < srv->n_pool; i++)
        tdn_store_close(srv->pool[i]);
    srv->n_pool = 0;
}

struct tdn_store *tdn_req_store(tdn_req *req, tdn_err *err)
{
    if (!req->store) req->store = tdn_store_acquire(req->srv, err);
    return req->store;
}

static void hex_hash(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(out, 65, r, sizeof r);
}

unsigned tdn_role_bit(const char *role)
{
    static const char *names[] = {"admin", "clinician", "front_desk", "patient"};
    for (unsigned i = 0; i < 4; i++)
        if (strcmp(role, names[i]) == 0) return 1u << i;
    return 0;
}

static void fill_user(tdn_web_user *u, const tdn_user *su, const tdn_auth_session *a)
{
    memset(u, 0, sizeof *u);
    u->id = su->id;
    snprintf(u->name, sizeof u->name, "%s", su->username);
    snprintf(u->display, sizeof u->display, "%s", su->display);
    snprintf(u->role, sizeof u->role, "%s", su->role);
    u->role_bit = tdn_role_bit(su->role);
    u->patient_id = su->patient_id;
    snprintf(u->csrf, sizeof u->csrf, "%s", a->csrf);
    snprintf(u->token_hash, sizeof u->token_hash, "%s", a->token_hash);
}

bool tdn_auth_load(tdn_req *req, tdn_web_user *user)
{
    const char *token = tdn_req_cookie(req, COOKIE);
    if (!token || strlen(token) != 64) return false;
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return false;
    char hash[65];
    hex_hash(token, hash);
    tdn_auth_session a;
    tdn_user su;
    if (tdn_store_auth_user(st, hash, &a, &su, &err)) return false;
    int idle = tdn_req_idle_minutes(req) * 60;
    if (req->now - a.last_seen > idle || req->now >= a.expires) {
        tdn_act act = {.actor = "web", .now = req->now};
        tdn_store_auth_end(st, &act, hash, &err);
        return false;
    }
    if (req->now - a.last_seen >= TOUCH_EVERY) tdn_store_auth_touch(st, hash, req->now, &err);
    fill_user(user, &su, &a);
    return true;
}

static const char *home_of(const tdn_user *u)
{
    return strcmp(u->role, "patient") == 0 ? "/diary" : "/today";
}

static bool wants_html(const tdn_req *req)
{
    const char *ct = tdn_req_header(req, "Content-Type");
    return ct && strncmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

static void set_cookie(tdn_req *req, tdn_resp *resp, const char *value, int max_age)
{
    snprintf(resp->cookie, sizeof resp->cookie,
             COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s", value, max_age,
             tdn_req_tls(req) ? "; Secure" : "");
}

void tdn_api_login(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    const char *name = tdn_in_str(req, "username");
    tdn_act act = {.actor = name, .now = req->now};
    tdn_user u;
    if (tdn_store_user_check_password(st, &act, name, tdn_in_str(req, "password"), &u, &err)) {
        if (err.status == TDN_ESYS) return tdn_resp_err(resp, &err);
        return tdn_resp_error(resp, strstr(err.msg, "locked") ? 429 : 401, "%s", err.msg);
    }
    tdn_auth_session a = {.user_id = u.id, .expires = req->now + SESSION_MAX_SECONDS};
    char token[65];
    random_hex(token);
    random_hex(a.csrf);
    hex_hash(token, a.token_hash);
    if (tdn_store_auth_create(st, &act, &a, &err)) return tdn_resp_err(resp, &err);
    set_cookie(req, resp, token, SESSION_MAX_SECONDS);
    if (wants_html(req)) {
        const char *next = tdn_in_str(req, "next");
        return tdn_resp_redirect(resp, tdn_safe_next(next) ? next : home_of(&u));
    }
    tdn_resp_json(resp, 200,
                  json_pack("{s:s,s:s,s:s,s:s}", "user", u.username, "role", u.role, "csrf", a.csrf,
                            "home", home_of(&u)));
}

void tdn_api_logout(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    tdn_act act = {.actor = req->user->name, .now = req->now};
    if (tdn_store_auth_end(st, &act, req->user->token_hash, &err)) return tdn_resp_err(resp, &err);
    set_cookie(req, resp, "", 0);
    if (strcmp(req->path, "/logout") == 0) return tdn_resp_redirect(resp, "/login");
    tdn_resp_json(resp, 200, json_pack("{s:b}", "signed_out", 1));
}

void tdn_api_me(tdn_req *req, tdn_resp *resp)
{
    const tdn_web_user *u = req->user;
    tdn_resp_json(resp, 200,
                  json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)u->id, "user", u->name,
                            "display", u->display, "role", u->role, "csrf", u->csrf));
}
