/* ledger.c — counting needles in and out (see ledger.h). */
#include "core/ledger.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

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

int tdn_ledger_check_all_out(const tdn_needle *needles, int n, const char *action, int64_t now,
                             const tdn_tz *zone, tdn_err *err)
{
    tdn_ledger l = tdn_ledger_count(needles, n);
    if (l.in == 0) return TDN_OK;
    char list[400] = "";
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof list; i++) {
        const tdn_needle *nd = &needles[i];
        if (nd->state != TDN_NEEDLE_IN) continue;
        char clock[TDN_CLOCK_LEN];
        tdn_clock(zone, nd->round_at, clock);
        int written = snprintf(list + len, sizeof list - len, "%s#%d %s %c in since %s (%lld min)",
                               len ? "; " : "", nd->number, nd->muscle, nd->side, clock,
                               (long long)((now - nd->round_at) / 60));
        if (written < 0) break;
        len += (size_t)written;
    }
    return tdn_err_set(err, TDN_EINPUT,
                       "%s: refused, %d needle%s still in (withdraw or record as broken first): %s",
                       action, l.in, tdn_plural(l.in), list);
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
