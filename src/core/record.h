/* record.h — checks of clinical record values before they are stored: dates,
 * sex, measures (kind, site, range, unit), adverse events, plan-of-care items.
 * Pure: no I/O, no clock (the caller passes now). Each check returns TDN_OK or
 * TDN_EINPUT with a message naming the field as the CLI option does
 * ("--birth: 2023-02-30 is not a date"); other callers (the web API) name the
 * field the same way without the dashes. */
#ifndef TDN_RECORD_H
#define TDN_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/kb.h"

/* text must be an existing calendar date YYYY-MM-DD (1900 or later), not after
 * the UTC day of now. On success *day (may be NULL) gets its 00:00 UTC. */
int tdn_date_check(const char *field, const char *text, int64_t now, int64_t *day, tdn_err *err);
/* The UTC date of t as YYYY-MM-DD in out (11 bytes). */
void tdn_date_format(int64_t t, char out[11]);
/* sex: F, M or X (NULL or "" allowed: not given). */
int tdn_sex_check(const char *field, const char *sex, tdn_err *err);

#endif
