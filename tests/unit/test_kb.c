/* test_kb.c — the knowledge-base loader: a good file loads, and every kind of
 * bad row is refused with "file:line: field: problem". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/body.h"
#include "kb_fixture.h"

static void load_with_muscle_row(const char *row, tdn_err *err, int *rc)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", FIXTURE_MUSCLE_HEADER, row);
    tdn_text_file files[] = {{"muscles.tsv", text, strlen(text)},
                             {"conditions.tsv", fixture_conditions, strlen(fixture_conditions)}};
    tdn_kb *kb = NULL;
    *rc = tdn_kb_load(&kb, files, 2, err);
    if (*rc) assert_null(kb);
    tdn_kb_free(kb);
}

static void fixture_loads(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_err err = {0};
    assert_int_equal(fixture_kb(&kb, &err), TDN_OK);
    assert_int_equal(kb->n_muscles, 5);
    assert_int_equal(kb->n_conditions, 1);
    int ut = tdn_kb_muscle_find(kb, "upper_trapezius");
    assert_true(ut >= 0);
    assert_true(tdn_muscle_has_hazard(&kb->muscles[ut], "lung"));
    assert_string_equal(kb->muscles[ut].palpation, "pincer");
    assert_int_equal(kb->conditions[0].n_muscles, 2);
    assert_string_equal(tdn_kb_muscle_closest(kb, "upper_trapezuis"), "upper_trapezius");
    tdn_kb_free(kb);
}

static void expect_error(const char *row, const char *needle)
{
    tdn_err err = {0};
    int rc;
    load_with_muscle_row(row, &err, &rc);
    assert_int_equal(rc, TDN_EINPUT);
    if (!strstr(err.msg, needle)) fail_msg("'%s' does not contain '%s'", err.msg, needle);
}

static void unknown_region_names_line_and_field(void **state)
{
    (void)state;
    expect_error("a\tA\thead_neck\tshoulder_top\ttempel\t-\tflat\ty\ty\t-\t-\ts\n",
                 "muscles.tsv:2: essential: unknown region code 'tempel' (did you mean 'temple'?)");
}

static void unknown_side_is_refused(void **state)
{
    (void)state;
    expect_error("a\tA\thead_neck\tshoulder_top\ttemple:X\t-\tflat\ty\ty\t-\t-\ts\n",
                 "muscles.tsv:2: essential: unknown side 'X'");
}

static void duplicate_id_is_refused(void **state)
{
    (void)state;
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\t-\t-\ts\n"
                 "a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\t-\t-\ts\n",
                 "muscles.tsv:3: id: duplicate id 'a'");
}

static void missing_column_is_refused(void **state)
{
    (void)state;
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\t-\t-\n",
                 "muscles.tsv:2: source: missing column");
}

static void bad_values_are_refused(void **state)
{
    (void)state;
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tgrip\ty\ty\t-\t-\ts\n", "palpation: 'grip'");
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\tyes\ty\t-\t-\ts\n", "palpable: 'yes'");
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\tlungs\t-\ts\n", "hazards: 'lungs'");
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\t-\tmigrane\ts\n",
                 "conditions: unknown condition 'migrane'");
    expect_error("a\tA\tbelly\tjaw\ttemple\t-\tflat\ty\ty\t-\t-\ts\n", "area: unknown area");
    expect_error("a\tA\thead_neck\tjaw\t-\t-\tflat\ty\ty\t-\t-\ts\n", "essential: at least one");
    expect_error("a\tA\thead_neck\tjaw\t\t-\tflat\ty\ty\t-\t-\ts\n", "essential: empty");
    expect_error("A b\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\t-\t-\ts\n", "id: 'A b'");
}

/* Hazards may apply at some trigger point sites only: "lung@shoulder_top". */
static void hazard_sites_are_scoped(void **state)
{
    (void)state;
    tdn_err err = {0};
    char text[512];
    snprintf(text, sizeof text, "%s%s", FIXTURE_MUSCLE_HEADER,
             "a\tA\thead_neck\tshoulder_top,posterior_neck\ttemple\t-\tflat\ty\ty\t"
             "lung@shoulder_top,nerve:x\t-\ts\n");
    tdn_text_file files[] = {
        {"muscles.tsv", text, strlen(text)},
        {"conditions.tsv", FIXTURE_CONDITION_HEADER, strlen(FIXTURE_CONDITION_HEADER)}};
    tdn_kb *kb;
    assert_int_equal(tdn_kb_load(&kb, files, 2, &err), TDN_OK);
    const tdn_muscle *m = &kb->muscles[0];
    int top = tdn_region_find("shoulder_top"), neck = tdn_region_find("posterior_neck");
    assert_true(tdn_muscle_hazard_at(m, "lung", top));
    assert_false(tdn_muscle_hazard_at(m, "lung", neck));
    assert_true(tdn_muscle_hazard_at(m, "lung", -1));
    assert_true(tdn_muscle_hazard_at(m, "nerve:", neck));
    tdn_kb_free(kb);
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\tlung@chest\t-\ts\n",
                 "hazards: 'lung@chest': 'chest' is not one of the tp_sites");
    expect_error("a\tA\thead_neck\tjaw\ttemple\t-\tflat\ty\ty\tlung@\t-\ts\n",
                 "hazards: 'lung@': name the sites");
}

