/* http.h — what the web server's route handlers see: a request whose path
 * parameters, query and JSON body were already validated against the route's
 * declared fields, the signed-in user (roles checked before the handler
 * runs), and a response to fill. Handlers return nothing; they set the
 * response with the helpers below. Internal to src/web/. */
#ifndef TDN_WEB_HTTP_H
#define TDN_WEB_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/kb.h"

struct tdn_server;
struct tdn_store;

/* Roles, one bit each; a route lists the roles that may use it. */
enum {
    TDN_ROLE_ADMIN = 1,
    TDN_ROLE_CLINICIAN = 2,
    TDN_ROLE_FRONT_DESK = 4,
    TDN_ROLE_PATIENT = 8,
};
#define TDN_ROLES_STAFF (TDN_ROLE_ADMIN | TDN_ROLE_CLINICIAN | TDN_ROLE_FRONT_DESK)
#define TDN_ROLES_CLINICAL (TDN_ROLE_ADMIN | TDN_ROLE_CLINICIAN)
#define TDN_ROLES_ANY (TDN_ROLES_STAFF | TDN_ROLE_PATIENT)

/* Route flags. */
enum {
    TDN_RF_PUBLIC = 1, /* no sign-in needed */
    TDN_RF_PAGE = 2,   /* HTML page: unauthenticated -> 303 to /login */
    TDN_RF_NOCSRF = 4, /* state change allowed without CSRF token (login only) */
};

/* Field types for declared inputs (query string or JSON body). */
enum tdn_ftype {
    TDN_F_STR,    /* one line of text (no control characters), length 1..hi (hi 0 = 200);
                     empty allowed when lo < 0 */
    TDN_F_TEXT,   /* free text, 0..hi characters (hi 0 = 20000), newlines allowed */
    TDN_F_INT,    /* whole number in lo..hi */
    TDN_F_NUM,    /* number in lo..hi */
    TDN_F_BOOL,   /* true/false */
    TDN_F_DATE,   /* YYYY-MM-DD that exists */
    TDN_F_ENUM,   /* one of choices "a|b|c" */
    TDN_F_ID,     /* positive whole number (a record id) */
    TDN_F_STRS,   /* array of strings, at most hi (0 = 64) items */
    TDN_F_OBJECT, /* JSON object checked by the handler / core */
    TDN_F_ARRAY,  /* JSON array checked by the handler / core */
};

typedef struct tdn_field {
    const char *name;
    int type; /* enum tdn_ftype */
    bool required;
    double lo, hi;
    const char *choices; /* TDN_F_ENUM */
} tdn_field;

typedef struct tdn_web_user {
    int64_t id;
    char name[72];
    char display[208];
    char role[16];
    unsigned role_bit;
    int64_t patient_id; /* the patient record of a patient login, else 0 */
    char csrf[72];      /* the session's CSRF token */
    char token_hash[72];
} tdn_web_user;

#define TDN_MAX_PARAMS 4
#define TDN_MAX_QUERY_ARGS 64 /* more query arguments answer 400 */

/* Where a request's headers, cookies and query arguments come from: the HTTP
 * connection when serving (serve.c), a request built in memory in tests and
 * the fuzz target. Lookups return NULL when absent; each_query calls fn once
 * per query argument (value "" when none given). ctx is tdn_req.conn. */
typedef struct tdn_req_src {
    const char *(*header)(void *ctx, const char *name);
    const char *(*cookie)(void *ctx, const char *name);
    void (*each_query)(void *ctx, void (*fn)(void *arg, const char *key, const char *value),
                       void *arg);
} tdn_req_src;

typedef struct tdn_req {
    struct tdn_server *srv;
    const tdn_req_src *src; /* headers, cookies, query of this request */
    void *conn;             /* the source's context (serve.c: struct MHD_Connection) */
    const char *method;
    const char *path;
    int64_t id[TDN_MAX_PARAMS];      /* ":id" path parameters in order */
    const char *seg[TDN_MAX_PARAMS]; /* "*name" path parameters in order */
    int n_id, n_seg;
    json_t *in;               /* validated query + body fields (object, never NULL) */
    const tdn_web_user *user; /* NULL only on public routes without a session */
    int64_t now;              /* unix seconds */
    struct tdn_store *store;  /* this request's store handle (NULL if none) */
    bool too_many_args;       /* the server dropped a query of more than TDN_MAX_QUERY_ARGS */
    tdn_err store_err;        /* why the session could not be read (database down), if so */
} tdn_req;

