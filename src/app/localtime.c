/* localtime.c — the clinic's time zone and local time (see localtime.h). */
#include "app/localtime.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/body.h"

static const char *tz_dir(void)
{
    const char *d = getenv("TZDIR");
    return d && *d ? d : "/usr/share/zoneinfo";
}

/* Letters, digits and - + _ in /-separated parts, none starting with a dot:
 * a name can not leave the tz directory. */
static bool plausible_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > TDN_TZ_NAME_MAX || name[0] == '/' || name[n - 1] == '/') return false;
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                  (*c >= '0' && *c <= '9') || *c == '-' || *c == '+' || *c == '_' || *c == '/';
        if (!ok || (*c == '/' && c[1] == '/')) return false;
        if ((c == name || c[-1] == '/') && *c == '.') return false;
    }
    return true;
}

/* True when dir/name is a TZif file. */
static bool tzif_exists(const char *name)
{
    char path[512];
    if (snprintf(path, sizeof path, "%s/%s", tz_dir(), name) >= (int)sizeof path) return false;
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char magic[4] = {0};
    bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return ok;
}

/* The zone or link name of tzdata.zi closest to name (edit distance <= 3),
 * into best; "" when none is. */
static void closest_zone(const char *name, char best[TDN_TZ_NAME_MAX + 1])
{
    best[0] = '\0';
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/tzdata.zi", tz_dir());
    FILE *f = fopen(path, "r");
    if (!f) return;
    int best_d = 4;
    while (fgets(line, sizeof line, f)) {
        char *cand = NULL;
        if (line[0] == 'Z' && line[1] == ' ') {
            cand = line + 2;
        } else if (line[0] == 'L' && line[1] == ' ') {
            cand = strchr(line + 2, ' '); /* L TARGET LINKNAME */
            if (cand) cand++;
        }
        if (!cand) continue;
        cand[strcspn(cand, " \t\r\n")] = '\0';
        if (strlen(cand) > TDN_TZ_NAME_MAX) continue;
        int d = tdn_edit_distance(name, cand);
        if (d < best_d) {
            best_d = d;
            snprintf(best, TDN_TZ_NAME_MAX + 1, "%s", cand);
        }
    }
    fclose(f);
}

int tdn_tz_check(const char *field, const char *name, tdn_err *err)
{
    if (!name || !*name)
        return tdn_err_set(err, TDN_EINPUT,
                           "%s: needs a time zone name such as Europe/Madrid or UTC", field);
    if (strcmp(name, "UTC") == 0) return TDN_OK;
    if (plausible_name(name) && tzif_exists(name)) return TDN_OK;
    char best[TDN_TZ_NAME_MAX + 1] = "";
    if (plausible_name(name)) closest_zone(name, best);
    return tdn_err_set(err, TDN_EINPUT,
                       "%s: '%.64s' is not a time zone of the tz database (%s)%s%s%s", field, name,
                       tz_dir(), best[0] ? "; did you mean " : " (e.g. Europe/Madrid, UTC)", best,
                       best[0] ? "?" : "");
}

int tdn_tz_use(const char *field, const char *name, tdn_err *err)
{
    int rc = tdn_tz_check(field, name, err);
    if (rc) name = "UTC";
    setenv("TZ", name, 1);
    tzset();
    return rc;
}

int tdn_tz_use_setting(tdn_store *s, char name[TDN_TZ_NAME_MAX + 1], tdn_err *err)
{
    bool found = false;
    int rc = tdn_store_setting_get(s, "timezone", name, TDN_TZ_NAME_MAX + 1, &found, err);
    if (rc || !found || !*name) snprintf(name, TDN_TZ_NAME_MAX + 1, "UTC");
    if (rc) {
        tdn_tz_use("setting timezone", "UTC", NULL);
        return rc;
    }
    return tdn_tz_use("setting timezone", name, err);
}

/* The offset and label in force at t. */
static int32_t local_at(int64_t t, char label[TDN_TZ_LABEL])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        snprintf(label, TDN_TZ_LABEL, "UTC");
        return 0;
    }
    snprintf(label, TDN_TZ_LABEL, "%s", tm.tm_zone ? tm.tm_zone : "");
    return (int32_t)tm.tm_gmtoff;
}

void tdn_tz_around(tdn_tz *z, int64_t from, int64_t to)
{
    memset(z, 0, sizeof *z);
    if (to < from) {
        int64_t x = from;
        from = to;
        to = x;
    }
    if (to - from > 800LL * 86400) to = from + 800LL * 86400; /* a few years at most */
    char label[TDN_TZ_LABEL], next[TDN_TZ_LABEL];
    int32_t off = local_at(from, label);
    tdn_tz_add(z, from, off, label);
    const int64_t step = 6 * 3600; /* zone changes are months apart */
    for (int64_t a = from; a < to;) {
        int64_t b = a + step < to ? a + step : to;
        int32_t off_b = local_at(b, next);
        if (off_b != off || strcmp(next, label) != 0) {
            int64_t lo = a, hi = b; /* the change is in (lo, hi] */
            while (hi - lo > 1) {
                int64_t mid = lo + (hi - lo) / 2;
                char l[TDN_TZ_LABEL];
                if (local_at(mid, l) == off && strcmp(l, label) == 0)
                    lo = mid;
                else
                    hi = mid;
            }
            off = local_at(hi, label);
            tdn_tz_add(z, hi, off, label);
            a = hi;
            continue;
        }
        a = b;
    }
}

const tdn_tz *tdn_tz_at(tdn_tz *z, int64_t t)
{
    tdn_tz_around(z, t, t);
    return z;
}

void tdn_local_date(int64_t t, char out[16])
{
    tdn_tz z;
    tdn_tz_around(&z, t, t);
    tdn_date(&z, t, out);
}

void tdn_local_time(int64_t t, char out[TDN_LOCAL_TIME_LEN])
{
    tdn_tz z;
    tdn_tz_around(&z, t, t);
    char date[16], clock[TDN_CLOCK_LEN];
    tdn_date(&z, t, date);
    tdn_clock(&z, t, clock);
    /* "HH:MM:SS LABEL" -> "HH:MM LABEL" */
    snprintf(out, TDN_LOCAL_TIME_LEN, "%s %.5s%s", date, clock, clock + 8);
}

void tdn_local_day(int64_t t, int64_t *start, int64_t *end)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        *start = t - ((t % 86400) + 86400) % 86400;
        *end = *start + 86400;
        return;
    }
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    struct tm next = tm;
    *start = (int64_t)mktime(&tm);
    next.tm_mday++;
    *end = (int64_t)mktime(&next);
    if (*start > t) *start = t; /* no local midnight that day */
    if (*end <= t) *end = t + 1;
}