/* One pattern per trigger point: "label=zones|zones", spillover shared or per pattern. */
static void patterns_load_and_are_checked(void **state)
{
    (void)state;
    tdn_err err = {0};
    char text[512];
    snprintf(text, sizeof text, "%s%s", FIXTURE_MUSCLE_HEADER,
             "a\tA\thead_neck\tjaw\tfront=forehead:B,orbit|occiput,vertex,orbit\ttemple|-\tflat\t"
             "y\ty\t-\t-\ts\n"
             "b\tB\thead_neck\tjaw\torbit|cheek\tjaw\tflat\ty\ty\t-\t-\ts\n");
    tdn_text_file files[] = {
        {"muscles.tsv", text, strlen(text)},
        {"conditions.tsv", FIXTURE_CONDITION_HEADER, strlen(FIXTURE_CONDITION_HEADER)}};
    tdn_kb *kb;
    assert_int_equal(tdn_kb_load(&kb, files, 2, &err), TDN_OK);
    const tdn_muscle *a = &kb->muscles[0], *b = &kb->muscles[1];
    assert_int_equal(a->n_patterns, 2);
    assert_string_equal(a->patterns[0].label, "front");
    assert_string_equal(a->patterns[1].label, "trp2"); /* unnamed: numbered */
    assert_int_equal(a->patterns[0].n_ess, 2);
    assert_int_equal(a->patterns[1].ess_from, 2);
    assert_int_equal(a->patterns[1].n_ess, 3);
    assert_int_equal(a->n_ess_regions, 4); /* orbit counted once in the union */
    assert_true(a->spill_per_pattern);
    assert_int_equal(a->patterns[0].n_spill, 1);
    assert_int_equal(a->patterns[1].n_spill, 0);
    assert_false(b->spill_per_pattern); /* one spillover list shared by both */
    assert_int_equal(b->patterns[1].n_spill, 1);
    assert_int_equal(kb->muscles[1].patterns[0].n_ess_regions, 1);
    tdn_kb_free(kb);
    expect_error("a\tA\thead_neck\tjaw\torbit|cheek,tempel\t-\tflat\ty\ty\t-\t-\ts\n",
                 "muscles.tsv:2: essential: pattern 'trp2': unknown region code 'tempel'");
    expect_error("a\tA\thead_neck\tjaw\torbit||cheek\t-\tflat\ty\ty\t-\t-\ts\n",
                 "essential: pattern 'trp2': no zones");
    expect_error("a\tA\thead_neck\tjaw\torbit|-\t-\tflat\ty\ty\t-\t-\ts\n",
                 "essential: pattern 'trp2': at least one zone");
    expect_error("a\tA\thead_neck\tjaw\tx=orbit|x=cheek\t-\tflat\ty\ty\t-\t-\ts\n",
                 "essential: pattern label 'x' given twice");
    expect_error("a\tA\thead_neck\tjaw\tBad=orbit|cheek\t-\tflat\ty\ty\t-\t-\ts\n",
                 "essential: pattern label 'Bad'");
    expect_error("a\tA\thead_neck\tjaw\tx=orbit\t-\tflat\ty\ty\t-\t-\ts\n",
                 "essential: a label needs several patterns");
    expect_error("a\tA\thead_neck\tjaw\ta|b|c|d|e|f|g\t-\tflat\ty\ty\t-\t-\ts\n",
                 "essential: more than 6 patterns");
    expect_error("a\tA\thead_neck\tjaw\torbit|cheek\tjaw|jaw|jaw\tflat\ty\ty\t-\t-\ts\n",
                 "spillover: give one list for every pattern or one per essential pattern (2)");
    expect_error("a\tA\thead_neck\tjaw\torbit|cheek\tx=jaw|jaw\tflat\ty\ty\t-\t-\ts\n",
                 "spillover: give one list");
    expect_error("a\tA\thead_neck\tjaw\torbit|cheek\tjaw|\tflat\ty\ty\t-\t-\ts\n",
                 "spillover: pattern 'trp2': no zones (write -)");
}

