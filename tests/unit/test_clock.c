/* test_clock.c — the clinic's clock: core/clock.h formats instants from a
 * zone given as data (spans of offset and label; empty = UTC), and
 * app/localtime.h fills the zone from the tz database under TZ, finds the
 * local day (23 or 25 hours across a daylight-saving change) and checks zone
 * names. Stored times are UTC unix seconds throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/localtime.h"
#include "core/clock.h"
#include "core/record.h"

#define T0 1795430000 /* 2026-11-23 10:33:20 UTC */

static void an_empty_zone_is_utc(void **state)
{
    (void)state;
    char c[TDN_CLOCK_LEN], d[16];
    tdn_clock(NULL, T0, c);
    assert_string_equal(c, "10:33:20 UTC");
    tdn_tz z = {0};
    tdn_date(&z, T0, d);
    assert_string_equal(d, "2026-11-23");
    tdn_date(NULL, -1, d);
    assert_string_equal(d, "1969-12-31");
}

static void spans_give_offset_and_label(void **state)
{
    (void)state;
    tdn_tz z = {0};
    tdn_tz_add(&z, T0, -8 * 3600, "PST");
    tdn_tz_add(&z, T0 + 100, -8 * 3600, "PST"); /* the same: merged */
    tdn_tz_add(&z, T0 + 3600, 5 * 3600 + 1800, "+0530");
    tdn_tz_add(&z, T0 + 10, 0, "UTC"); /* goes back: ignored */
    assert_int_equal(z.n, 2);
    char c[TDN_CLOCK_LEN], d[16];
    tdn_clock(&z, T0 - 86400, c); /* before the first span: the first one */
    assert_string_equal(c, "02:33:20 PST");
    tdn_clock(&z, T0, c);
    assert_string_equal(c, "02:33:20 PST");
    tdn_clock(&z, T0 + 3600, c); /* a numeric abbreviation becomes UTC+HH:MM */
    assert_string_equal(c, "17:03:20 UTC+05:30");
    tdn_date(&z, T0 + 3600 + 14 * 3600, d); /* past local midnight */
    assert_string_equal(d, "2026-11-24");
    tdn_tz m = {0};
    tdn_tz_add(&m, 0, -3 * 3600, "-03");
    tdn_clock(&m, T0, c);
    assert_string_equal(c, "07:33:20 UTC-03:00");
}

static void dates_are_checked_against_the_clinics_day(void **state)
{
    (void)state;
    tdn_tz la = {0};
    tdn_tz_add(&la, 0, -8 * 3600, "PST");
    tdn_err err = {0};
    int64_t t = 1795500000; /* 2026-11-24 06:00 UTC = 2026-11-23 22:00 PST */
    assert_int_equal(tdn_date_check("day", "2026-11-24", t, NULL, NULL, &err), TDN_OK);
    assert_int_equal(tdn_date_check("day", "2026-11-24", t, &la, NULL, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "day: 2026-11-24 is in the future");
    int64_t day = 0;
    assert_int_equal(tdn_date_check("day", "2026-11-23", t, &la, &day, &err), TDN_OK);
    assert_int_equal(day, 1795392000); /* stored as its 00:00 UTC, as before */
    int years = 0;
    assert_int_equal(tdn_age_years("2000-11-24", t, NULL, &years, &err), TDN_OK);
    assert_int_equal(years, 26);
    assert_int_equal(tdn_age_years("2000-11-24", t, &la, &years, &err), TDN_OK);
    assert_int_equal(years, 25); /* the birthday is tomorrow in Los Angeles */
}

static void zone_names_are_checked(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_tz_check("timezone", "UTC", &err), TDN_OK);
    assert_int_equal(tdn_tz_check("timezone", "Europe/Madrid", &err), TDN_OK);
    assert_int_equal(tdn_tz_check("timezone", "Europe/Madird", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "timezone: 'Europe/Madird' is not a time zone"));
    assert_non_null(strstr(err.msg, "did you mean Europe/Madrid?"));
    const char *bad[] = {"",
                         "/etc/passwd",
                         "../etc/passwd",
                         "Europe/../../etc/passwd",
                         "Europe/",
                         "Europe//Madrid",
                         "Europe/.Madrid",
                         "zone1970.tab",
                         "Europe Madrid"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tdn_tz_check("timezone", bad[i], &err), TDN_EINPUT);
}

static void the_tz_database_fills_the_zone(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_tz_use("timezone", "America/Los_Angeles", &err), TDN_OK);
    /* 2026-11-01: 02:00 PDT becomes 01:00 PST at 09:00 UTC */
    int64_t change = 1793523600;
    tdn_tz z;
    tdn_tz_around(&z, change - 7200, change + 7200);
    assert_int_equal(z.n, 2);
    assert_int_equal(z.spans[1].from, change);
    char c[TDN_CLOCK_LEN];
    tdn_clock(&z, change - 1, c);
    assert_string_equal(c, "01:59:59 PDT");
    tdn_clock(&z, change, c);
    assert_string_equal(c, "01:00:00 PST");
    /* that day has 25 hours; the 23rd of November 24, starting at 08:00 UTC */
    int64_t from, to;
    tdn_local_day(change, &from, &to);
    assert_int_equal(to - from, 25 * 3600);
    tdn_local_day(1795500000, &from, &to);
    assert_int_equal(from, 1795392000 + 8 * 3600);
    assert_int_equal(to - from, 24 * 3600);
    char d[16], t[TDN_LOCAL_TIME_LEN];
    tdn_local_date(1795500000, d);
    assert_string_equal(d, "2026-11-23");
    tdn_local_time(1795500000, t);
    assert_string_equal(t, "2026-11-23 22:00 PST");
    /* Madrid springs forward on 2026-03-29 at 01:00 UTC: a 23-hour day */
    assert_int_equal(tdn_tz_use("timezone", "Europe/Madrid", &err), TDN_OK);
    tdn_local_day(1774746000, &from, &to);
    assert_int_equal(to - from, 23 * 3600);
    tdn_local_time(T0, t);
    assert_string_equal(t, "2026-11-23 11:33 CET");
    /* a bad name leaves UTC in force */
    assert_int_equal(tdn_tz_use("timezone", "Nowhere/Atlantis", &err), TDN_EINPUT);
    tdn_local_time(T0, t);
    assert_string_equal(t, "2026-11-23 10:33 UTC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_empty_zone_is_utc),
        cmocka_unit_test(spans_give_offset_and_label),
        cmocka_unit_test(dates_are_checked_against_the_clinics_day),
        cmocka_unit_test(zone_names_are_checked),
        cmocka_unit_test(the_tz_database_fills_the_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
