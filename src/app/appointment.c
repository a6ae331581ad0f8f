/* appointment.c — local times for the appointment book and its JSON
 * (appointment.h): mktime on the clinic's zone, with a round trip so that
 * 2026-02-30 or a time skipped by a clock change is refused. */
#define _XOPEN_SOURCE 700 /* strptime */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/appointment.h"
#include "app/localtime.h"

static int local_tm(const char *field, const char *text, const char *fmt, int64_t *out,
                    tdn_err *err, const char *shape)
{
    struct tm tm = {0};
    const char *end = text ? strptime(text, fmt, &tm) : NULL;
    if (!end || *end)
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.40s' is not a %s", field, text ? text : "",
                           shape);
    struct tm want = tm, utc = tm;
    (void)timegm(&utc); /* normalises 2026-11-31 to 2026-12-01 */
    if (utc.tm_mon != want.tm_mon || utc.tm_mday != want.tm_mday)
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.40s' is not a %s", field, text, shape);
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 || tm.tm_year != want.tm_year || tm.tm_mon != want.tm_mon ||
        tm.tm_mday != want.tm_mday || tm.tm_hour != want.tm_hour || tm.tm_min != want.tm_min)
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.40s' is not a time on the clinic's clock",
                           field, text);
    *out = (int64_t)t;
    return TDN_OK;
}

int tdn_local_parse(const char *field, const char *text, int64_t *out, tdn_err *err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    if (strlen(buf) == 16 && buf[10] == 'T') buf[10] = ' ';
    return local_tm(field, buf, "%Y-%m-%d %H:%M", out, err, "date and time (YYYY-MM-DD HH:MM)");
}

int tdn_local_date_span(const char *field, const char *date, int64_t *start, int64_t *end,
                        tdn_err *err)
{
    int64_t noon = 0;
    char buf[32];
    snprintf(buf, sizeof buf, "%.10s 12:00", date ? date : "");
    if (!date || strlen(date) != 10 ||
        local_tm(field, buf, "%Y-%m-%d %H:%M", &noon, err, "date (YYYY-MM-DD)"))
        return tdn_err_set(err, TDN_EINPUT, "%s: '%.40s' is not a date (YYYY-MM-DD)", field,
                           date ? date : "");
    tdn_local_day(noon, start, end);
    return TDN_OK;
}

void tdn_local_week(int64_t t, int64_t *start, int64_t *end)
{
    time_t tt = (time_t)t;
    struct tm tm;
    int64_t day_start, day_end;
    tdn_local_day(t, &day_start, &day_end);
    int back = localtime_r(&tt, &tm) ? (tm.tm_wday + 6) % 7 : 0; /* days since Monday */
    int64_t noon = day_start + 12 * 3600 - (int64_t)back * 86400;
    int64_t ignored;
    tdn_local_day(noon, start, &ignored);
    tdn_local_day(noon + 7 * 86400, end, &ignored);
}

json_t *tdn_appt_json(const tdn_appointment *a)
{
    char at[TDN_LOCAL_TIME_LEN];
    tdn_local_time(a->starts, at);
    json_t *session = a->session_id ? json_integer(a->session_id) : json_null();
    return json_pack(
        "{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:s,s:I,s:s,s:I,s:o,s:b,s:s}", "id", (json_int_t)a->id,
        "patient", (json_int_t)a->patient_id, "patient_name", a->patient_name, "clinician",
        a->clinician, "clinician_name", a->clinician_name, "starts", (json_int_t)a->starts, "ends",
        (json_int_t)a->ends, "starts_at", at, "minutes", (json_int_t)((a->ends - a->starts) / 60),
        "status", a->status, "checked_in_at", (json_int_t)a->checked_in_at, "session", session,
        "consent_on_file", a->has_consent, "intake", a->intake);
}
