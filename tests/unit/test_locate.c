/* test_locate.c — pain-map parsing and the scoring properties of locate:
 * essential beats spillover, side is kept, big patterns do not win by size,
 * a condition prior lifts its muscles, ties go to a drawn trigger point site,
 * a muscle with one pattern per trigger point is scored by its best matching
 * pattern. Uses the fixture KB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/locate.h"
#include "kb_fixture.h"

static tdn_kb *kb;

static int setup(void **state)
{
    (void)state;
    tdn_err err = {0};
    return fixture_kb(&kb, &err);
}

static int teardown(void **state)
{
    (void)state;
    tdn_kb_free(kb);
    return 0;
}

static int run(const char *const *regions, int n, int condition, tdn_candidate *out, int max)
{
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    tdn_err err = {0};
    for (int i = 0; i < n; i++)
        assert_int_equal(tdn_pain_parse(regions[i], &pains[i], &err), 0);
    int n_out = 0;
    assert_int_equal(tdn_locate(kb, pains, n, condition, out, max, &n_out, &err), TDN_OK);
    return n_out;
}

static const char *id(const tdn_candidate *c)
{
    return kb->muscles[c->muscle].id;
}

static void pain_parse_accepts_and_refuses(void **state)
{
    (void)state;
    tdn_pain p;
    tdn_err err = {0};
    assert_int_equal(tdn_pain_parse("temple:R=7", &p, &err), 0);
    assert_int_equal(p.side, 'R');
    assert_int_equal(p.intensity, 7);
    assert_int_equal(tdn_pain_parse("heel", &p, &err), 0);
    assert_int_equal(p.side, 'B');
    assert_int_equal(p.intensity, -1);
    assert_int_equal(tdn_pain_parse("heel:l", &p, &err), 0);
    assert_int_equal(p.side, 'L');
    assert_int_equal(tdn_pain_parse("heal:L", &p, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "did you mean 'heel'"));
    assert_int_equal(tdn_pain_parse("heel:Q", &p, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "side"));
    assert_int_equal(tdn_pain_parse("heel:L=11", &p, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "intensity"));
    assert_int_equal(tdn_pain_parse("heel:L=-1", &p, &err), TDN_EINPUT);
    assert_int_equal(tdn_pain_parse("heel:L=x", &p, &err), TDN_EINPUT);
    assert_int_equal(tdn_pain_parse(":L", &p, &err), TDN_EINPUT);
    assert_int_equal(tdn_pain_parse("heel:", &p, &err), TDN_EINPUT);
}

/* locate_essential_beats_spillover */
static void essential_beats_spillover(void **state)
{
    (void)state;
    const char *map[] = {"temple:R"};
    tdn_candidate out[8];
    int n = run(map, 1, -1, out, 8);
    assert_true(n >= 2);
    assert_string_equal(id(&out[0]), "upper_trapezius");
    for (int i = 0; i < n; i++)
        if (strcmp(id(&out[i]), "spill_only") == 0) assert_true(out[i].score < out[0].score);
}

/* A KB of two muscle rows (after the header) and no conditions. */
static tdn_kb *twins_kb(const char *rows)
{
    char muscles[512];
    snprintf(muscles, sizeof muscles, "%s%s", FIXTURE_MUSCLE_HEADER, rows);
    tdn_kb *kb = NULL;
    tdn_err err = {0};
    assert_int_equal(fixture_kb_muscles(&kb, muscles, &err), TDN_OK);
    return kb;
}

/* Locates one region on kb; both twins must come back, tied. */
static void locate_tied(const tdn_kb *kb, const char *region, tdn_candidate out[4])
{
    tdn_err err = {0};
    tdn_pain p;
    int n = 0;
    assert_int_equal(tdn_pain_parse(region, &p, &err), TDN_OK);
    assert_int_equal(tdn_locate(kb, &p, 1, -1, out, 4, &n, &err), TDN_OK);
    assert_int_equal(n, 2);
    assert_true(out[0].score == out[1].score);
}

