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

#include "core/clock.h"
#include "core/err.h"
#include "core/kb.h"

/* text must be an existing calendar date YYYY-MM-DD (1900 or later), not after
 * the clinic's day of now (its clock: zone, NULL = UTC). On success *day (may
 * be NULL) gets the date as the unix seconds of its 00:00 UTC (how dates are
 * stored). */
int tdn_date_check(const char *field, const char *text, int64_t now, const tdn_tz *zone,
                   int64_t *day, tdn_err *err);
/* Whole years between birth (YYYY-MM-DD) and the clinic's date of now (zone,
 * NULL = UTC) into *years; TDN_EINPUT when birth is not a date or lies after
 * now. */
int tdn_age_years(const char *birth, int64_t now, const tdn_tz *zone, int *years, tdn_err *err);
/* sex: F, M or X (NULL or "" allowed: not given). */
int tdn_sex_check(const char *field, const char *sex, tdn_err *err);

/* Parses and checks one outcome measure (DESIGN §1 step 7):
 *   nprs  pain 0-10, a whole number, at a body region (site = region code)
 *   ppt   pressure pain threshold 0-20 kg/cm2 at a muscle (site = KB muscle)
 *   rom   range of motion 0-360 degrees of a joint motion (site, e.g.
 *         shoulder_internal_rotation), motion active or passive (required)
 *   psfs  Patient-Specific Functional Scale 0-10 for an activity (site = the
 *         activity, free text up to 64 characters)
 * motion must be NULL/"" except for rom. On success *value gets the number and
 * *unit the unit stored with it ("nprs", "kg/cm2", "deg", "psfs"). */
int tdn_measure_check(const tdn_kb *kb, const char *kind, const char *site, const char *value_text,
                      const char *motion, double *value, const char **unit, tdn_err *err);
/* The joint motions a rom measure may name, ended by NULL. */
extern const char *const tdn_joint_motions[];

/* Adverse event kind (bruising ... pneumothorax, other; DESIGN §1 step 5) and
 * severity (the survey tiers mild, moderate, significant, and serious: hospital
 * admission, lasting disability or death). */
int tdn_ae_kind_check(const char *field, const char *kind, tdn_err *err);
int tdn_ae_severity_check(const char *field, const char *severity, tdn_err *err);
extern const char *const tdn_ae_kinds[];

/* A plan of care: comma-separated treatments from dry_needling, exercise,
 * stretching, massage, manual_therapy, heat, education, other. */
int tdn_plan_check(const char *field, const char *plan, tdn_err *err);

/* An episode's side and site: side (NULL or "" = not recorded) must be R, L or
 * B in either case, site (NULL or "" = none) a body-chart region code. On
 * success side_out[2] gets "R", "L", "B" or "" and site_out[site_cap] the code
 * or "". */
int tdn_side_site_check(const char *side_field, const char *side, const char *site_field,
                        const char *site, char *side_out, char *site_out, size_t site_cap,
                        tdn_err *err);
/* Those treatments, ended by NULL. */
extern const char *const tdn_plan_items[];

/* text must be one of the NULL-ended words; the message lists them and, for
 * a near miss, suggests the closest. */
int tdn_word_check(const char *field, const char *text, const char *const *words, tdn_err *err);

#endif
