/* record.c — checks of clinical record values (see record.h). Dates are
 * validated by a strptime/timegm round trip, so 2023-02-30 is refused. */
#define _XOPEN_SOURCE 700 /* strptime */
#include "core/record.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void tdn_date_format(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10) strcpy(out, "?");
}

int tdn_date_check(const char *field, const char *text, int64_t now, int64_t *day, tdn_err *err)
{
    if (!text || !*text) return tdn_err_set(err, TDN_EINPUT, "%s: needs a date YYYY-MM-DD", field);
    struct tm tm = {0};
    const char *end = strlen(text) == 10 ? strptime(text, "%Y-%m-%d", &tm) : NULL;
    if (!end || *end || !isdigit((unsigned char)text[0]))
        return tdn_err_set(err, TDN_EINPUT, "%s: '%s' is not a date YYYY-MM-DD", field, text);
    time_t t = timegm(&tm);
    char back[11];
    tdn_date_format((int64_t)t, back);
    if (strcmp(back, text) != 0 || tm.tm_year < 0)
        return tdn_err_set(err, TDN_EINPUT, "%s: %s is not a date", field, text);
    if ((int64_t)t > now)
        return tdn_err_set(err, TDN_EINPUT, "%s: %s is in the future", field, text);
    if (day) *day = (int64_t)t;
    return TDN_OK;
}

int tdn_sex_check(const char *field, const char *sex, tdn_err *err)
{
    if (!sex || !*sex || strcmp(sex, "F") == 0 || strcmp(sex, "M") == 0 || strcmp(sex, "X") == 0)
        return TDN_OK;
    return tdn_err_set(err, TDN_EINPUT, "%s: '%s' must be F, M or X", field, sex);
}
