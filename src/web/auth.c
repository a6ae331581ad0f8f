/* auth.c — web sign-in: the store pool, loading the session behind the
 * cookie on each request (idle expiry), POST /api/login (the argon2id check
 * outside any transaction, at most two at once; throttling by address in the
 * store), logout, and signing out everywhere. Tokens are 32 random bytes from libsodium;
 * the cookie carries the token, the database only its SHA-256, so a copy of
 * the database does not let anyone in. Nothing is kept in memory between
 * requests. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/invite.h"
#include "app/password.h"
#include "store/store.h"
#include "web/mhd_lib.h"
#include "web/routes.h"
#include "web/server.h"

#define COOKIE "tdn_session"
#define SESSION_MAX_SECONDS (12 * 3600)
#define TOUCH_EVERY 30 /* seconds: fewer writes under load */

struct tdn_store *tdn_store_acquire(tdn_server *srv, tdn_err *err)
{
    tdn_store *st = NULL;
    pthread_mutex_lock(&srv->pool_lock);
    while (srv->n_pool == 0 && srv->n_open >= srv->pool_size)
        pthread_cond_wait(&srv->pool_free, &srv->pool_lock);
    if (srv->n_pool > 0)
        st = srv->pool[--srv->n_pool];
    else
        srv->n_open++; /* this slot is ours: open outside the lock */
    pthread_mutex_unlock(&srv->pool_lock);
    if (!st && tdn_store_open(&st, srv->cfg.db_url, err)) {
        pthread_mutex_lock(&srv->pool_lock);
        srv->n_open--;
        pthread_cond_signal(&srv->pool_free);
        pthread_mutex_unlock(&srv->pool_lock);
        return NULL;
    }
    tdn_store_join(st, srv->group);
    return st;
}

void tdn_store_release(tdn_server *srv, struct tdn_store *st)
{
    pthread_mutex_lock(&srv->pool_lock);
    srv->pool[srv->n_pool++] = st; /* n_pool < n_open <= pool_size <= TDN_STORE_POOL_MAX */
    pthread_cond_signal(&srv->pool_free);
    pthread_mutex_unlock(&srv->pool_lock);
}

