/* fields.c — typed validation of a route's declared inputs before its
 * handler runs (kcgi-style), accessors for the validated values, JSON
 * response helpers and HTML formatting that escapes every %s argument. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/http.h"

static const tdn_field *find_field(const tdn_field *fields, const char *name)
{
    for (const tdn_field *f = fields; f && f->name; f++)
        if (strcmp(f->name, name) == 0) return f;
    return NULL;
}

static int unknown_key(const tdn_field *fields, const char *key, tdn_err *err)
{
    tdn_buf b = {0};
    for (const tdn_field *f = fields; f && f->name; f++)
        tdn_buf_printf(&b, "%s%s", b.len ? ", " : "", f->name);
    int rc = tdn_err_set(err, TDN_EINPUT, "%.64s: unknown field (expected %s)", key,
                         b.len ? tdn_buf_str(&b) : "no fields");
    tdn_buf_free(&b);
    return rc;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static bool in_choices(const char *choices, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = choices; *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && n && memcmp(p, s, n) == 0) return true;
        p += len + (p[len] == '|');
    }
    return false;
}

/* Turns a text value into the field's JSON type; NULL when it cannot be. */
static json_t *coerce(const tdn_field *f, const char *s)
{
    char *end;
    switch (f->type) {
    case TDN_F_INT:
    case TDN_F_ID: {
        long long v = strtoll(s, &end, 10);
        return (*s && !*end) ? json_integer(v) : NULL;
    }
    case TDN_F_NUM: {
        double v = strtod(s, &end);
        return (*s && !*end && isfinite(v)) ? json_real(v) : NULL;
    }
    case TDN_F_BOOL:
        if (!strcmp(s, "true") || !strcmp(s, "on") || !strcmp(s, "1")) return json_true();
        if (!strcmp(s, "false") || !strcmp(s, "off") || !strcmp(s, "0") || !*s) return json_false();
        return NULL;
    case TDN_F_STRS:
        return json_pack("[s]", s);
    default:
        return NULL;
    }
}

static int check_string(const tdn_field *f, json_t *v, tdn_err *err)
{
    if (!json_is_string(v)) return tdn_err_set(err, TDN_EINPUT, "%s: must be text", f->name);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    double hi = f->hi > 0 ? f->hi : (f->type == TDN_F_TEXT ? 20000 : 200);
    if (strlen(s) != n) return tdn_err_set(err, TDN_EINPUT, "%s: contains a NUL byte", f->name);
    if (f->type == TDN_F_STR && n == 0 && f->lo >= 0)
        return tdn_err_set(err, TDN_EINPUT, "%s: must not be empty", f->name);
    if ((double)n > hi)
        return tdn_err_set(err, TDN_EINPUT, "%s: longer than %.0f characters", f->name, hi);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool ok = c >= 0x20 || (f->type == TDN_F_TEXT && (c == '\n' || c == '\r' || c == '\t'));
        if (!ok) return tdn_err_set(err, TDN_EINPUT, "%s: contains a control character", f->name);
    }
    if (f->type == TDN_F_DATE && !valid_date(s))
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.32s' is not a date YYYY-MM-DD that exists",
                           f->name, s);
    if (f->type == TDN_F_ENUM && !in_choices(f->choices, s)) {
        char list[256];
        snprintf(list, sizeof list, "%s", f->choices);
        for (char *p = list; *p; p++)
            if (*p == '|') *p = '/';
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.40s' is not one of %s", f->name, s, list);
    }
    return TDN_OK;
}

static int check_number(const tdn_field *f, json_t *v, tdn_err *err)
{
    if (f->type == TDN_F_NUM) {
        if (!json_is_number(v) || !(json_number_value(v) >= f->lo && json_number_value(v) <= f->hi))
            return tdn_err_set(err, TDN_EINPUT, "%s: must be a number from %g to %g", f->name,
                               f->lo, f->hi);
        return TDN_OK;
    }
    double lo = f->type == TDN_F_ID ? 1 : f->lo, hi = f->type == TDN_F_ID ? 9e15 : f->hi;
    if (!json_is_integer(v) || (double)json_integer_value(v) < lo ||
        (double)json_integer_value(v) > hi) {
        if (f->type == TDN_F_ID)
            return tdn_err_set(err, TDN_EINPUT, "%s: must be a record id (a positive whole number)",
                               f->name);
        return tdn_err_set(err, TDN_EINPUT, "%s: must be a whole number from %.0f to %.0f", f->name,
                           lo, hi);
    }
    return TDN_OK;
}

