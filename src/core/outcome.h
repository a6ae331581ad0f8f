/* outcome.h — outcome thresholds (data/outcome_thresholds.tsv): for a
 * measure kind (nprs, ppt, rom, psfs) the smallest change that matters to
 * patients (mcid, minimal clinically important difference) or that exceeds
 * measurement error (mdc, minimal detectable change), in the measure's unit
 * (or as a percentage of the baseline: mcid_percent),
 * each with its source; or, for a measure no published figure fits
 * (change_only, threshold and unit "-"), the reason with its sources. Pure: the caller hands the
 * text in. */
#ifndef TDN_OUTCOME_H
#define TDN_OUTCOME_H

#include <stddef.h>

#include "core/err.h"
#include "core/tsv.h"

#define TDN_OUTCOME_FILE "outcome_thresholds.tsv"
#define TDN_OUTCOME_MAX 32

typedef struct tdn_threshold {
    char measure[8]; /* nprs, ppt, rom, psfs */
    double value;    /* > 0, in unit */
    char unit[16];   /* "points", "kg/cm2", "degrees" */
    char kind[16];   /* mcid, mdc, or mcid_percent (the MCID as a percentage of the
                        baseline, unit "percent": NPRS's 30 %), or change_only (value 0:
                        no threshold applies; source says why) */
    char source[512];
} tdn_threshold;

typedef struct tdn_thresholds {
    tdn_threshold items[TDN_OUTCOME_MAX];
    int n;
} tdn_thresholds;

/* Loads TDN_OUTCOME_FILE from files[0..n) into out (a missing file gives no
 * thresholds). A bad row is TDN_EINPUT "file:line: field: problem" and out
 * is left empty. */
int tdn_thresholds_load(tdn_thresholds *out, const tdn_text_file *files, size_t n, tdn_err *err);
/* The threshold of kind ("mcid", "mdc", "mcid_percent", "change_only") for
 * measure, or NULL. */
const tdn_threshold *tdn_threshold_find(const tdn_thresholds *t, const char *measure,
                                        const char *kind);

#endif