/* A condition is found by id, ICD-10-CM code, display name or alias; a bad
 * alias row names its line and field. */
static void conditions_are_found_by_any_name(void **state)
{
    (void)state;
    static const char aliases[] = "alias\tcondition\tsource\nhead_ache\theadache\ttest\n";
    tdn_text_file files[] = {{"muscles.tsv", fixture_muscles, strlen(fixture_muscles)},
                             {"conditions.tsv", fixture_conditions, strlen(fixture_conditions)},
                             {"condition_aliases.tsv", aliases, strlen(aliases)}};
    tdn_kb *kb = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_kb_load(&kb, files, 3, &err), TDN_OK);
    int c = tdn_kb_condition_find(kb, "headache");
    assert_true(c >= 0);
    assert_int_equal(tdn_kb_condition_lookup(kb, "headache"), c);
    assert_int_equal(tdn_kb_condition_lookup(kb, "g44.209"), c);    /* ICD, any case */
    assert_int_equal(tdn_kb_condition_lookup(kb, " Headache "), c); /* the name */
    assert_int_equal(tdn_kb_condition_lookup(kb, "Head-ache"), c);  /* the alias */
    assert_int_equal(tdn_kb_condition_lookup(kb, "backache"), -1);
    assert_int_equal(tdn_kb_condition_lookup(kb, ""), -1);
    assert_string_equal(tdn_kb_condition_closest(kb, "head_ach"), "head_ache");
    tdn_kb_free(kb);
    static const char *const bad[][2] = {
        {"alias\tcondition\tsource\nHead Ache\theadache\ttest\n",
         "condition_aliases.tsv:2: alias: 'Head Ache' is not lower snake case"},
        {"alias\tcondition\tsource\nheadache\theadache\ttest\n", "already names a condition"},
        {"alias\tcondition\tsource\nmigraine\tmigrane\ttest\n",
         "condition_aliases.tsv:2: condition: unknown condition 'migrane'"},
        {"alias\tcondition\n", "condition_aliases.tsv"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        files[2].text = bad[i][0];
        files[2].len = strlen(bad[i][0]);
        assert_int_equal(tdn_kb_load(&kb, files, 3, &err), TDN_EINPUT);
        assert_null(kb);
        assert_non_null(strstr(err.msg, bad[i][1]));
    }
}

static void bad_header_and_condition_muscle(void **state)
{
    (void)state;
    const char *bad_header = "id\tname\n";
    tdn_text_file files[] = {{"muscles.tsv", bad_header, strlen(bad_header)},
                             {"conditions.tsv", fixture_conditions, strlen(fixture_conditions)}};
    tdn_kb *kb;
    tdn_err err = {0};
    assert_int_equal(tdn_kb_load(&kb, files, 2, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "muscles.tsv:1: header"));
    const char *conds = FIXTURE_CONDITION_HEADER "headache\tH\tG44\tnot_a_muscle\ts\n";
    tdn_text_file files2[] = {{"muscles.tsv", fixture_muscles, strlen(fixture_muscles)},
                              {"conditions.tsv", conds, strlen(conds)}};
    assert_int_equal(tdn_kb_load(&kb, files2, 2, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "conditions.tsv:2: muscles: unknown muscle 'not_a_muscle'"));
    assert_int_equal(tdn_kb_load(&kb, files2, 1, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "conditions.tsv is missing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_loads),
        cmocka_unit_test(unknown_region_names_line_and_field),
        cmocka_unit_test(unknown_side_is_refused),
        cmocka_unit_test(duplicate_id_is_refused),
        cmocka_unit_test(missing_column_is_refused),
        cmocka_unit_test(bad_values_are_refused),
        cmocka_unit_test(hazard_sites_are_scoped),
        cmocka_unit_test(bad_header_and_condition_muscle),
        cmocka_unit_test(conditions_are_found_by_any_name),
        cmocka_unit_test(patterns_load_and_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
