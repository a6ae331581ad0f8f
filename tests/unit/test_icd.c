/* test_icd.c — ICD-10-CM coding of an episode (core/icd.h) with the shipped
 * tables: one row per unspecified-side code of data/icd10_laterality.tsv
 * (icd.laterality.<code>, checked on icd10data.com), the site rules
 * (icd.site.*: M79.12 head and neck, wrist M25.53-, ankle M25.57-) and the
 * encounter rule (icd.encounter.S13.4: initial A, subsequent D); and the
 * loader's errors name file:line: field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/kbfiles.h"
#include "core/body.h"
#include "core/icd.h"

typedef struct side_row {
    const char *code, *right, *left, *both; /* both: bilateral code or "R, L" */
} side_row;

/* Every code the issue lists, plus the wrist and ankle codes. */
static const side_row sides[] = {
    {"M25.519", "M25.511", "M25.512", "M25.511, M25.512"},
    {"M75.00", "M75.01", "M75.02", "M75.01, M75.02"},
    {"M75.40", "M75.41", "M75.42", "M75.41, M75.42"},
    {"M77.10", "M77.11", "M77.12", "M77.11, M77.12"},
    {"M77.00", "M77.01", "M77.02", "M77.01, M77.02"},
    {"G56.00", "G56.01", "G56.02", "G56.03"},
    {"M79.643", "M79.641", "M79.642", "M79.641, M79.642"},
    {"M26.609", "M26.601", "M26.602", "M26.603"},
    {"M54.30", "M54.31", "M54.32", "M54.31, M54.32"},
    {"G57.00", "G57.01", "G57.02", "G57.03"},
    {"M25.559", "M25.551", "M25.552", "M25.551, M25.552"},
    {"M70.60", "M70.61", "M70.62", "M70.61, M70.62"},
    {"M76.30", "M76.31", "M76.32", "M76.31, M76.32"},
    {"M22.2X9", "M22.2X1", "M22.2X2", "M22.2X1, M22.2X2"},
    {"M25.569", "M25.561", "M25.562", "M25.561, M25.562"},
    {"M76.60", "M76.61", "M76.62", "M76.61, M76.62"},
    {"M79.673", "M79.671", "M79.672", "M79.671, M79.672"},
    {"R10.20", "R10.21", "R10.22", "R10.23"},
    {"M25.539", "M25.531", "M25.532", "M25.531, M25.532"},
    {"M25.579", "M25.571", "M25.572", "M25.571, M25.572"},
};

static tdn_kb *kb_open(tdn_kbfiles *files)
{
    tdn_kb *kb;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, files, NULL, &err)) fail_msg("embedded knowledge base: %s", err.msg);
    return kb;
}

static const char *coded(const tdn_kb *kb, const char *code, const char *cond, char side,
                         const char *site, bool first, char *out)
{
    tdn_icd_query q = {code, cond, side, site ? tdn_region_find(site) : -1, first};
    tdn_icd_code(kb, &q, out, TDN_ICD_CODED_MAX);
    return out;
}

static void each_unspecified_code_takes_the_side(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_kb *kb = kb_open(&files);
    char out[TDN_ICD_CODED_MAX];
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        const side_row *r = &sides[i];
        assert_string_equal(coded(kb, r->code, NULL, 'R', NULL, true, out), r->right);
        assert_string_equal(coded(kb, r->code, NULL, 'L', NULL, true, out), r->left);
        assert_string_equal(coded(kb, r->code, NULL, 'B', NULL, true, out), r->both);
        /* no side recorded: the unspecified code stays */
        assert_string_equal(coded(kb, r->code, NULL, 0, NULL, true, out), r->code);
    }
    /* every condition whose code names no side is in the table */
    for (int c = 0; c < kb->n_conditions; c++)
        for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++)
            if (strcmp(kb->conditions[c].icd10, sides[i].code) == 0)
                assert_string_equal(
                    coded(kb, kb->conditions[c].icd10, kb->conditions[c].id, 'R', NULL, true, out),
                    sides[i].right);
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

