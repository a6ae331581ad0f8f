/* report_outcome.c — the outcome report from the store's baseline/end pairs
 * and the published thresholds (report.h). */
#include <stdlib.h>
#include <string.h>

#include "core/report.h"

static const char *const kinds[TDN_OUTCOME_KINDS] = {"nprs", "ppt", "rom", "psfs"};

const char *tdn_window_name(int window)
{
    static const char *const names[TDN_WINDOWS] = {"immediate", "latest", "followup_4w",
                                                   "followup_6m"};
    return window >= 0 && window < TDN_WINDOWS ? names[window] : "";
}

void tdn_outcome_counts_free(tdn_outcome_counts *c)
{
    for (int w = 0; w < TDN_WINDOWS; w++) {
        free(c->pairs[w]);
        c->pairs[w] = NULL;
        c->n[w] = 0;
    }
}

static bool responder(const tdn_outcome_stat *st, const tdn_outcome_pair *p)
{
    bool lower_better = strcmp(st->kind, "nprs") == 0; /* pain: 0 = none */
    double gain = lower_better ? p->baseline - p->latest : p->latest - p->baseline;
    if (gain < st->point->value - 1e-9) return false;
    if (!st->share) return true;
    return p->baseline > 0 && 100 * gain / p->baseline >= st->share->value - 1e-9;
}

/* The stat of kind over pairs[0..n) of one window; changes is scratch of n. */
static int stat_make(const tdn_outcome_pair *pairs, size_t n, const tdn_thresholds *th,
                     tdn_outcome_stat *st, double *changes, tdn_err *err)
{
    size_t m = 0;
    const char *kind = st->kind;
    st->point = tdn_threshold_find(th, kind, "mcid");
    if (!st->point) st->point = tdn_threshold_find(th, kind, "mdc");
    st->share = st->point ? tdn_threshold_find(th, kind, "mcid_percent") : NULL;
    st->judged = st->point != NULL;
    st->none = st->point ? NULL : tdn_threshold_find(th, kind, "change_only");
    for (size_t i = 0; i < n; i++) {
        if (strcmp(pairs[i].kind, kind) != 0) continue;
        changes[m++] = pairs[i].latest - pairs[i].baseline;
        if (st->judged && responder(st, &pairs[i])) st->responders++;
    }
    st->n = m;
    if (m == 0) return TDN_OK;
    tdn_spread sp;
    if (tdn_stats_spread(changes, m, &sp, err)) return err->status;
    st->median = sp.median;
    st->q1 = sp.q1;
    st->q3 = sp.q3;
    if (!st->judged) return TDN_OK;
    tdn_ci ci;
    if (tdn_stats_wilson(st->responders, (int64_t)m, TDN_STATS_CONF, &ci, err)) return err->status;
    st->percent = 100.0 * (double)st->responders / (double)m;
    st->lo = 100 * ci.lo;
    st->hi = 100 * ci.hi;
    return TDN_OK;
}

int tdn_outcome_report_make(const tdn_outcome_counts *c, const tdn_thresholds *th,
                            tdn_outcome_report *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    out->episodes = c->episodes;
    for (int w = 0; w < TDN_WINDOWS; w++) {
        double *changes = malloc((c->n[w] ? c->n[w] : 1) * sizeof *changes);
        if (!changes) return tdn_err_set(err, TDN_ESYS, "report: out of memory");
        for (int k = 0; k < TDN_OUTCOME_KINDS; k++) {
            tdn_outcome_stat st = {.window = w};
            memcpy(st.kind, kinds[k], strlen(kinds[k]) + 1);
            int rc = stat_make(c->pairs[w], c->n[w], th, &st, changes, err);
            if (rc) {
                free(changes);
                return rc;
            }
            if (st.n) out->stats[out->n++] = st;
        }
        free(changes);
    }
    return TDN_OK;
}

static int split_stat(const tdn_split_value *v, size_t n, tdn_split_stat *st, double *scratch,
                      tdn_err *err)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].kind, st->kind) != 0) continue;
        if (st->n_diffs < sizeof st->diffs / sizeof st->diffs[0])
            st->diffs[st->n_diffs++] = v[i].diff;
        scratch[m++] = v[i].diff;
    }
    st->patients = m;
    st->listed = m >= TDN_SPLIT_MIN;
    if (!st->listed) return TDN_OK;
    tdn_mean_ci mc;
    if (tdn_stats_paired(scratch, m, TDN_STATS_CONF, &mc, err)) return err->status;
    st->mean = mc.mean;
    st->lo = mc.lo;
    st->hi = mc.hi;
    tdn_wilcoxon w;
    tdn_err zero = {0};
    st->p = tdn_stats_wilcoxon(scratch, m, &w, &zero) ? 1 : w.p;
    return TDN_OK;
}

int tdn_split_report_make(const tdn_split_value *values, size_t n, tdn_split_report *out,
                          tdn_err *err)
{
    memset(out, 0, sizeof *out);
    double *scratch = malloc((n ? n : 1) * sizeof *scratch);
    if (!scratch) return tdn_err_set(err, TDN_ESYS, "report: out of memory");
    int rc = TDN_OK;
    for (int k = 0; !rc && k < TDN_OUTCOME_KINDS; k++) {
        tdn_split_stat *st = &out->stats[out->n];
        memset(st, 0, sizeof *st);
        memcpy(st->kind, kinds[k], strlen(kinds[k]) + 1);
        rc = split_stat(values, n, st, scratch, err);
        if (!rc && st->patients) out->n++;
    }
    free(scratch);
    return rc;
}
