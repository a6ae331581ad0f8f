/* buf.c — growable text buffer (see buf.h). */
#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(tdn_buf *b, size_t extra)
{
    if (b->oom) return false;
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void tdn_buf_putn(tdn_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tdn_buf_put(tdn_buf *b, const char *s)
{
    tdn_buf_putn(b, s, strlen(s));
}

void tdn_buf_putc(tdn_buf *b, char c)
{
    tdn_buf_putn(b, &c, 1);
}

void tdn_buf_printf(tdn_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void tdn_buf_put_html(tdn_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            tdn_buf_put(b, "&amp;");
            break;
        case '<':
            tdn_buf_put(b, "&lt;");
            break;
        case '>':
            tdn_buf_put(b, "&gt;");
            break;
        case '"':
            tdn_buf_put(b, "&quot;");
            break;
        case '\'':
            tdn_buf_put(b, "&#39;");
            break;
        default:
            tdn_buf_putc(b, *s);
        }
    }
}

const char *tdn_buf_str(const tdn_buf *b)
{
    return b->data ? b->data : "";
}

void tdn_buf_reset(tdn_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void tdn_buf_free(tdn_buf *b)
{
    free(b->data);
    *b = (tdn_buf){0};
}

/* The escape of control character c ("\\n"), or NULL for \u00XX. */
static const char *json_short_escape(unsigned char c)
{
    switch (c) {
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        return NULL;
    }
}

void tdn_buf_put_json_strn(tdn_buf *b, const char *s, size_t n)
{
    tdn_buf_putc(b, '"');
    size_t from = 0; /* start of the run of bytes copied as they are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        tdn_buf_putn(b, s + from, i - from);
        from = i + 1;
        const char *esc = json_short_escape(c);
        if (c == '"' || c == '\\') {
            tdn_buf_putc(b, '\\');
            tdn_buf_putc(b, (char)c);
        } else if (esc) {
            tdn_buf_put(b, esc);
        } else {
            tdn_buf_printf(b, "\\u%04x", c);
        }
    }
    tdn_buf_putn(b, s + from, n - from);
    tdn_buf_putc(b, '"');
}

void tdn_buf_put_json_str(tdn_buf *b, const char *s)
{
    tdn_buf_put_json_strn(b, s, strlen(s));
}