static void codes_with_a_side_or_none_are_unchanged(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_kb *kb = kb_open(&files);
    char out[TDN_ICD_CODED_MAX];
    assert_string_equal(coded(kb, "M54.2", "neck_pain", 'R', NULL, true, out), "M54.2");
    assert_string_equal(coded(kb, "M72.2", "plantar_fasciitis", 'L', NULL, false, out), "M72.2");
    assert_string_equal(coded(kb, "-", "myofascial_pain", 'R', NULL, true, out), "-");
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

/* icd.site.*: the episode's site picks the code before the side is applied. */
static void site_rules(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_kb *kb = kb_open(&files);
    char out[TDN_ICD_CODED_MAX];
    /* icd.site.myofascial_head_neck: M79.12 myalgia of auxiliary muscles, head and neck */
    assert_string_equal(coded(kb, "M79.18", "myofascial_pain", 'R', "posterior_neck", 1, out),
                        "M79.12");
    assert_string_equal(coded(kb, "M79.18", "myofascial_pain", 'B', "temple", 1, out), "M79.12");
    assert_string_equal(coded(kb, "M79.18", "myofascial_pain", 'R', "lumbar", 1, out), "M79.18");
    assert_string_equal(coded(kb, "M79.18", "myofascial_pain", 'R', NULL, 1, out), "M79.18");
    /* icd.site.hand_wrist: M79.64- is the hand only; the wrist is M25.53- */
    assert_string_equal(coded(kb, "M79.643", "hand_pain", 'R', "volar_wrist", 1, out), "M25.531");
    assert_string_equal(coded(kb, "M79.643", "hand_pain", 'L', "dorsal_wrist", 1, out), "M25.532");
    assert_string_equal(coded(kb, "M79.643", "hand_pain", 'R', "palm", 1, out), "M79.641");
    /* icd.site.foot_ankle: M79.67- is the foot only; the ankle is M25.57- */
    assert_string_equal(coded(kb, "M79.673", "foot_pain", 'L', "lateral_ankle", 1, out), "M25.572");
    assert_string_equal(coded(kb, "M79.673", "foot_pain", 0, "medial_ankle", 1, out), "M25.579");
    assert_string_equal(coded(kb, "M79.673", "foot_pain", 'R', "sole", 1, out), "M79.671");
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

/* icd.encounter.S13.4: whiplash, initial A at the episode's first session, D after. */
static void encounter_rule(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_kb *kb = kb_open(&files);
    char out[TDN_ICD_CODED_MAX];
    assert_string_equal(coded(kb, "S13.4XXA", "whiplash", 0, NULL, true, out), "S13.4XXA");
    assert_string_equal(coded(kb, "S13.4XXA", "whiplash", 'B', NULL, false, out), "S13.4XXD");
    int w = tdn_kb_condition_find(kb, "whiplash");
    assert_string_equal(kb->conditions[w].icd10, "S13.4XXA");
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

static void expect_load_error(const char *name, const char *text, const char *needle)
{
    tdn_kbfiles files;
    tdn_err err = {0};
    assert_int_equal(tdn_kbfiles_load(&files, NULL, &err), TDN_OK);
    tdn_text_file *all = calloc(files.n + 1, sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < files.n; i++)
        if (strcmp(files.files[i].name, name) != 0) all[n++] = files.files[i];
    all[n++] = (tdn_text_file){name, text, strlen(text)};
    tdn_kb *kb = NULL;
    assert_int_equal(tdn_kb_load(&kb, all, n, &err), TDN_EINPUT);
    assert_null(kb);
    if (!strstr(err.msg, needle)) fail_msg("'%s' does not contain '%s'", err.msg, needle);
    free(all);
    tdn_kbfiles_free(&files);
}

static void bad_rows_are_refused(void **state)
{
    (void)state;
    expect_load_error("icd10_laterality.tsv",
                      "code\tright\tleft\tbilateral\tsource\nM25.519\tM25,511\tM25.512\t-\ts\n",
                      "icd10_laterality.tsv:2: right: 'M25,511' is not an ICD-10-CM code");
    expect_load_error("icd10_laterality.tsv",
                      "code\tright\tleft\tbilateral\tsource\nM25.519\tM25.511\tM25.512\t-\ts\n"
                      "M25.519\tM25.511\tM25.512\t-\ts\n",
                      "icd10_laterality.tsv:3: code: duplicate code 'M25.519'");
    expect_load_error("icd10_site.tsv",
                      "condition\tregions\tcode\tsource\nhand_pain\tvolar_wrsit\tM25.539\ts\n",
                      "icd10_site.tsv:2: regions: unknown region code 'volar_wrsit' (did you "
                      "mean 'volar_wrist'?)");
    expect_load_error("icd10_site.tsv",
                      "condition\tregions\tcode\tsource\nhand_pian\tvolar_wrist\tM25.539\ts\n",
                      "icd10_site.tsv:2: condition: unknown condition 'hand_pian'");
    expect_load_error("icd10_encounter.tsv",
                      "code\tinitial\tsubsequent\tsource\nS13.4XXA\tS13.4XXB\tS13.4XXD\ts\n",
                      "icd10_encounter.tsv:2: code: 'S13.4XXA' is neither");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_unspecified_code_takes_the_side),
        cmocka_unit_test(codes_with_a_side_or_none_are_unchanged), cmocka_unit_test(site_rules),
        cmocka_unit_test(encounter_rule), cmocka_unit_test(bad_rows_are_refused)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
