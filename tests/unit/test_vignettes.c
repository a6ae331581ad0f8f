/* test_vignettes.c — the shipped knowledge base: it loads, it carries the
 * facts the sources state, and locate finds the source of classic referral
 * patterns. Vignettes: locate against classic referral patterns
 * (tests/vignettes/vignettes.tsv, written independently of data/): the top 3
 * must contain an accepted muscle in at least 90 % of the vignettes. Prints
 * the accuracy and every miss. */
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

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    tdn_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tdn_buf_putn(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data;
}

static bool accepted_in_top3(const tdn_kb *kb, const tdn_candidate *c, int n, char *accept)
{
    char *items[8];
    int k = tdn_split_list(accept, items, 8);
    for (int i = 0; i < n && i < 3; i++)
        for (int j = 0; j < k; j++)
            if (strcmp(kb->muscles[c[i].muscle].id, items[j]) == 0) return true;
    return false;
}

static void embedded_kb_loads(void **state)
{
    (void)state;
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_err err = {0};
    int rc = tdn_kb_open(&kb, &files, NULL, &err);
    if (rc) fail_msg("embedded knowledge base: %s", err.msg);
    assert_true(kb->n_muscles >= 100);
    /* The sources name three muscles that cannot be palpated by hand. */
    static const char *const unpalpable[] = {"subscapularis", "lateral_pterygoid"};
    for (size_t i = 0; i < 2; i++) {
        int m = tdn_kb_muscle_find(kb, unpalpable[i]);
        assert_true(m >= 0);
        assert_false(kb->muscles[m].palpable);
    }
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

static void vignettes_top3_accuracy(void **state)
{
    (void)state;
    const char *dir = getenv("TDN_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/vignettes/vignettes.tsv", dir ? dir : ".");
    size_t len = 0;
    char *text = read_all(path, &len);
    assert_non_null(text);
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) fail_msg("%s", err.msg);
    static const char *const cols[] = {"id", "pain_map", "accept", "source"};
    tdn_text_file f = {"vignettes.tsv", text, len};
    tdn_tsv t;
    assert_int_equal(tdn_tsv_open(&t, &f, cols, 4, &err), 0);
    char *row[4];
    int total = 0, hits = 0;
    while (tdn_tsv_next(&t, row, &err) == 1) {
        tdn_pain pains[TDN_LOCATE_MAX_PAIN];
        int n_pain = 0;
        for (char *tok = strtok(row[1], " "); tok; tok = strtok(NULL, " "))
            if (tdn_pain_parse(tok, &pains[n_pain++], &err)) fail_msg("%s: %s", row[0], err.msg);
        tdn_candidate c[3];
        int n = 0;
        assert_int_equal(tdn_locate(kb, pains, n_pain, -1, c, 3, &n, &err), 0);
        total++;
        char accept[256];
        snprintf(accept, sizeof accept, "%s", row[2]);
        if (accepted_in_top3(kb, c, n, accept)) {
            hits++;
        } else {
            printf("  miss %-32s accept %-40s got", row[0], row[2]);
            for (int i = 0; i < n; i++)
                printf(" %s:%c(%.2f)", kb->muscles[c[i].muscle].id, c[i].side, c[i].score);
            printf("\n");
        }
    }
    tdn_tsv_close(&t);
    double acc = total ? 100.0 * hits / total : 0;
    printf("vignettes: top-3 accuracy %d/%d = %.1f %%\n", hits, total, acc);
    assert_true(total >= 40);
    assert_true(acc >= 90.0);
    free(text);
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(embedded_kb_loads),
                                       cmocka_unit_test(vignettes_top3_accuracy)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