typedef struct tdn_resp {
    int status;
    const char *ctype;
    tdn_buf body;
    const unsigned char *fixed; /* static bytes (assets) instead of body */
    size_t fixed_len;
    const char *cache; /* Cache-Control, default "no-store" */
    char cookie[384];  /* Set-Cookie value, if any */
    char location[512];
    const char *disposition; /* Content-Disposition (a download), static text, or NULL */
    char reason[32];         /* an error's field ("csrf", "role", "server"), for the log */
} tdn_resp;

typedef void (*tdn_handler)(tdn_req *req, tdn_resp *resp);

typedef struct tdn_route {
    const char *method;  /* "GET", "POST", "PUT", "DELETE" */
    const char *pattern; /* "/api/patients/:id"; "*x" is a free segment */
    unsigned roles;      /* TDN_ROLE_* bits; ignored with TDN_RF_PUBLIC */
    unsigned flags;      /* TDN_RF_* */
    tdn_handler fn;
    const tdn_field *fields; /* terminated by {0}; NULL = none accepted */
} tdn_route;

/* The route table (routes.c), terminated by an entry with method NULL. */
extern const tdn_route tdn_routes[];

/* Server-wide read-only state for handlers. */
const tdn_kb *tdn_req_kb(const tdn_req *req);
const char *tdn_req_build_id(const tdn_req *req);
const struct tdn_screen_rules *tdn_req_screen_rules(const tdn_req *req);
const struct tdn_needling_rules *tdn_req_needling_rules(const tdn_req *req);
/* True when browsers reach the server over HTTPS (--behind-tls-proxy). */
bool tdn_req_tls(const tdn_req *req);
int tdn_req_idle_minutes(const tdn_req *req);
/* The knowledge base's data files (embedded or --kb), for data read per page. */
const struct tdn_kbfiles *tdn_req_kbfiles(const tdn_req *req);
/* A request header / cookie value, or NULL. */
const char *tdn_req_header(const tdn_req *req, const char *name);
const char *tdn_req_cookie(const tdn_req *req, const char *name);

/* This request's store handle, opened from the pool on first use (returned
 * when the request ends); NULL with err set when the store cannot be opened. */
struct tdn_store *tdn_req_store(tdn_req *req, tdn_err *err);
/* TDN_ROLE_* bit of a role name, 0 when unknown. */
unsigned tdn_role_bit(const char *role);

/* Field accessors on req->in (already validated). */
const char *tdn_in_str(const tdn_req *req, const char *name); /* NULL when absent */
int64_t tdn_in_int(const tdn_req *req, const char *name, int64_t dflt);
double tdn_in_num(const tdn_req *req, const char *name, double dflt);
bool tdn_in_bool(const tdn_req *req, const char *name, bool dflt);
json_t *tdn_in_json(const tdn_req *req, const char *name); /* borrowed, NULL when absent */

/* Responses. tdn_resp_json steals v (NULL -> 500). */
void tdn_resp_json(tdn_resp *resp, int status, json_t *v);
void tdn_resp_error(tdn_resp *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Maps a tdn_err to 400 (TDN_EINPUT; 404 when the message says "not found",
 * 409 when it says "refused", "already" or "changed by someone else": an edit
 * conflict) or 500, with {"error": msg}. */
void tdn_resp_err(tdn_resp *resp, const tdn_err *err);
void tdn_resp_redirect(tdn_resp *resp, const char *location);
/* Keeps the field an error message names (the text before its first ':',
 * letters, digits, '_', '.' and '-' only) as resp->reason. */
void tdn_resp_reason(tdn_resp *resp, const char *msg);

/* Validates obj against fields (NULL-terminated). from_text: values came
 * from a query string or form and may be coerced from text. On error returns
 * TDN_EINPUT with "field: problem". */
int tdn_fields_check(const tdn_field *fields, json_t *obj, bool from_text, tdn_err *err);

/* Appends fmt to b like printf, except that every %s argument is HTML-escaped:
 * the one place where user text enters HTML. Raw markup goes through
 * tdn_buf_put with literals only. */
void tdn_html(tdn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