/* locate_tie_palpable_first: equal scores put the muscle a clinician can
 * palpate by hand first, whatever the alphabet says. */
static void tie_puts_palpable_first(void **state)
{
    (void)state;
    tdn_kb *kb =
        twins_kb("aa_deep\tDeep twin\tleg_foot\tcalf\theel\t-\tflat\tn\tn\t-\t-\ttest\n"
                 "zz_surface\tSurface twin\tleg_foot\tcalf\theel\t-\tflat\ty\ty\t-\t-\ttest\n");
    tdn_candidate out[4];
    locate_tied(kb, "heel:L", out);
    assert_string_equal(kb->muscles[out[0].muscle].id, "zz_surface");
    tdn_kb_free(kb);
}

/* locate_tie_site_drawn_first: equal scores put the muscle whose trigger
 * point site was drawn (pain at the muscle plus its referral) first, even
 * before a muscle palpable by hand, and only on the side drawn. */
static void tie_puts_drawn_site_first(void **state)
{
    (void)state;
    tdn_kb *kb =
        twins_kb("aa_remote\tRemote twin\tleg_foot\tcalf\tshin,heel\t-\tflat\ty\ty\t-\t-\ttest\n"
                 "zz_local\tLocal twin\tleg_foot\tshin\tshin,heel\t-\tflat\tn\tn\t-\t-\ttest\n");
    tdn_candidate out[4];
    locate_tied(kb, "shin:L", out);
    assert_string_equal(kb->muscles[out[0].muscle].id, "zz_local");
    assert_true(out[0].site_drawn);
    assert_false(out[1].site_drawn);
    /* heel is no trigger point site: the palpable muscle leads again */
    locate_tied(kb, "heel:L", out);
    assert_string_equal(kb->muscles[out[0].muscle].id, "aa_remote");
    tdn_kb_free(kb);
}

/* locate_both_sides: the same pattern drawn on the left and on the right is
 * one candidate on side B that explains every region, scoring what one side
 * scores for a one-sided drawing; pain on one side only stays one-sided. */
static void both_sides_drawn_give_side_b(void **state)
{
    (void)state;
    const char *one[] = {"temple:L", "posterior_neck:L"};
    const char *both[] = {"temple:L", "temple:R", "posterior_neck:L", "posterior_neck:R"};
    tdn_candidate a[8], b[8];
    assert_true(run(one, 2, -1, a, 8) >= 1);
    assert_true(run(both, 4, -1, b, 8) >= 1);
    assert_string_equal(id(&a[0]), "upper_trapezius");
    assert_int_equal(a[0].side, 'L');
    assert_string_equal(id(&b[0]), "upper_trapezius");
    assert_int_equal(b[0].side, 'B');
    assert_true(b[0].score == a[0].score);
    for (int j = 0; j < 4; j++)
        assert_int_equal(b[0].explains[j], TDN_EXPLAINS_ESSENTIAL);
}

/* locate_side_kept */
static void side_is_kept(void **state)
{
    (void)state;
    const char *map[] = {"temple:L", "posterior_neck:L"};
    tdn_candidate out[8];
    int n = run(map, 2, -1, out, 8);
    assert_true(n >= 1);
    assert_string_equal(id(&out[0]), "upper_trapezius");
    assert_int_equal(out[0].side, 'L');
    for (int i = 0; i < n; i++)
        if (strcmp(id(&out[i]), "upper_trapezius") == 0 && out[i].side == 'R') fail();
}

/* locate_contralateral_zone */
static void contralateral_zone_names_other_side(void **state)
{
    (void)state;
    const char *map[] = {"forehead:R"};
    tdn_candidate out[8];
    int n = run(map, 1, -1, out, 8);
    bool found = false;
    for (int i = 0; i < n; i++)
        if (strcmp(id(&out[i]), "crossing") == 0) found = out[i].side == 'L';
    assert_true(found);
}

