/* test_palpate.c — locate that learns from palpation (core/locate.h:
 * tdn_locate_palpated, tdn_locate_palpation_hint). The rules on a tiny
 * hand-made KB (a positive finding puts the muscle first, even one the map
 * does not rank; a negative one moves it below every unpalpated candidate
 * that explains as many of the drawn regions; sides; bad findings), then the evidence over the
 * vignette sets of tests/vignettes with the shipped KB: without findings the
 * ranking (and so top-1 and top-3) is unchanged; for each vignette whose
 * accepted muscle is not first, marking the first (wrong) candidate negative
 * makes an accepted muscle first in most cases (the figure is printed); an
 * accepted muscle marked positive is always first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/kbfiles.h"
#include "core/locate.h"
#include "file_fixture.h"
#include "kb_fixture.h"

static int idx(const tdn_kb *kb, const char *id)
{
    int m = tdn_kb_muscle_find(kb, id);
    if (m < 0) fail_msg("no muscle %s", id);
    return m;
}

static int rank_of(const tdn_kb *kb, const tdn_candidate *c, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(kb->muscles[c[i].muscle].id, id) == 0) return i;
    return -1;
}

/* Temple and posterior neck on the right: upper trapezius explains both
 * (essential), spill_only both (spillover), broad_muscle the temple only,
 * splenius_capitis neither (vertex). */
static const tdn_pain fixture_map[] = {{0, 'R', 6}, {0, 'R', 4}};

static void fixture_pains(tdn_pain p[2])
{
    p[0] = fixture_map[0];
    p[1] = fixture_map[1];
    p[0].region = tdn_region_find("temple");
    p[1].region = tdn_region_find("posterior_neck");
}

static void no_findings_is_locate(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_err err = {0};
    assert_int_equal(fixture_kb(&kb, &err), TDN_OK);
    tdn_pain p[2];
    fixture_pains(p);
    tdn_candidate a[8], b[8];
    int na = 0, nb = 0;
    assert_int_equal(tdn_locate(kb, p, 2, -1, a, 8, &na, &err), TDN_OK);
    assert_int_equal(tdn_locate_palpated(kb, p, 2, -1, NULL, 0, b, 8, &nb, &err), TDN_OK);
    assert_int_equal(na, nb);
    for (int i = 0; i < na; i++) {
        assert_int_equal(a[i].muscle, b[i].muscle);
        assert_int_equal(a[i].side, b[i].side);
        assert_int_equal(b[i].palpated, 0);
    }
    tdn_kb_free(kb);
}