static int check_value(const tdn_field *f, json_t *v, tdn_err *err)
{
    switch (f->type) {
    case TDN_F_STR:
    case TDN_F_TEXT:
    case TDN_F_DATE:
    case TDN_F_ENUM:
        return check_string(f, v, err);
    case TDN_F_INT:
    case TDN_F_NUM:
    case TDN_F_ID:
        return check_number(f, v, err);
    case TDN_F_BOOL:
        return json_is_boolean(v)
                   ? TDN_OK
                   : tdn_err_set(err, TDN_EINPUT, "%s: must be true or false", f->name);
    case TDN_F_STRS: {
        size_t max = f->hi > 0 ? (size_t)f->hi : 64, i;
        json_t *x;
        if (!json_is_array(v) || json_array_size(v) > max)
            return tdn_err_set(err, TDN_EINPUT, "%s: must be a list of at most %zu texts", f->name,
                               max);
        json_array_foreach(
            v, i,
            x) if (!json_is_string(x) ||
                   json_string_length(x) >
                       200) return tdn_err_set(err, TDN_EINPUT,
                                               "%s[%zu]: must be text of at most 200 characters",
                                               f->name, i);
        return TDN_OK;
    }
    case TDN_F_OBJECT:
        return json_is_object(v)
                   ? TDN_OK
                   : tdn_err_set(err, TDN_EINPUT, "%s: must be a JSON object", f->name);
    case TDN_F_ARRAY:
        return json_is_array(v) ? TDN_OK
                                : tdn_err_set(err, TDN_EINPUT, "%s: must be a JSON array", f->name);
    }
    return tdn_err_set(err, TDN_ESYS, "%s: bad field declaration", f->name);
}

int tdn_fields_check(const tdn_field *fields, json_t *obj, bool from_text, tdn_err *err)
{
    const char *key;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(obj, tmp, key, v)
    {
        const tdn_field *f = find_field(fields, key);
        if (!f) return unknown_key(fields, key, err);
        if (from_text && f->type != TDN_F_TEXT && json_is_string(v) && json_string_length(v) == 0 &&
            !f->required) {
            json_object_del(obj, key); /* an empty optional form field is absent */
            continue;
        }
        if (from_text && json_is_string(v) && f->type != TDN_F_STR && f->type != TDN_F_TEXT &&
            f->type != TDN_F_DATE && f->type != TDN_F_ENUM) {
            json_t *c = coerce(f, json_string_value(v));
            if (!c) {
                json_t *bad = json_null();
                int rc = check_value(f, bad, err);
                json_decref(bad);
                return rc;
            }
            json_object_set_new(obj, key, c);
            v = c;
        }
        if (check_value(f, v, err)) return TDN_EINPUT;
    }
    for (const tdn_field *f = fields; f && f->name; f++)
        if (f->required && !json_object_get(obj, f->name))
            return tdn_err_set(err, TDN_EINPUT, "%s: required", f->name);
    return TDN_OK;
}

const char *tdn_in_str(const tdn_req *req, const char *name)
{
    return json_string_value(json_object_get(req->in, name));
}