/* locate_size_does_not_win */
static void big_pattern_does_not_win_by_size(void **state)
{
    (void)state;
    const char *map[] = {"vertex:R"};
    tdn_candidate out[8];
    int n = run(map, 1, -1, out, 8);
    assert_true(n >= 2);
    assert_string_equal(id(&out[0]), "splenius_capitis");
}

/* locate_condition_prior */
static void condition_prior_lifts_its_muscles(void **state)
{
    (void)state;
    const char *map[] = {"throat:R"};
    tdn_candidate out[8];
    int n = run(map, 1, 0, out, 8);
    bool prior_seen = false;
    for (int i = 0; i < n; i++)
        prior_seen |= out[i].condition_prior;
    assert_true(prior_seen);
    assert_true(out[0].score <= 1.0);
    /* A listed muscle that explains nothing is offered on the drawn side only. */
    for (int i = 0; i < n; i++)
        assert_int_not_equal(out[i].side, 'L');
}

static void reasons_name_regions(void **state)
{
    (void)state;
    const char *map[] = {"temple:R", "occiput:R", "heel:R"};
    tdn_candidate out[8];
    tdn_pain pains[3];
    tdn_err err = {0};
    for (int i = 0; i < 3; i++)
        tdn_pain_parse(map[i], &pains[i], &err);
    int n = run(map, 3, -1, out, 8);
    int ut = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(id(&out[i]), "upper_trapezius") == 0) ut = i;
    assert_true(ut >= 0);
    tdn_buf b = {0};
    tdn_locate_reasons(kb, &out[ut], pains, 3, &b);
    assert_non_null(strstr(tdn_buf_str(&b), "explains temple:R (essential zone)"));
    assert_non_null(strstr(tdn_buf_str(&b), "explains occiput:R (spillover zone)"));
    assert_non_null(strstr(tdn_buf_str(&b), "does not explain heel:R"));
    tdn_buf_free(&b);
}

/* Two trigger points with distinct patterns, and a muscle with the same
 * zones as one combined pattern. */
static const char multi_muscles[] = FIXTURE_MUSCLE_HEADER
    "two_points\tTwo points\thead_neck\tlateral_neck\tfront=forehead,orbit,cheek|"
    "back=occiput,vertex,posterior_neck\ttemple|mastoid\tflat\ty\ty\t-\t-\ttest\n"
    "one_big\tOne big\thead_neck\tlateral_neck\tforehead,orbit,cheek,occiput,vertex,"
    "posterior_neck\ttemple,mastoid\tflat\ty\ty\t-\t-\ttest\n";

/* Runs the map on the multi-pattern KB; returns the index of two_points in
 * out (whose reasons go to why) and the number of candidates in *n_out. */
static int run_multi(const char *const *regions, int n, tdn_candidate *out, int max, int *n_out,
                     tdn_buf *why)
{
    tdn_text_file files[] = {
        {"muscles.tsv", multi_muscles, strlen(multi_muscles)},
        {"conditions.tsv", FIXTURE_CONDITION_HEADER, strlen(FIXTURE_CONDITION_HEADER)}};
    tdn_kb *mkb;
    tdn_err err = {0};
    assert_int_equal(tdn_kb_load(&mkb, files, 2, &err), TDN_OK);
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    for (int i = 0; i < n; i++)
        assert_int_equal(tdn_pain_parse(regions[i], &pains[i], &err), 0);
    assert_int_equal(tdn_locate(mkb, pains, n, -1, out, max, n_out, &err), TDN_OK);
    int k = 0;
    while (k < *n_out && strcmp(mkb->muscles[out[k].muscle].id, "two_points") != 0)
        k++;
    assert_true(k < *n_out);
    tdn_locate_reasons(mkb, &out[k], pains, n, why);
    tdn_kb_free(mkb);
    return k;
}

/* locate_best_pattern: one trigger point's pattern drawn -> that pattern
 * scores, not the combined zone of every trigger point. */
