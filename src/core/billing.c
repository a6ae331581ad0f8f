/* billing.c — CPT derivation from the needle ledger (see billing.h). */
#include "core/billing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { B_ID, B_CODE, B_MIN, B_MAX, B_DESC, B_SRC, B_NCOLS };
static const char *const billing_cols[] = {"id",          "code",       "min_muscles",
                                           "max_muscles", "descriptor", "source"};

static int parse_count(const tdn_tsv *t, tdn_err *err, int col, const char *s, int *out)
{
    if (col == B_MAX && strcmp(s, "-") == 0) {
        *out = 0;
        return TDN_OK;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 1000)
        return tdn_tsv_fail(t, err, col, "must be a whole number from 1 to 1000%s",
                            col == B_MAX ? " or '-'" : "");
    *out = (int)v;
    return TDN_OK;
}

static int copy_col(const tdn_tsv *t, tdn_err *err, int col, char *dst, size_t cap, const char *s)
{
    if (strlen(s) >= cap) return tdn_tsv_fail(t, err, col, "longer than %zu characters", cap - 1);
    snprintf(dst, cap, "%s", s);
    return TDN_OK;
}

static int parse_row(const tdn_tsv *t, char **f, tdn_billing_rules *b, tdn_err *err)
{
    if (b->n >= TDN_BILLING_MAX_RULES)
        return tdn_tsv_fail(t, err, B_ID, "more than %d rules", TDN_BILLING_MAX_RULES);
    tdn_billing_rule *r = &b->rules[b->n];
    if (strncmp(f[B_ID], "billing.", 8) != 0)
        return tdn_tsv_fail(t, err, B_ID, "rule ids start with 'billing.'");
    size_t len = strlen(f[B_CODE]);
    if (len != 5 || strspn(f[B_CODE], "0123456789") != 5)
        return tdn_tsv_fail(t, err, B_CODE, "a CPT code is five digits");
    if (copy_col(t, err, B_ID, r->id, sizeof r->id, f[B_ID]) ||
        copy_col(t, err, B_CODE, r->code, sizeof r->code, f[B_CODE]) ||
        copy_col(t, err, B_DESC, r->descriptor, sizeof r->descriptor, f[B_DESC]) ||
        copy_col(t, err, B_SRC, r->source, sizeof r->source, f[B_SRC]) ||
        parse_count(t, err, B_MIN, f[B_MIN], &r->min_muscles) ||
        parse_count(t, err, B_MAX, f[B_MAX], &r->max_muscles))
        return TDN_EINPUT;
    int expect_min = b->n == 0 ? 1 : b->rules[b->n - 1].max_muscles + 1;
    if (b->n > 0 && b->rules[b->n - 1].max_muscles == 0)
        return tdn_tsv_fail(t, err, B_MIN, "the previous rule is already open-ended");
    if (r->min_muscles != expect_min)
        return tdn_tsv_fail(t, err, B_MIN, "must be %d (ranges follow each other from 1)",
                            expect_min);
    if (r->max_muscles && r->max_muscles < r->min_muscles)
        return tdn_tsv_fail(t, err, B_MAX, "smaller than min_muscles");
    b->n++;
    return TDN_OK;
}

int tdn_billing_load(tdn_billing_rules *b, const tdn_text_file *files, size_t n, tdn_err *err)
{
    const tdn_text_file *f = tdn_text_file_find(files, n, "billing.tsv");
    if (!f) return tdn_err_set(err, TDN_EINPUT, "billing.tsv: missing from the knowledge base");
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, billing_cols, B_NCOLS, err);
    if (rc) return rc;
    tdn_billing_rules out = {0};
    char *fields[B_NCOLS];
    while (!rc && (rc = tdn_tsv_next(&t, fields, err)) == 1)
        rc = parse_row(&t, fields, &out, err);
    if (rc < 0) rc = TDN_EINPUT;
    if (!rc && (out.n == 0 || out.rules[out.n - 1].max_muscles != 0))
        rc = tdn_err_set(err, TDN_EINPUT,
                         "billing.tsv: the last rule must be open-ended (max_muscles '-')");
    tdn_tsv_close(&t);
    if (!rc) *b = out;
    return rc;
}

int tdn_distinct_muscles(const tdn_needle *needles, int n)
{
    int count = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = strcmp(needles[j].muscle, needles[i].muscle) == 0;
        count += !seen;
    }
    return count;
}

tdn_billing tdn_billing_derive(const tdn_billing_rules *b, const tdn_needling *s)
{
    tdn_billing out = {.needles = s->n_needles,
                       .distinct_muscles = tdn_distinct_muscles(s->needles, s->n_needles)};
    if (out.needles == 0) return out;
    for (int i = 0; i < b->n; i++) {
        const tdn_billing_rule *r = &b->rules[i];
        if (out.distinct_muscles >= r->min_muscles &&
            (r->max_muscles == 0 || out.distinct_muscles <= r->max_muscles))
            out.cpt = r;
    }
    return out;
}
