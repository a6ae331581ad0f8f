/* stats.c — proportions, spread and paired tests for the reports (stats.h).
 * The distribution quantiles are GSL's: gsl_cdf_ugaussian_Pinv and _Q for the
 * normal, gsl_cdf_tdist_Pinv for Student's t and gsl_cdf_beta_Pinv for the
 * exact interval. Inputs are checked before GSL is called, so its error
 * handler (which aborts) is never reached. */
#include "core/stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

static int check_conf(double conf, tdn_err *err)
{
    if (!(conf > 0 && conf < 1))
        return tdn_err_set(err, TDN_EINPUT, "confidence: must be between 0 and 1");
    return TDN_OK;
}

static int check_counts(int64_t k, int64_t n, double conf, tdn_err *err)
{
    if (n < 1) return tdn_err_set(err, TDN_EINPUT, "n: no trials, a rate needs n >= 1");
    if (k < 0 || k > n)
        return tdn_err_set(err, TDN_EINPUT, "k: must be from 0 to n (%lld)", (long long)n);
    return check_conf(conf, err);
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

int tdn_stats_wilson(int64_t k, int64_t n, double conf, tdn_ci *out, tdn_err *err)
{
    if (check_counts(k, n, conf, err)) return err->status;
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2), nn = (double)n;
    double p = (double)k / nn, z2 = z * z;
    double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = z / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    out->lo = k == 0 ? 0 : clamp01(centre - half);
    out->hi = k == n ? 1 : clamp01(centre + half);
    return TDN_OK;
}

int tdn_stats_exact(int64_t k, int64_t n, double conf, tdn_ci *out, tdn_err *err)
{
    if (check_counts(k, n, conf, err)) return err->status;
    double a = (1 - conf) / 2;
    out->lo = k == 0 ? 0 : clamp01(gsl_cdf_beta_Pinv(a, (double)k, (double)(n - k + 1)));
    out->hi = k == n ? 1 : clamp01(gsl_cdf_beta_Pinv(1 - a, (double)(k + 1), (double)(n - k)));
    return TDN_OK;
}

int tdn_stats_zero_upper(int64_t n, double conf, double *exact, double *rule3, tdn_err *err)
{
    if (check_counts(0, n, conf, err)) return err->status;
    *exact = clamp01(1 - pow(1 - conf, 1.0 / (double)n));
    *rule3 = clamp01(3.0 / (double)n);
    return TDN_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of sorted x[0..n) by linear interpolation (R type 7). */
static double quantile(const double *x, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int check_values(const double *x, size_t n, size_t min, tdn_err *err)
{
    if (n < min) return tdn_err_set(err, TDN_EINPUT, "n: needs at least %zu values", min);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return tdn_err_set(err, TDN_EINPUT, "value: %zu is not a number", i + 1);
    return TDN_OK;
}

int tdn_stats_spread(double *x, size_t n, tdn_spread *out, tdn_err *err)
{
    if (check_values(x, n, 1, err)) return err->status;
    qsort(x, n, sizeof *x, cmp_double);
    out->median = quantile(x, n, 0.5);
    out->q1 = quantile(x, n, 0.25);
    out->q3 = quantile(x, n, 0.75);
    return TDN_OK;
}

int tdn_stats_paired(const double *d, size_t n, double conf, tdn_mean_ci *out, tdn_err *err)
{
    if (check_values(d, n, 2, err) || check_conf(conf, err)) return err->status;
    double sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        sum += d[i];
    double mean = sum / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (d[i] - mean) * (d[i] - mean);
    double sd = sqrt(ss / (double)(n - 1));
    double t = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, (double)(n - 1));
    double half = t * sd / sqrt((double)n);
    *out = (tdn_mean_ci){.mean = mean, .sd = sd, .lo = mean - half, .hi = mean + half};
    return TDN_OK;
}

static int cmp_abs(const void *a, const void *b)
{
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return (x > y) - (x < y);
}

int tdn_stats_wilcoxon(double *d, size_t n, tdn_wilcoxon *out, tdn_err *err)
{
    if (check_values(d, n, 1, err)) return err->status;
    qsort(d, n, sizeof *d, cmp_abs);
    size_t first = 0; /* zeros sort first and are dropped ("wilcox" zero method) */
    while (first < n && d[first] == 0)
        first++;
    size_t m = n - first;
    if (m == 0) return tdn_err_set(err, TDN_EINPUT, "n: every difference is zero");
    double wplus = 0, ties = 0;
    for (size_t i = first; i < n;) {
        size_t j = i;
        while (j + 1 < n && fabs(d[j + 1]) == fabs(d[i]))
            j++;
        double t = (double)(j - i + 1), rank = (double)(i - first + j - first) / 2 + 1;
        for (size_t k = i; k <= j; k++)
            if (d[k] > 0) wplus += rank;
        ties += t * t * t - t;
        i = j + 1;
    }
    double mm = (double)m, total = mm * (mm + 1) / 2, mean = total / 2;
    double var = mm * (mm + 1) * (2 * mm + 1) / 24 - ties / 48;
    double wminus = total - wplus;
    out->n = m;
    out->w = wplus < wminus ? wplus : wminus;
    out->z = var > 0 ? (wplus - mean) / sqrt(var) : 0;
    out->p = var > 0 ? clamp01(2 * gsl_cdf_ugaussian_Q(fabs(out->z))) : 1;
    return TDN_OK;
}