static void positive_first_negative_below(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_err err = {0};
    assert_int_equal(fixture_kb(&kb, &err), TDN_OK);
    tdn_pain p[2];
    fixture_pains(p);
    tdn_candidate c[8];
    int n = 0;
    assert_int_equal(tdn_locate(kb, p, 2, -1, c, 8, &n, &err), TDN_OK);
    assert_string_equal(kb->muscles[c[0].muscle].id, "upper_trapezius");
    /* negative: below every unpalpated candidate that explains as many drawn regions:
       spill_only reaches temple and neck (spillover), broad_muscle the temple only */
    tdn_palpation neg = {idx(kb, "upper_trapezius"), 'R', -1};
    assert_int_equal(tdn_locate_palpated(kb, p, 2, -1, &neg, 1, c, 8, &n, &err), TDN_OK);
    int ut = rank_of(kb, c, n, "upper_trapezius");
    assert_int_equal(ut, rank_of(kb, c, n, "spill_only") + 1);
    assert_int_equal(c[ut].palpated, -1);
    assert_int_equal(ut, n - 1); /* spill_only ranked last before */
    /* the neck alone: broad_muscle does not explain it (its site, not its zone) */
    assert_int_equal(tdn_locate_palpated(kb, &p[1], 1, -1, &neg, 1, c, 8, &n, &err), TDN_OK);
    assert_true(rank_of(kb, c, n, "upper_trapezius") < rank_of(kb, c, n, "broad_muscle") ||
                rank_of(kb, c, n, "broad_muscle") < 0);
    /* the finding on the left side does not touch the right-sided candidate */
    neg.side = 'L';
    assert_int_equal(tdn_locate_palpated(kb, p, 2, -1, &neg, 1, c, 8, &n, &err), TDN_OK);
    assert_string_equal(kb->muscles[c[0].muscle].id, "upper_trapezius");
    /* positive: first, even a muscle the map does not rank (splenius: vertex only) */
    tdn_palpation pos = {idx(kb, "splenius_capitis"), 'R', +1};
    assert_int_equal(tdn_locate_palpated(kb, p, 2, -1, &pos, 1, c, 8, &n, &err), TDN_OK);
    assert_string_equal(kb->muscles[c[0].muscle].id, "splenius_capitis");
    assert_int_equal(c[0].palpated, 1);
    assert_string_equal(kb->muscles[c[1].muscle].id, "upper_trapezius");
    /* a full list: the positive still comes first */
    assert_int_equal(tdn_locate_palpated(kb, p, 2, -1, &pos, 1, c, 1, &n, &err), TDN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(kb->muscles[c[0].muscle].id, "splenius_capitis");
    /* bad findings name the field */
    tdn_palpation bad[] = {{kb->n_muscles, 'R', 1}, {0, 'X', 1}, {0, 'R', 0}};
    for (int i = 0; i < 3; i++) {
        err = (tdn_err){0};
        assert_int_equal(tdn_locate_palpated(kb, p, 2, -1, &bad[i], 1, c, 8, &n, &err), TDN_EINPUT);
        assert_non_null(strstr(err.msg, "palpated:"));
    }
    tdn_kb_free(kb);
}

/* In words, from the muscles' trigger point sites (muscles.tsv tp_sites). */
static void hint_names_the_sites_that_differ(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_err err = {0};
    assert_int_equal(fixture_kb(&kb, &err), TDN_OK);
    tdn_buf b = {0};
    tdn_locate_palpation_hint(kb, idx(kb, "upper_trapezius"), idx(kb, "splenius_capitis"), &b);
    assert_string_equal(tdn_buf_str(&b), "to tell Upper trapezius from Splenius capitis: palpate "
                                         "top of the shoulder / back of the neck");
    tdn_buf_free(&b);
    b = (tdn_buf){0};
    tdn_locate_palpation_hint(kb, idx(kb, "splenius_capitis"), idx(kb, "broad_muscle"), &b);
    assert_non_null(strstr(tdn_buf_str(&b), "same sites (back of the neck)"));
    tdn_buf_free(&b);
    b = (tdn_buf){0};
    tdn_locate_palpation_hint(kb, 1, 1, &b);
    assert_null(b.data);
    tdn_kb_free(kb);
}

/* The shipped knowledge base (embedded); the caller frees kb and files. */
static tdn_kb *shipped_kb(tdn_kbfiles *files)
{
    tdn_kb *kb = NULL;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, files, NULL, &err)) fail_msg("%s", err.msg);
    return kb;
}

/* Whether c is one of the accepted muscles. */
static bool accepted(const tdn_kb *kb, const tdn_candidate *c, const char *accept_list)
{
    char accept[256];
    snprintf(accept, sizeof accept, "%s", accept_list);
    char *items[8];
    int k = tdn_split_list(accept, items, 8);
    for (int j = 0; j < k; j++)
        if (strcmp(kb->muscles[c->muscle].id, items[j]) == 0) return true;
    return false;
}

typedef struct tally {
    int total, top1, top3, wrong_first, fixed, positives;
} tally;

#define LIST 10

/* One vignette: the same ranking without findings; the first wrong candidate
 * marked negative; the best accepted candidate marked positive. */
static void one_vignette(const tdn_kb *kb, const char *id, const tdn_pain *p, int n_pain,
                         const char *accept, tally *t)
{
    tdn_candidate a[LIST], b[LIST];
    int na = 0, nb = 0;
    tdn_err err = {0};
    assert_int_equal(tdn_locate(kb, p, n_pain, -1, a, LIST, &na, &err), 0);
    assert_int_equal(tdn_locate_palpated(kb, p, n_pain, -1, NULL, 0, b, LIST, &nb, &err), 0);
    assert_int_equal(na, nb);
    for (int i = 0; i < na; i++) {
        assert_int_equal(a[i].muscle, b[i].muscle);
        assert_int_equal(a[i].side, b[i].side);
        assert_true(a[i].score == b[i].score);
    }
    t->total++;
    bool hit3 = false;
    for (int i = 0; i < na && i < 3; i++)
        hit3 |= accepted(kb, &a[i], accept);
    t->top1 += na && accepted(kb, &a[0], accept);
    t->top3 += hit3;
    int best = -1;
    for (int i = na - 1; i >= 0; i--)
        if (accepted(kb, &a[i], accept)) best = i;
    if (best >= 0) { /* a positive finding at the accepted muscle puts it first */
        tdn_palpation pos = {a[best].muscle, a[best].side, +1};
        assert_int_equal(tdn_locate_palpated(kb, p, n_pain, -1, &pos, 1, b, LIST, &nb, &err), 0);
        assert_int_equal(b[0].muscle, a[best].muscle);
        t->positives++;
    }
    if (na == 0 || accepted(kb, &a[0], accept)) return;
    t->wrong_first++;
    tdn_palpation neg = {a[0].muscle, a[0].side, -1};
    assert_int_equal(tdn_locate_palpated(kb, p, n_pain, -1, &neg, 1, b, LIST, &nb, &err), 0);
    if (nb && accepted(kb, &b[0], accept))
        t->fixed++;
    else
        printf("  not fixed %-32s accept %-40s first after -%s: %s\n", id, accept,
               kb->muscles[a[0].muscle].id, nb ? kb->muscles[b[0].muscle].id : "-");
}