static void multi_pattern_beats_one_big_pattern(void **state)
{
    (void)state;
    const char *map[] = {"forehead:R", "orbit:R", "cheek:R"};
    tdn_candidate out[4];
    tdn_buf why = {0};
    int n;
    assert_int_equal(run_multi(map, 3, out, 4, &n, &why), 0);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].pattern, 0);
    assert_true(out[0].score > out[1].score); /* one_big loses specificity */
    assert_true(out[0].specificity == 1.0);   /* all of "front" was drawn */
    assert_true(out[1].specificity > 0.49 && out[1].specificity < 0.51);
    assert_true(out[0].side == 'R');
    tdn_buf_free(&why);
}

/* locate_best_pattern_reasons: the reasons name the chosen pattern and its zones. */
static void reasons_name_the_chosen_pattern(void **state)
{
    (void)state;
    const char *map[] = {"occiput:L", "vertex:L", "posterior_neck:L", "mastoid:L", "temple:L"};
    tdn_candidate out[4];
    tdn_buf why = {0};
    int n;
    assert_int_equal(run_multi(map, 5, out, 4, &n, &why), 0);
    const char *s = tdn_buf_str(&why);
    assert_int_equal(out[0].pattern, 1);
    assert_non_null(strstr(s, "best matching pattern: back\n"));
    assert_non_null(strstr(s, "explains occiput:L, vertex:L, posterior_neck:L (essential zone)"));
    /* mastoid is back's spillover; temple is front's, so back does not explain it */
    assert_non_null(strstr(s, "explains mastoid:L (spillover zone)"));
    assert_non_null(strstr(s, "does not explain temple:L"));
    tdn_buf_free(&why);
}

/* locate_all_patterns: a drawing that spans both trigger points matches them together. */
static void both_patterns_drawn_match_together(void **state)
{
    (void)state;
    const char *map[] = {"forehead:R", "orbit:R", "cheek:R", "occiput:R", "vertex:R"};
    tdn_candidate out[4];
    tdn_buf why = {0};
    int n, k = run_multi(map, 5, out, 4, &n, &why);
    assert_int_equal(out[k].pattern, TDN_PATTERN_ALL);
    /* the same zones as one combined row: the same score, no worse */
    assert_true(out[0].score == out[1].score);
    assert_non_null(strstr(tdn_buf_str(&why), "matches several patterns at once: front+back\n"));
    assert_non_null(strstr(tdn_buf_str(&why), "explains forehead:R, orbit:R, cheek:R, occiput:R, "
                                              "vertex:R (essential zone)"));
    tdn_buf_free(&why);
}

static void empty_map_and_limits(void **state)
{
    (void)state;
    tdn_candidate out[2];
    int n = 99;
    tdn_err err = {0};
    assert_int_equal(tdn_locate(kb, NULL, 0, -1, out, 2, &n, &err), TDN_EINPUT);
    assert_int_equal(n, 0);
    const char *map[] = {"temple:R", "posterior_neck:R", "vertex:R", "throat:R"};
    assert_int_equal(run(map, 4, -1, out, 2), 2);
    assert_true(out[0].score >= out[1].score);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pain_parse_accepts_and_refuses),
        cmocka_unit_test(essential_beats_spillover),
        cmocka_unit_test(tie_puts_palpable_first),
        cmocka_unit_test(tie_puts_drawn_site_first),
        cmocka_unit_test(multi_pattern_beats_one_big_pattern),
        cmocka_unit_test(reasons_name_the_chosen_pattern),
        cmocka_unit_test(both_patterns_drawn_match_together),
        cmocka_unit_test(both_sides_drawn_give_side_b),
        cmocka_unit_test(side_is_kept),
        cmocka_unit_test(contralateral_zone_names_other_side),
        cmocka_unit_test(big_pattern_does_not_win_by_size),
        cmocka_unit_test(condition_prior_lifts_its_muscles),
        cmocka_unit_test(reasons_name_regions),
        cmocka_unit_test(empty_map_and_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
