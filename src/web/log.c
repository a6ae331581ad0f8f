/* log.c — the server's event log: one logfmt line per event on stderr
 * (ts=... level=... event=... key=value ...), which log collectors read as
 * they are. Logged: every answer that is a server error (5xx, level=error),
 * a refusal (403) or a sign-in lockout (429, level=warn), and slow clients cut
 * off. A line holds the method, the path without its query string, the
 * status, the field the error names and the client address: never a query,
 * a body, a name or any other patient data. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/log.h"

/* Writes value as a logfmt value: bare when plain, else quoted with \" \\ and
 * control characters escaped; at most cap bytes of out. */
static void logfmt_value(char *out, size_t cap, const char *value)
{
    bool plain = *value != '\0';
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '=' || *p == '\\' ||
            (unsigned char)*p >= 0x7f)
            plain = false;
    size_t n = 0;
    if (!plain && n + 1 < cap) out[n++] = '"';
    for (const char *p = value; *p && n + 5 < cap; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            out[n++] = '\\';
            out[n++] = (char)c;
        } else if (c < ' ' || c == 0x7f) {
            n += (size_t)snprintf(out + n, cap - n, "\\x%02x", c);
        } else {
            out[n++] = (char)c;
        }
    }
    if (!plain && n + 1 < cap) out[n++] = '"';
    out[n] = '\0';
}

static void timestamp(char out[32])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool tdn_log_wanted(int status)
{
    return status >= 500 || status == 403 || status == 429;
}

void tdn_log_answer(const char *method, const char *path, int status, const char *reason,
                    const char *addr)
{
    if (!tdn_log_wanted(status)) return;
    char ts[32], m[24], p[320], r[48], a[64];
    timestamp(ts);
    logfmt_value(m, sizeof m, method ? method : "");
    char bare[256];
    snprintf(bare, sizeof bare, "%.*s", (int)strcspn(path ? path : "", "?"), path ? path : "");
    logfmt_value(p, sizeof p, bare);
    logfmt_value(r, sizeof r, reason && *reason ? reason : "-");
    logfmt_value(a, sizeof a, addr && *addr ? addr : "-");
    fprintf(stderr, "ts=%s level=%s event=answer status=%d method=%s path=%s reason=%s addr=%s\n",
            ts, status >= 500 ? "error" : "warn", status, m, p, r, a);
}

void tdn_log_slow_client(void)
{
    char ts[32];
    timestamp(ts);
    fprintf(stderr, "ts=%s level=warn event=slow_head reason=head_deadline\n", ts);
}
