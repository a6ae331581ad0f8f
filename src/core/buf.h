/* buf.h — one growable text buffer for JSON, HTML, SQL and report text.
 * A buffer starts zeroed ({0}); it always holds a NUL-terminated string once
 * anything was appended. Allocation failure sets `oom` and later appends are
 * ignored, so callers check once at the end. The caller frees with tdn_buf_free. */
#ifndef TDN_BUF_H
#define TDN_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tdn_buf {
    char *data;
    size_t len;
    size_t cap;
    bool oom;
} tdn_buf;

void tdn_buf_put(tdn_buf *b, const char *s);
void tdn_buf_putn(tdn_buf *b, const char *s, size_t n);
void tdn_buf_putc(tdn_buf *b, char c);
void tdn_buf_printf(tdn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with HTML special characters escaped (& < > " '). */
void tdn_buf_put_html(tdn_buf *b, const char *s);
/* Appends n bytes of s as a JSON string, quotes included: " and \ escaped,
 * control characters as \n, \t, ... or \u00XX; other bytes (UTF-8) as they
 * are, so s must be valid UTF-8. */
void tdn_buf_put_json_strn(tdn_buf *b, const char *s, size_t n);
void tdn_buf_put_json_str(tdn_buf *b, const char *s);
/* The plural ending of a count: "" for one, "s" otherwise, as in
 * printf("%d needle%s", n, tdn_plural(n)). */
static inline const char *tdn_plural(long long n)
{
    return n == 1 ? "" : "s";
}
/* Returns the text ("" when empty); never NULL. */
const char *tdn_buf_str(const tdn_buf *b);
void tdn_buf_reset(tdn_buf *b);
void tdn_buf_free(tdn_buf *b);

#endif
