/* test_stats.c — core/stats.c against the vectors (issue 11) and
 * against values computed independently with scipy 1.10 (Debian
 * python3-scipy); each reference value quotes the command that gave it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/stats.h"

#define near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

/* python3 -c "from scipy import stats; r=stats.binomtest(K,N).proportion_ci(0.95,
 *   method='wilson'); print(r.low, r.high)" */
static void wilson_vectors(void **state)
{
    (void)state;
    tdn_ci ci;
    tdn_err err = {0};
    assert_int_equal(tdn_stats_wilson(7, 50, 0.95, &ci, &err), TDN_OK);
    near(ci.lo, 0.069508, 1e-6);
    near(ci.hi, 0.261862, 1e-6);
    assert_int_equal(tdn_stats_wilson(0, 10, 0.95, &ci, &err), TDN_OK);
    assert_true(ci.lo == 0);
    near(ci.hi, 0.277533, 1e-6);
    assert_int_equal(tdn_stats_wilson(1463, 7629, 0.95, &ci, &err), TDN_OK);
    near(ci.lo * 100, 18.309, 1e-3); /* scipy: 0.183089972352723 */
    near(ci.hi * 100, 20.076, 1e-3); /* scipy: 0.2007567870261056 */
    assert_int_equal(tdn_stats_wilson(10, 10, 0.95, &ci, &err), TDN_OK);
    near(ci.lo, 0.7224672001371109, 1e-9);
    assert_true(ci.hi == 1);
    assert_int_equal(tdn_stats_wilson(3, 1000, 0.95, &ci, &err), TDN_OK);
    near(ci.lo, 0.0010207838811386186, 1e-9);
    near(ci.hi, 0.008783014053503173, 1e-9);
}

/* the same with method='exact' (Clopper–Pearson) */
static void exact_vectors(void **state)
{
    (void)state;
    tdn_ci ci;
    tdn_err err = {0};
    assert_int_equal(tdn_stats_exact(7, 50, 0.95, &ci, &err), TDN_OK);
    near(ci.lo, 0.05819, 1e-5);
    near(ci.hi, 0.26740, 1e-5);
    near(ci.lo, 0.05819170033997342, 1e-9);
    near(ci.hi, 0.26739600249700846, 1e-9);
    assert_int_equal(tdn_stats_exact(0, 10, 0.95, &ci, &err), TDN_OK);
    assert_true(ci.lo == 0);
    near(ci.hi, 0.30849710781876294, 1e-9);
    assert_int_equal(tdn_stats_exact(10, 10, 0.95, &ci, &err), TDN_OK);
    near(ci.lo, 0.6915028921812371, 1e-9);
    assert_true(ci.hi == 1);
    assert_int_equal(tdn_stats_exact(3, 1000, 0.95, &ci, &err), TDN_OK);
    near(ci.lo, 0.0006190999316499173, 1e-9);
    near(ci.hi, 0.008742023238657654, 1e-9);
}

/* python3 -c "print(1-0.05**(1/7629), 3/7629)" */
static void zero_events(void **state)
{
    (void)state;
    double exact, rule3;
    tdn_err err = {0};
    assert_int_equal(tdn_stats_zero_upper(7629, 0.95, &exact, &rule3, &err), TDN_OK);
    near(exact * 100, 0.0393, 5e-5);
    near(rule3 * 100, 0.0393, 5e-5);
    near(exact, 0.00039259983917461216, 1e-12);
    near(rule3, 0.00039323633503735744, 1e-12);
    /* one session: the rule of three would say 300 %, the bound stays a fraction */
    assert_int_equal(tdn_stats_zero_upper(1, 0.95, &exact, &rule3, &err), TDN_OK);
    near(exact, 0.95, 1e-12);
    assert_true(rule3 == 1);
}

static void bad_counts(void **state)
{
    (void)state;
    tdn_ci ci = {-1, -1};
    tdn_err err = {0};
    assert_int_equal(tdn_stats_wilson(0, 0, 0.95, &ci, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "n:"));
    assert_int_equal(tdn_stats_exact(5, 4, 0.95, &ci, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "k:"));
    assert_int_equal(tdn_stats_wilson(-1, 4, 0.95, &ci, &err), TDN_EINPUT);
    assert_int_equal(tdn_stats_exact(1, 4, 1.0, &ci, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "confidence:"));
    double e, r;
    assert_int_equal(tdn_stats_zero_upper(0, 0.95, &e, &r, &err), TDN_EINPUT);
    assert_true(ci.lo == -1); /* untouched */
}