static void score_set(const tdn_kb *kb, const char *file, tally *all)
{
    const char *dir = getenv("TDN_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/vignettes/%s", dir ? dir : ".", file);
    size_t len = 0;
    char *text = fixture_read_all(path, &len);
    if (!text) fail_msg("cannot read %s", path);
    static const char *const cols[] = {"id", "pain_map", "accept", "source"};
    tdn_text_file f = {file, text, len};
    tdn_tsv t;
    tdn_err err = {0};
    assert_int_equal(tdn_tsv_open(&t, &f, cols, 4, &err), 0);
    char *row[4];
    tally s = {0};
    while (tdn_tsv_next(&t, row, &err) == 1) {
        tdn_pain pains[TDN_LOCATE_MAX_PAIN];
        int n_pain = 0;
        for (char *tok = strtok(row[1], " "); tok && n_pain < TDN_LOCATE_MAX_PAIN;
             tok = strtok(NULL, " "))
            if (tdn_pain_parse(tok, &pains[n_pain++], &err)) fail_msg("%s: %s", row[0], err.msg);
        one_vignette(kb, row[0], pains, n_pain, row[2], &s);
    }
    tdn_tsv_close(&t);
    free(text);
    printf("%s: top-1 %d/%d, top-3 %d/%d without findings; first candidate wrong in %d, "
           "marking it negative puts an accepted muscle first in %d\n",
           file, s.top1, s.total, s.top3, s.total, s.wrong_first, s.fixed);
    all->total += s.total;
    all->top1 += s.top1;
    all->top3 += s.top3;
    all->wrong_first += s.wrong_first;
    all->fixed += s.fixed;
    all->positives += s.positives;
}

static void vignettes_negative_finding_fixes_most(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_kb *kb = shipped_kb(&files);
    tally all = {0};
    static const char *const sets[] = {"vignettes.tsv", "blind.tsv", "blind2.tsv", "blind3.tsv"};
    for (int i = 0; i < 4; i++)
        score_set(kb, sets[i], &all);
    printf("all sets: %d vignettes, top-1 %d, top-3 %d; first wrong in %d, fixed by one negative "
           "finding in %d (%.0f %%); an accepted muscle marked positive came first in %d of %d\n",
           all.total, all.top1, all.top3, all.wrong_first, all.fixed,
           all.wrong_first ? 100.0 * all.fixed / all.wrong_first : 0, all.positives, all.positives);
    assert_true(all.total >= 200);
    assert_true(all.wrong_first > 0);
    assert_true(2 * all.fixed > all.wrong_first); /* most cases */
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

/* The shipped KB: the example pair differs at its trigger point sites. */
static void hint_upper_trapezius_levator_scapulae(void **state)
{
    (void)state;
    tdn_kbfiles files;
    tdn_kb *kb = shipped_kb(&files);
    tdn_buf b = {0};
    tdn_locate_palpation_hint(kb, idx(kb, "upper_trapezius"), idx(kb, "levator_scapulae"), &b);
    printf("%s\n", tdn_buf_str(&b));
    assert_non_null(strstr(tdn_buf_str(&b), "to tell Upper trapezius from Levator scapulae: "
                                            "palpate top of the shoulder"));
    tdn_buf_free(&b);
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_findings_is_locate),
        cmocka_unit_test(positive_first_negative_below),
        cmocka_unit_test(hint_names_the_sites_that_differ),
        cmocka_unit_test(vignettes_negative_finding_fixes_most),
        cmocka_unit_test(hint_upper_trapezius_levator_scapulae),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
