/* clock.h — the clinic's wall clock as data: a zone is a short list of spans,
 * each giving the UTC offset (seconds east) and the label ("CET", "PST",
 * "UTC+05:30") in force from an instant on. The caller (app/localtime.c)
 * fills the spans for the instants it will show, from the system time zone
 * database; core only looks them up. A NULL or empty zone is UTC. Pure: no
 * I/O, no clock, no allocation. Stored times stay UTC unix seconds. */
#ifndef TDN_CLOCK_H
#define TDN_CLOCK_H

#include <stdint.h>

enum { TDN_TZ_SPANS = 16, TDN_TZ_LABEL = 12, TDN_CLOCK_LEN = 24 };

typedef struct tdn_tz_span {
    int64_t from;   /* unix seconds this span starts (the first span covers all before) */
    int32_t offset; /* seconds east of UTC */
    char label[TDN_TZ_LABEL];
} tdn_tz_span;

typedef struct tdn_tz {
    int n; /* spans in order of from; 0 = UTC */
    tdn_tz_span spans[TDN_TZ_SPANS];
} tdn_tz;

/* The offset in force at t; *label (may be NULL) gets its label ("UTC" for
 * an empty zone). The first span also covers instants before it, the last
 * those after it. */
int32_t tdn_tz_offset(const tdn_tz *z, int64_t t, const char **label);
/* Appends a span (offset, label) starting at from, merging it with the last
 * one when they agree; ignored once the zone is full or from goes back. A
 * label that is empty or does not start with a letter (the tz database's
 * "-03") becomes "UTC-03:00". */
void tdn_tz_add(tdn_tz *z, int64_t from, int32_t offset, const char *label);
/* t as "HH:MM:SS LABEL" in the zone ("10:33:20 UTC", "11:33:20 CET"). */
void tdn_clock(const tdn_tz *z, int64_t t, char out[TDN_CLOCK_LEN]);
/* The zone's calendar date of t as "YYYY-MM-DD". */
void tdn_date(const tdn_tz *z, int64_t t, char out[16]);

#endif
