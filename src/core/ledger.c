/* ledger.c — counting needles in and out (see ledger.h). */
#include "core/ledger.h"

#include <stdio.h>
#include <string.h>

tdn_ledger tdn_ledger_count(const tdn_needle *needles, int n)
{
    tdn_ledger l = {.inserted = n};
    for (int i = 0; i < n; i++) {
        if (needles[i].state == TDN_NEEDLE_IN)
            l.in++;
        else if (needles[i].state == TDN_NEEDLE_OUT)
            l.withdrawn++;
        else if (needles[i].state == TDN_NEEDLE_BROKEN)
            l.broken++;
    }
    return l;
}

bool tdn_ledger_balanced(const tdn_ledger *l)
{
    return l->inserted == l->withdrawn + l->broken + l->in;
}

void tdn_clock_utc(int64_t t, char out[16])
{
    int64_t s = t % 86400;
    if (s < 0) s += 86400;
    snprintf(out, 16, "%02d:%02d:%02d UTC", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

void tdn_date_utc(int64_t t, char out[16])
{
    /* days to civil date (proleptic Gregorian), after H. Hinnant's algorithm */
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    if (y < 0 || y > 9999) y = 0;
    snprintf(out, 16, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

int tdn_ledger_check_all_out(const tdn_needle *needles, int n, const char *action, int64_t now,
                             tdn_err *err)
{
    tdn_ledger l = tdn_ledger_count(needles, n);
    if (l.in == 0) return TDN_OK;
    char list[400] = "";
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof list; i++) {
        const tdn_needle *nd = &needles[i];
        if (nd->state != TDN_NEEDLE_IN) continue;
        char clock[16];
        tdn_clock_utc(nd->round_at, clock);
        int written = snprintf(list + len, sizeof list - len, "%s#%d %s %c in since %s (%lld min)",
                               len ? "; " : "", nd->number, nd->muscle, nd->side, clock,
                               (long long)((now - nd->round_at) / 60));
        if (written < 0) break;
        len += (size_t)written;
    }
    return tdn_err_set(err, TDN_EINPUT,
                       "%s: refused, %d needle%s still in (withdraw or record as broken first): %s",
                       action, l.in, l.in == 1 ? "" : "s", list);
}

const char *tdn_technique_name(int technique)
{
    return technique == TDN_TECH_DEEP          ? "deep"
           : technique == TDN_TECH_SUPERFICIAL ? "superficial"
                                               : "?";
}

int tdn_technique_parse(const char *s)
{
    if (strcmp(s, "deep") == 0) return TDN_TECH_DEEP;
    if (strcmp(s, "superficial") == 0) return TDN_TECH_SUPERFICIAL;
    return 0;
}

const char *tdn_needle_state_name(int state)
{
    return state == TDN_NEEDLE_IN       ? "in"
           : state == TDN_NEEDLE_OUT    ? "out"
           : state == TDN_NEEDLE_BROKEN ? "broken"
                                        : "?";
}