void tdn_store_pool_close(tdn_server *srv)
{
    for (int i = 0; i < srv->n_pool; i++)
        tdn_store_close(srv->pool[i]);
    srv->n_open -= srv->n_pool;
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
    char hash[65];
    hex_hash(token, hash);
    tdn_auth_session a;
    tdn_user su;
    if (!st || tdn_store_auth_user(st, hash, &a, &su, &err)) {
        if (err.status == TDN_ESYS) req->store_err = err; /* not "signed out": answer 503 */
        return false;
    }
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

/* The client's address as text ("127.0.0.1", "::1"); "unknown" when the
 * connection does not say. The socket's peer: tdn does not trust
 * X-Forwarded-For. */
static void client_address(const tdn_req *req, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        req->conn && tdn_mhd
            ? MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
            : NULL;
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    const char *ok = NULL;
    if (sa && sa->sa_family == AF_INET)
        ok = inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
    else if (sa && sa->sa_family == AF_INET6)
        ok =
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
    if (!ok) snprintf(out, cap, "unknown");
}

/* At most TDN_HASHES_AT_ONCE argon2id checks run at once in this process
 * (memory bound: TDN_HASHES_AT_ONCE x 64 MiB); a sign-in beyond that is
 * answered "busy" at once rather than queued: a waiting sign-in would hold
 * one of libmicrohttpd's worker threads, and the other requests of that
 * thread (a chart read) would wait with it. The count lives in the server. */
static bool gate_enter(tdn_server *srv)
{
    pthread_mutex_lock(&srv->hash_lock);
    bool admitted = srv->hashes_busy < TDN_HASHES_AT_ONCE;
    if (admitted) srv->hashes_busy++;
    pthread_mutex_unlock(&srv->hash_lock);
    return admitted;
}

static void gate_leave(tdn_server *srv)
{
    pthread_mutex_lock(&srv->hash_lock);
    srv->hashes_busy--;
    pthread_mutex_unlock(&srv->hash_lock);
}

/* One argon2id check through the gate; false in *admitted when too many
 * sign-ins are being checked already. */
static bool check_password(tdn_server *srv, const tdn_login *l, const char *password,
                           bool *admitted)
{
    *admitted = gate_enter(srv);
    if (!*admitted) return false;
    tdn_password_prepare(); /* the first sign-in of any name pays for the dummy */
    bool ok = tdn_password_verify(l->found ? l->hash : NULL, password);
    gate_leave(srv);
    return ok;
}

static void start_session(tdn_req *req, tdn_resp *resp, tdn_store *st, const tdn_act *act,
                          const tdn_user *u)
{
    tdn_err err = {0};
    tdn_auth_session a = {.user_id = u->id, .expires = req->now + SESSION_MAX_SECONDS};
    char token[65];
    random_hex(token);
    random_hex(a.csrf);
    hex_hash(token, a.token_hash);
    if (tdn_store_auth_create(st, act, &a, &err)) return tdn_resp_err(resp, &err);
    set_cookie(req, resp, token, SESSION_MAX_SECONDS);
    if (wants_html(req)) {
        const char *next = tdn_in_str(req, "next");
        return tdn_resp_redirect(resp, tdn_safe_next(next) ? next : home_of(u));
    }
    tdn_resp_json(resp, 200,
                  json_pack("{s:s,s:s,s:s,s:s}", "user", u->username, "role", u->role, "csrf",
                            a.csrf, "home", home_of(u)));
}

/* POST /api/login. Every wrong name or password gets the same 401 after one
 * argon2id check; an address that must wait (store.h: per address and per
 * address and name, names that are not users alike) gets 429 "too many
 * sign-in attempts from this address" without a check, whatever the name;
 * when two checks are running already, 503 "busy" without a check (counted
 * against the address, so a flooding address soon gets 429s). */
void tdn_api_login(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    const char *name = tdn_in_str(req, "username");
    char addr[TDN_ADDRESS_MAX + 1];
    client_address(req, addr, sizeof addr);
    tdn_act act = {.actor = name, .now = req->now};
    tdn_login l;
    if (tdn_store_login_fetch(st, addr, name, req->now, &l, &err)) return tdn_resp_err(resp, &err);
    if (l.wait > 0) {
        if (tdn_store_login_record(st, &act, addr, &l, TDN_LOGIN_THROTTLED, &err))
            return tdn_resp_err(resp, &err);
        return tdn_resp_error(resp, 429,
                              "login: too many sign-in attempts from this address; wait %lld s",
                              (long long)l.wait);
    }
    bool admitted = false;
    bool ok = check_password(req->srv, &l, tdn_in_str(req, "password"), &admitted);
    sodium_memzero(l.hash, sizeof l.hash);
    if (!admitted && tdn_store_login_record(st, &act, addr, &l, TDN_LOGIN_BUSY, &err))
        return tdn_resp_err(resp, &err);
    if (!admitted)
        return tdn_resp_error(resp, 503,
                              "login: the server is busy checking other sign-ins; try again "
                              "in a few seconds");
    if (tdn_store_login_record(st, &act, addr, &l, ok ? TDN_LOGIN_RIGHT : TDN_LOGIN_WRONG, &err))
        return tdn_resp_err(resp, &err);
    if (!ok) return tdn_resp_error(resp, 401, "login: username or password is wrong");
    start_session(req, resp, st, &act, &l.user);
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

/* POST /api/logout-all (and the form's /logout-all): ends every session of
 * the signed-in user, this one included. */
void tdn_api_logout_all(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    tdn_act act = {.actor = req->user->name, .now = req->now};
    int64_t n = 0;
    if (tdn_store_auth_end_user(st, &act, req->user->id, &n, &err)) return tdn_resp_err(resp, &err);
    set_cookie(req, resp, "", 0);
    if (strcmp(req->path, "/logout-all") == 0) return tdn_resp_redirect(resp, "/login");
    tdn_resp_json(resp, 200, json_pack("{s:b,s:I}", "signed_out", 1, "sessions", (json_int_t)n));
}

/* POST /api/users/:id/logout-all: an admin ends every session of a user. */
void tdn_api_user_logout_all(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    tdn_act act = {.actor = req->user->name, .now = req->now};
    int64_t n = 0;
    if (tdn_store_auth_end_user(st, &act, req->id[0], &n, &err)) return tdn_resp_err(resp, &err);
    if (req->id[0] == req->user->id) set_cookie(req, resp, "", 0);
    tdn_resp_json(resp, 200, json_pack("{s:I}", "sessions", (json_int_t)n));
}

void tdn_api_me(tdn_req *req, tdn_resp *resp)
{
    const tdn_web_user *u = req->user;
    tdn_resp_json(resp, 200,
                  json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)u->id, "user", u->name,
                            "display", u->display, "role", u->role, "csrf", u->csrf));
}

/* POST /api/login/invitation (app/invite.h): a patient uses the desk's
 * one-time code to choose a password and is signed in. The password rule
 * and the code's shape are 400s that use nothing up; an unknown, used or
 * expired code is a 401 in words a patient understands, counted like a
 * wrong password against the address (and refused with 429 while it must
 * wait), so codes cannot be guessed faster than passwords. */
void tdn_api_login_invitation(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    char addr[TDN_ADDRESS_MAX + 1];
    client_address(req, addr, sizeof addr);
    tdn_act act = {.actor = "invitation", .now = req->now};
    tdn_login l;
    if (tdn_store_login_fetch(st, addr, "(invitation)", req->now, &l, &err))
        return tdn_resp_err(resp, &err);
    if (l.wait > 0)
        return tdn_resp_error(resp, 429,
                              "invitation: too many tries from this address; wait %lld s",
                              (long long)l.wait);
    if (!gate_enter(req->srv))
        return tdn_resp_error(resp, 503,
                              "invitation: the server is busy; try again in a few "
                              "seconds");
    tdn_invite_state state = TDN_INVITE_UNKNOWN;
    tdn_user u;
    int rc = tdn_invite_redeem(st, &act, tdn_in_str(req, "code"), tdn_in_str(req, "password"),
                               &state, &u, &err);
    gate_leave(req->srv);
    if (rc) return tdn_resp_err(resp, &err);
    if (state != TDN_INVITE_VALID) {
        if (tdn_store_login_record(st, &act, addr, &l, TDN_LOGIN_WRONG, &err))
            return tdn_resp_err(resp, &err);
        return tdn_resp_error(resp, 401, "invitation: %s", tdn_invite_state_words(state));
    }
    tdn_act as_patient = {.actor = u.username, .now = req->now};
    start_session(req, resp, st, &as_patient, &u);
}
