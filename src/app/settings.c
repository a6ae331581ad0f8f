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
    {"clinic_name", "the clinic's name, at the top of notes and handouts"},
    {"clinic_address", "the clinic's address, one line"},
    {"clinic_phone", "the clinic's phone number, which the handout tells patients to call"},
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

/* One line of printable text (no control characters). */
static int check_line(const char *key, const char *value, tdn_err *err)
{
    bool blank = true;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return tdn_err_set(err, TDN_EINPUT, "%s: one line of text, without tabs or line breaks",
                               key);
        blank &= *p == ' ';
    }
    if (blank) return tdn_err_set(err, TDN_EINPUT, "%s: must not be empty", key);
    return TDN_OK;
}

static int check_phone(const char *key, const char *value, tdn_err *err)
{
    int digits = 0;
    for (const char *p = value; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr("+()-. ", *p))
            return tdn_err_set(err, TDN_EINPUT,
                               "%s: '%.40s' is not a phone number (digits, spaces and + ( ) - . "
                               "only)",
                               key, value);
    }
    if (digits < 3 || strlen(value) > 40)
        return tdn_err_set(err, TDN_EINPUT,
                           "%s: '%.40s' is not a phone number (3 to 40 characters "
                           "with at least 3 digits)",
                           key, value);
    return TDN_OK;
}

int tdn_setting_check(const char *key, const char *value, tdn_err *err)
{
    if (key && (strcmp(key, "clinic_name") == 0 || strcmp(key, "clinic_address") == 0))
        return check_line(key, value, err);
    if (key && strcmp(key, "clinic_phone") == 0) return check_phone(key, value, err);
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
                       "setting: unknown setting '%.64s' (use screening_valid_days, timezone, "
                       "clinic_name, clinic_address or clinic_phone)",
                       key ? key : "");
}

int tdn_setting_set(tdn_store *s, const tdn_act *act, const char *key, const char *value,
                    tdn_err *err)
{
    int rc = tdn_setting_check(key, value, err);
    if (rc) return rc;
    return tdn_store_setting_set(s, act, key, value, err);
}

int tdn_setting_protocol_rules(tdn_store *s, const tdn_protocol_rules *r, tdn_protocol_rules *out,
                               tdn_err *err)
{
    *out = *r;
    char days[TDN_SETTING_VALUE_MAX + 1];
    bool found = false;
    tdn_err invalid = {0};
    int rc = tdn_store_setting_get(s, "screening_valid_days", days, sizeof days, &found, err);
    if (!rc && found && check_days("screening_valid_days", days, &invalid) == TDN_OK)
        out->screening_valid_days = (int)strtol(days, NULL, 10);
    return rc;
}

int tdn_letterhead_get(tdn_store *s, tdn_letterhead *out, tdn_err *err)
{
    int rc = tdn_store_setting_get(s, "clinic_name", out->name, sizeof out->name, NULL, err);
    if (!rc)
        rc = tdn_store_setting_get(s, "clinic_address", out->address, sizeof out->address, NULL,
                                   err);
    if (!rc)
        rc = tdn_store_setting_get(s, "clinic_phone", out->phone, sizeof out->phone, NULL, err);
    return rc;
}
