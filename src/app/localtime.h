/* localtime.h — the clinic's clock. The clinic's time zone is the setting
 * `timezone`, an IANA name (Europe/Madrid) that must exist in the system tz
 * database ($TZDIR, else /usr/share/zoneinfo; Debian package tzdata), or UTC.
 * tdn_tz_use puts it in the process environment (TZ) once, at the start of a
 * command or of the server, before any thread starts; the other functions
 * then read the local time with localtime_r/mktime: core gets the zone as
 * data (core/clock.h). Stored times stay UTC unix seconds. */
#ifndef TDN_APP_LOCALTIME_H
#define TDN_APP_LOCALTIME_H

#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "store/store.h"

enum { TDN_TZ_NAME_MAX = 64, TDN_LOCAL_TIME_LEN = 40 };

/* name must be "UTC" or a zone of the tz database ("Europe/Madrid"): TDN_OK,
 * else TDN_EINPUT with a message naming field and, for a near miss, the
 * closest zone ("timezone: 'Europe/Madird' is not a time zone of the tz
 * database (/usr/share/zoneinfo); did you mean Europe/Madrid?"). */
int tdn_tz_check(const char *field, const char *name, tdn_err *err);
/* Checks name (as tdn_tz_check) and makes it the process's local time zone
 * (setenv TZ, tzset). Not thread-safe: call before threads start. */
int tdn_tz_use(const char *field, const char *name, tdn_err *err);
/* Reads the setting `timezone` from s into name (size TDN_TZ_NAME_MAX + 1;
 * "UTC" when not set) and uses it. A stored name that is no longer valid
 * is TDN_EINPUT naming "setting timezone"; the zone then stays UTC. */
int tdn_tz_use_setting(tdn_store *s, char name[TDN_TZ_NAME_MAX + 1], tdn_err *err);

/* The zone (offsets and labels) in force from `from` to `to`, from the
 * process's time zone, for core's formatting (tdn_clock, tdn_date). */
void tdn_tz_around(tdn_tz *z, int64_t from, int64_t to);
/* The same for the one instant t; returns z. */
const tdn_tz *tdn_tz_at(tdn_tz *z, int64_t t);
/* The local date of t, "YYYY-MM-DD". */
void tdn_local_date(int64_t t, char out[16]);
/* t as local "YYYY-MM-DD HH:MM LABEL" ("2026-11-23 11:33 CET"). */
void tdn_local_time(int64_t t, char out[TDN_LOCAL_TIME_LEN]);
/* The local day holding t: [*start, *end) in unix seconds (23, 24 or 25
 * hours across a daylight-saving change). */
void tdn_local_day(int64_t t, int64_t *start, int64_t *end);

#endif
