/* stats.h — the statistics of the practice-based evidence reports (issue 11),
 * pure: proportions with 95 % intervals (Wilson score, exact Clopper–Pearson,
 * the one-sided upper bound for zero events), median and interquartile range,
 * the paired mean difference with its t interval and the Wilcoxon signed-rank
 * test (normal approximation with the tie correction). Quantiles of the t and
 * beta distributions and the normal distribution come from GSL (gsl_cdf_*),
 * not hand-written special functions. Proportions are fractions in [0, 1];
 * every result is finite: bad input (n < 1, k > n, too few values) is
 * TDN_EINPUT naming the field, never a NaN. No allocation except where said. */
#ifndef TDN_STATS_H
#define TDN_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define TDN_STATS_CONF 0.95

typedef struct tdn_ci {
    double lo, hi; /* fractions, 0 <= lo <= hi <= 1 for proportions */
} tdn_ci;

/* Wilson score interval for k events in n trials at confidence conf (0, 1). */
int tdn_stats_wilson(int64_t k, int64_t n, double conf, tdn_ci *out, tdn_err *err);
/* Exact (Clopper–Pearson) interval for k of n at confidence conf. */
int tdn_stats_exact(int64_t k, int64_t n, double conf, tdn_ci *out, tdn_err *err);
/* One-sided upper bound at confidence conf for zero events in n trials:
 * exact 1 - (1 - conf)^(1/n), and the rule of three's 3/n (capped at 1; it
 * is the 95 % approximation whatever conf). */
int tdn_stats_zero_upper(int64_t n, double conf, double *exact, double *rule3, tdn_err *err);

typedef struct tdn_spread {
    double median, q1, q3; /* quartiles by linear interpolation (R type 7, numpy default) */
} tdn_spread;
/* Median and quartiles of x[0..n), n >= 1; sorts x in place. */
int tdn_stats_spread(double *x, size_t n, tdn_spread *out, tdn_err *err);

typedef struct tdn_mean_ci {
    double mean, sd; /* mean and sample standard deviation of the differences */
    double lo, hi;   /* t-based interval of the mean at confidence conf */
} tdn_mean_ci;
/* Mean of the paired differences d[0..n) (n >= 2) with its t interval. */
int tdn_stats_paired(const double *d, size_t n, double conf, tdn_mean_ci *out, tdn_err *err);

typedef struct tdn_wilcoxon {
    size_t n; /* differences that are not zero (zeros are dropped) */
    double w; /* min(W+, W-), the statistic scipy reports */
    double z; /* normal approximation, tie-corrected, no continuity correction */
    double p; /* two-sided p-value */
} tdn_wilcoxon;
/* Wilcoxon signed-rank test of the differences d[0..n); sorts d by absolute
 * value in place. At least one non-zero difference is needed. */
int tdn_stats_wilcoxon(double *d, size_t n, tdn_wilcoxon *out, tdn_err *err);

#endif
