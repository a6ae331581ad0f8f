/* clock.c — the clinic's wall clock from a zone of spans (see clock.h). */
#include "core/clock.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int32_t tdn_tz_offset(const tdn_tz *z, int64_t t, const char **label)
{
    if (!z || z->n <= 0) {
        if (label) *label = "UTC";
        return 0;
    }
    int i = 0;
    while (i + 1 < z->n && z->spans[i + 1].from <= t)
        i++;
    if (label) *label = z->spans[i].label;
    return z->spans[i].offset;
}

static void numeric_label(int32_t offset, char out[TDN_TZ_LABEL])
{
    int32_t a = offset < 0 ? -offset : offset;
    snprintf(out, TDN_TZ_LABEL, "UTC%c%02d:%02d", offset < 0 ? '-' : '+', (int)(a / 3600 % 100),
             (int)(a / 60 % 60));
}

void tdn_tz_add(tdn_tz *z, int64_t from, int32_t offset, const char *label)
{
    char lab[TDN_TZ_LABEL];
    bool named =
        label && ((label[0] >= 'A' && label[0] <= 'Z') || (label[0] >= 'a' && label[0] <= 'z'));
    if (named && strlen(label) < sizeof lab)
        snprintf(lab, sizeof lab, "%s", label);
    else
        numeric_label(offset, lab);
    if (z->n > 0) {
        tdn_tz_span *last = &z->spans[z->n - 1];
        if (last->offset == offset && strcmp(last->label, lab) == 0) return;
        if (from <= last->from || z->n >= TDN_TZ_SPANS) return;
    }
    tdn_tz_span *s = &z->spans[z->n++];
    s->from = from;
    s->offset = offset;
    memcpy(s->label, lab, sizeof lab);
}

void tdn_clock(const tdn_tz *z, int64_t t, char out[TDN_CLOCK_LEN])
{
    const char *label;
    int64_t s = (t + tdn_tz_offset(z, t, &label)) % 86400;
    if (s < 0) s += 86400;
    snprintf(out, TDN_CLOCK_LEN, "%02d:%02d:%02d %s", (int)(s / 3600), (int)(s / 60 % 60),
             (int)(s % 60), label);
}

void tdn_date(const tdn_tz *z, int64_t t, char out[16])
{
    time_t tt = (time_t)(t + tdn_tz_offset(z, t, NULL));
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(out, 16, "%Y-%m-%d", &tm)) snprintf(out, 16, "?");
}
