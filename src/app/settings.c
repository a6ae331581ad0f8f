/* settings.c — the clinic settings and their checks (see settings.h). */
#include "app/settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "core/body.h"

const tdn_setting_def tdn_setting_defs[] = {
    {"screening_valid_days", "days a screening stays valid for opening a session (1-3650)"},
    {"timezone", "the clinic's time zone: an IANA name such as Europe/Madrid, or UTC"},
    {0, 0},
};

static int check_days(const char *key, const char *value, tdn_err *err)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (!*value || *end || errno || v < 1 || v > 3650 || value[0] == '+' || value[0] == ' ')
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.32s' must be a whole number of days, 1-3650",
                           key, value);
    return TDN_OK;
}

int tdn_setting_check(const char *key, const char *value, tdn_err *err)
{
    if (key && strcmp(key, "screening_valid_days") == 0) return check_days(key, value, err);
    if (key && strcmp(key, "timezone") == 0) return tdn_tz_check(key, value, err);
    const char *best = NULL;
    int best_d = 4;
    for (const tdn_setting_def *d = tdn_setting_defs; key && d->key; d++) {
        int dist = tdn_edit_distance(key, d->key);
        if (dist < best_d) {
            best_d = dist;
            best = d->key;
        }
    }
    if (best)
        return tdn_err_set(err, TDN_EINPUT, "setting: unknown setting '%.64s'; did you mean %s?",
                           key, best);
    return tdn_err_set(err, TDN_EINPUT,
                       "setting: unknown setting '%.64s' (use screening_valid_days or timezone)",
                       key ? key : "");
}

int tdn_setting_set(tdn_store *s, const tdn_act *act, const char *key, const char *value,
                    tdn_err *err)
{
    int rc = tdn_setting_check(key, value, err);
    if (rc) return rc;
    return tdn_store_setting_set(s, act, key, value, err);
}
