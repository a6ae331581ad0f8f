/* test_billing.c — billing.cpt_20560 / billing.cpt_20561: one CPT code per
 * session counted from DISTINCT muscles needled (not needles, not sides), no
 * code without a needle; and billing.tsv validation. */
#include "session_fixture.h"

#include <stdio.h>

static tdn_billing bill(sx *x)
{
    return tdn_billing_derive(&x->billing, x->s);
}

static void no_needle_no_code_billing_cpt_20560(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    tdn_billing b = bill(x);
    assert_null(b.cpt);
    assert_int_equal(b.needles, 0);
    assert_int_equal(b.distinct_muscles, 0);
}

static void one_muscle_is_20560_billing_cpt_20560(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0);
    tdn_billing b = bill(x);
    assert_non_null(b.cpt);
    assert_string_equal(b.cpt->code, "20560");
    assert_string_equal(b.cpt->id, "billing.cpt_20560");
    assert_string_equal(b.cpt->descriptor,
                        "Needle insertion(s) without injection(s); 1 or 2 muscle(s)");
}

/* 2 distinct muscles with 4 needles → 20560 (needles are not muscles). */
static void two_muscles_four_needles_is_20560_billing_cpt_20560(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0 + 1);
    sx_insert(x, "levator_scapulae", 'R', TDN_TECH_DEEP, T0 + 2);
    sx_insert(x, "levator_scapulae", 'R', TDN_TECH_SUPERFICIAL, T0 + 3);
    tdn_billing b = bill(x);
    assert_int_equal(b.needles, 4);
    assert_int_equal(b.distinct_muscles, 2);
    assert_string_equal(b.cpt->code, "20560");
}

/* The same muscle left and right counts once: 2 muscles on 2 sides → 20560. */
static void same_muscle_both_sides_counts_once_billing_cpt_20560(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "gastrocnemius", 'L', TDN_TECH_DEEP, T0);
    sx_insert(x, "gastrocnemius", 'R', TDN_TECH_DEEP, T0 + 1);
    sx_insert(x, "infraspinatus", 'R', TDN_TECH_DEEP, T0 + 2);
    tdn_billing b = bill(x);
    assert_int_equal(b.distinct_muscles, 2);
    assert_string_equal(b.cpt->code, "20560");
}

/* 3 distinct muscles → 20561, and it stays 20561 for more. */
static void three_muscles_is_20561_billing_cpt_20561(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0);
    sx_insert(x, "levator_scapulae", 'R', TDN_TECH_DEEP, T0 + 1);
    sx_insert(x, "splenius_capitis", 'R', TDN_TECH_DEEP, T0 + 2);
    tdn_billing b = bill(x);
    assert_int_equal(b.distinct_muscles, 3);
    assert_string_equal(b.cpt->code, "20561");
    assert_string_equal(b.cpt->descriptor,
                        "Needle insertion(s) without injection(s); 3 or more muscles");
    sx_insert(x, "gastrocnemius", 'L', TDN_TECH_DEEP, T0 + 3);
    sx_insert(x, "infraspinatus", 'L', TDN_TECH_DEEP, T0 + 4);
    assert_string_equal(bill(x).cpt->code, "20561");
    assert_int_equal(bill(x).distinct_muscles, 5);
}

/* A broken needle was still inserted into its muscle: it counts. */
static void broken_needle_counts_billing_cpt_20560(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "gastrocnemius", 'L', TDN_TECH_DEEP, T0);
    assert_int_equal(tdn_session_broken(x->s, n, "mild", "tip broke, removed", T0 + 9, &err), 0);
    assert_string_equal(bill(x).cpt->code, "20560");
}

static void loader_errors(void **state)
{
    (void)state;
    const char *head = "id\tcode\tmin_muscles\tmax_muscles\tdescriptor\tsource\n";
    struct {
        const char *rows;
        const char *want;
    } cases[] = {
        {"billing.a\t20560\t1\t2\td\ts\nbilling.b\t20561\t3\t-\td\ts\n", NULL},
        {"billing.a\t2056\t1\t2\td\ts\nbilling.b\t20561\t3\t-\td\ts\n", "billing.tsv:2: code"},
        {"billing.a\t20560\t1\t2\td\ts\nbilling.b\t20561\t4\t-\td\ts\n", "billing.tsv:3: min"},
        {"billing.a\t20560\t2\t2\td\ts\nbilling.b\t20561\t3\t-\td\ts\n", "must be 1"},
        {"billing.a\t20560\t1\t2\td\ts\n", "open-ended"},
        {"cpt.a\t20560\t1\t-\td\ts\n", "id"},
        {"billing.a\t20560\t1\tmany\td\ts\n", "max_muscles"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char text[1024];
        int len = snprintf(text, sizeof text, "%s%s", head, cases[c].rows);
        tdn_text_file f = {"billing.tsv", text, (size_t)len};
        tdn_billing_rules b;
        tdn_err err = {0};
        int rc = tdn_billing_load(&b, &f, 1, &err);
        if (!cases[c].want) {
            assert_int_equal(rc, TDN_OK);
            assert_int_equal(b.n, 2);
            continue;
        }
        if (!strstr(err.msg, cases[c].want)) print_error("%s lacks %s\n", err.msg, cases[c].want);
        assert_int_equal(rc, TDN_EINPUT);
        assert_non_null(strstr(err.msg, cases[c].want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_needle_no_code_billing_cpt_20560),
        cmocka_unit_test(one_muscle_is_20560_billing_cpt_20560),
        cmocka_unit_test(two_muscles_four_needles_is_20560_billing_cpt_20560),
        cmocka_unit_test(same_muscle_both_sides_counts_once_billing_cpt_20560),
        cmocka_unit_test(three_muscles_is_20561_billing_cpt_20561),
        cmocka_unit_test(broken_needle_counts_billing_cpt_20560),
        cmocka_unit_test(loader_errors),
    };
    return cmocka_run_group_tests(tests, sx_setup, sx_teardown);
}