int64_t tdn_in_int(const tdn_req *req, const char *name, int64_t dflt)
{
    json_t *v = json_object_get(req->in, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

double tdn_in_num(const tdn_req *req, const char *name, double dflt)
{
    json_t *v = json_object_get(req->in, name);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

bool tdn_in_bool(const tdn_req *req, const char *name, bool dflt)
{
    json_t *v = json_object_get(req->in, name);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

json_t *tdn_in_json(const tdn_req *req, const char *name)
{
    return json_object_get(req->in, name);
}

void tdn_resp_json(tdn_resp *resp, int status, json_t *v)
{
    tdn_buf_reset(&resp->body);
    resp->ctype = "application/json";
    if (!v) {
        resp->status = 500;
        tdn_buf_put(&resp->body, "{\"error\":\"server: out of memory\"}");
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(v);
    resp->status = s ? status : 500;
    tdn_buf_put(&resp->body, s ? s : "{\"error\":\"server: out of memory\"}");
    free(s);
}

/* Length of the UTF-8 sequence at s, or 0 when it is not a valid one (as
 * jansson judges: no overlong forms, surrogates or code points past U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = s[0] < 0x80         ? 1
               : (s[0] >> 5) == 6  ? 2
               : (s[0] >> 4) == 14 ? 3
               : (s[0] >> 3) == 30 ? 4
                                   : 0;
    uint32_t cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1fu : n == 3 ? s[0] & 0x0fu : s[0] & 0x07u;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (n == 0 || cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return n;
}

/* Replaces every byte that is not part of valid UTF-8 with '?': error
 * messages quote user text cut at a byte count (%.40s), and JSON must hold
 * text. */
static void utf8_repair(char *msg)
{
    for (unsigned char *p = (unsigned char *)msg; *p;) {
        size_t n = utf8_len(p);
        if (n == 0) *p = '?';
        p += n ? n : 1;
    }
}

void tdn_resp_error(tdn_resp *resp, int status, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    utf8_repair(msg);
    tdn_resp_json(resp, status, json_pack("{s:s}", "error", msg));
    tdn_resp_reason(resp, msg);
}

void tdn_resp_reason(tdn_resp *resp, const char *msg)
{
    size_t n = 0;
    for (const char *p = msg; *p && *p != ':' && n + 1 < sizeof resp->reason; p++)
        if (isalnum((unsigned char)*p) || strchr("_.-", *p)) resp->reason[n++] = *p;
    resp->reason[n] = '\0';
}

void tdn_resp_err(tdn_resp *resp, const tdn_err *err)
{
    int status = 500;
    /* PostgreSQL is down or restarting (store/pg.c): try again later */
    if (err->status == TDN_ESYS && (strstr(err->msg, "database unavailable") ||
                                    strstr(err->msg, "cannot connect to PostgreSQL")))
        status = 503;
    if (err->status == TDN_EINPUT) {
        status = 400;
        if (strstr(err->msg, "not found") || strstr(err->msg, "no such") ||
            strstr(err->msg, " with id "))
            status = 404;
        /* refused by the record's state, or an edit conflict (saved by
         * someone else meanwhile): the request was fine, the record moved */
        if (strstr(err->msg, "refused") || strstr(err->msg, "already") ||
            strstr(err->msg, "changed by someone else"))
            status = 409;
    }
    tdn_resp_error(resp, status, "%s", err->msg[0] ? err->msg : "server: failed");
}

void tdn_resp_redirect(tdn_resp *resp, const char *location)
{
    resp->status = 303;
    snprintf(resp->location, sizeof resp->location, "%s", location);
}

/* Copies one conversion spec starting at fmt ('%') into spec; returns its length. */
static size_t conv_spec(const char *fmt, char *spec, size_t cap)
{
    size_t n = 1;
    while (fmt[n] && strchr("-+ #0123456789.", fmt[n]))
        n++;
    while (fmt[n] && strchr("hlzjt", fmt[n]))
        n++;
    if (fmt[n]) n++;
    if (n >= cap) n = cap - 1;
    memcpy(spec, fmt, n);
    spec[n] = '\0';
    return n;
}

static void put_conv(tdn_buf *b, const char *spec, va_list *ap)
{
    size_t n = strlen(spec);
    char c = spec[n - 1];
    bool ll = strstr(spec, "ll") != NULL, l = !ll && strchr(spec, 'l'), z = strchr(spec, 'z');
    if (c == 's') {
        const char *s = va_arg(*ap, const char *);
        tdn_buf_put_html(b, s ? s : "");
    } else if (c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'c') {
        if (ll)
            tdn_buf_printf(b, spec, va_arg(*ap, long long));
        else if (l)
            tdn_buf_printf(b, spec, va_arg(*ap, long));
        else if (z)
            tdn_buf_printf(b, spec, va_arg(*ap, size_t));
        else
            tdn_buf_printf(b, spec, va_arg(*ap, int));
    } else if (c == 'f' || c == 'g' || c == 'e') {
        tdn_buf_printf(b, spec, va_arg(*ap, double));
    } else if (c == '%') {
        tdn_buf_putc(b, '%');
    }
}

void tdn_html(tdn_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    while (*fmt) {
        size_t lit = strcspn(fmt, "%");
        tdn_buf_putn(b, fmt, lit);
        fmt += lit;
        if (!*fmt) break;
        char spec[16];
        fmt += conv_spec(fmt, spec, sizeof spec);
        put_conv(b, spec, &ap);
    }
    va_end(ap);
}