/* Every interval of every k of n stays inside [0, 1] and holds k/n. */
static void intervals_bounded(void **state)
{
    (void)state;
    tdn_err err = {0};
    for (int64_t n = 1; n <= 60; n++)
        for (int64_t k = 0; k <= n; k++) {
            tdn_ci w, x;
            assert_int_equal(tdn_stats_wilson(k, n, 0.95, &w, &err), TDN_OK);
            assert_int_equal(tdn_stats_exact(k, n, 0.95, &x, &err), TDN_OK);
            double p = (double)k / (double)n;
            assert_true(0 <= w.lo && w.lo <= p + 1e-12 && p <= w.hi + 1e-12 && w.hi <= 1);
            assert_true(0 <= x.lo && x.lo <= p + 1e-12 && p <= x.hi + 1e-12 && x.hi <= 1);
        }
}

/* python3 -c "import numpy as np; print(np.percentile([3,-1,4,1,-5,9,2,6,5,3.5],[25,50,75]))"
 * -> [1.25 3.25 4.75] */
static void spread(void **state)
{
    (void)state;
    double x[] = {3, -1, 4, 1, -5, 9, 2, 6, 5, 3.5};
    tdn_spread s;
    tdn_err err = {0};
    assert_int_equal(tdn_stats_spread(x, 10, &s, &err), TDN_OK);
    near(s.q1, 1.25, 1e-12);
    near(s.median, 3.25, 1e-12);
    near(s.q3, 4.75, 1e-12);
    double one[] = {-2};
    assert_int_equal(tdn_stats_spread(one, 1, &s, &err), TDN_OK);
    assert_true(s.median == -2 && s.q1 == -2 && s.q3 == -2);
    assert_int_equal(tdn_stats_spread(one, 0, &s, &err), TDN_EINPUT);
    double bad[] = {1, NAN};
    assert_int_equal(tdn_stats_spread(bad, 2, &s, &err), TDN_EINPUT);
}

/* python3 -c "import numpy as np; from scipy import stats;
 *   d=np.array([1.5,2,-0.5,3,2,1,0,2.5,4,-1]); m=d.mean(); s=d.std(ddof=1);
 *   t=stats.t.ppf(0.975,9); print(m,s,m-t*s/np.sqrt(10),m+t*s/np.sqrt(10))" */
static const double diffs[] = {1.5, 2, -0.5, 3, 2, 1, 0, 2.5, 4, -1};

static void paired(void **state)
{
    (void)state;
    tdn_mean_ci m;
    tdn_err err = {0};
    assert_int_equal(tdn_stats_paired(diffs, 10, 0.95, &m, &err), TDN_OK);
    near(m.mean, 1.45, 1e-12);
    near(m.sd, 1.5890248582070703, 1e-9);
    near(m.lo, 0.31328009395126544, 1e-9);
    near(m.hi, 2.5867199060487343, 1e-9);
    assert_int_equal(tdn_stats_paired(diffs, 1, 0.95, &m, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "n:"));
}

/* python3 -c "from scipy import stats; r=stats.wilcoxon([1.5,2,-0.5,3,2,1,0,2.5,4,-1],
 *   zero_method='wilcox',correction=False,method='approx'); print(r.statistic,r.pvalue)"
 * -> 3.5 0.02414053862843877 (ties: |1| twice, |2| twice; one zero dropped) */
static void wilcoxon(void **state)
{
    (void)state;
    double d[10];
    memcpy(d, diffs, sizeof d);
    tdn_wilcoxon w;
    tdn_err err = {0};
    assert_int_equal(tdn_stats_wilcoxon(d, 10, &w, &err), TDN_OK);
    assert_int_equal(w.n, 9);
    near(w.w, 3.5, 1e-12);
    near(w.p, 0.02414053862843877, 1e-9);
    double zeros[] = {0, 0, 0};
    assert_int_equal(tdn_stats_wilcoxon(zeros, 3, &w, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "zero"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_vectors),
        cmocka_unit_test(exact_vectors),
        cmocka_unit_test(zero_events),
        cmocka_unit_test(bad_counts),
        cmocka_unit_test(intervals_bounded),
        cmocka_unit_test(spread),
        cmocka_unit_test(paired),
        cmocka_unit_test(wilcoxon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
