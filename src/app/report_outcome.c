/* report_outcome.c — the outcome report as JSON, text and CSV (app/report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "app/report.h"

int tdn_report_outcomes(tdn_store *s, const tdn_act *act, const tdn_text_file *files, size_t n,
                        const tdn_report_filter *f, tdn_outcome_report *out, tdn_thresholds *th,
                        tdn_err *err)
{
    memset(out, 0, sizeof *out);
    tdn_outcome_counts c = {0};
    int rc = tdn_thresholds_load(th, files, n, err);
    if (!rc) rc = tdn_store_report_outcomes(s, act, f, &c, err);
    if (!rc) rc = tdn_outcome_report_make(&c, th, out, err);
    tdn_outcome_counts_free(&c);
    return rc;
}

static const char *unit_of(int window)
{
    return window == TDN_WIN_IMMEDIATE ? "sessions" : "episodes";
}

/* "2 points and 30 % of baseline (mcid)" */
static void threshold_words(char *out, size_t cap, const tdn_outcome_stat *st)
{
    if (!st->point) {
        snprintf(out, cap, "change only: %s",
                 st->none ? "no published threshold fits (see the sources)"
                          : "no responder threshold on file");
        return;
    }
    int k = snprintf(out, cap, "%g %s", st->point->value, st->point->unit);
    if (st->share && k > 0 && (size_t)k < cap)
        k += snprintf(out + k, cap - (size_t)k, " and %g %% of baseline", st->share->value);
    if (k > 0 && (size_t)k < cap)
        snprintf(out + k, cap - (size_t)k, " (%s)",
                 strcmp(st->point->kind, "mdc") ? "MCID" : "MDC, beyond measurement error");
}

static json_t *stat_json(const tdn_outcome_stat *st)
{
    char words[160];
    threshold_words(words, sizeof words, st);
    json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:f,s:[f,f]}", "kind", st->kind, "window",
                          tdn_window_name(st->window), "unit", unit_of(st->window), "n",
                          (json_int_t)st->n, "median_change", st->median, "iqr", st->q1, st->q3);
    json_object_set_new(o, "responders", st->judged ? json_integer(st->responders) : json_null());
    json_object_set_new(o, "responder_percent", st->judged ? json_real(st->percent) : json_null());
    json_object_set_new(o, "ci95", st->judged ? json_pack("[f,f]", st->lo, st->hi) : json_null());
    json_object_set_new(o, "threshold", st->judged ? json_string(words) : json_null());
    json_object_set_new(o, "source", st->judged ? json_string(st->point->source) : json_null());
    if (st->share) json_object_set_new(o, "source_percent", json_string(st->share->source));
    if (!st->judged) json_object_set_new(o, "note", json_string(words));
    if (st->none) json_object_set_new(o, "no_threshold_reason", json_string(st->none->source));
    return o;
}

json_t *tdn_outcomes_json(const tdn_outcome_report *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->n; i++)
        json_array_append_new(a, stat_json(&r->stats[i]));
    json_t *o = json_pack("{s:I,s:o}", "episodes", (json_int_t)r->episodes, "measures", a);
    if (r->episodes == 0) json_object_set_new(o, "message", json_string(TDN_REPORT_EMPTY));
    return o;
}

void tdn_outcomes_text(tdn_buf *b, const tdn_outcome_report *r)
{
    if (r->episodes == 0) {
        tdn_buf_put(b, TDN_REPORT_EMPTY "\n");
        return;
    }
    tdn_buf_printf(b,
                   "Outcome report: %lld episode%s with a matching treatment\n"
                   "Change = end - baseline (NPRS: lower is better; PPT, ROM, PSFS: higher).\n",
                   (long long)r->episodes, tdn_plural(r->episodes));
    static const char *const heads[TDN_WINDOWS] = {
        "Immediate: pre -> post within a session",
        "Latest: first pre -> last post or follow-up of the episode",
        "Lasting: first pre -> follow-up 4 weeks or more later",
        "Lasting: first pre -> follow-up 6 months or more later"};
    int window = -1;
    for (int i = 0; i <= r->n; i++) {
        const tdn_outcome_stat *st = i < r->n ? &r->stats[i] : NULL;
        int next = st ? st->window : TDN_WINDOWS;
        while (window < next && ++window < TDN_WINDOWS) {
            tdn_buf_printf(b, "\n%s\n", heads[window]);
            if (window < next)
                tdn_buf_put(b, "  none recorded\n");
            else
                tdn_buf_printf(b, "%-7s %5s %-9s %-26s %-28s %s\n", "Measure", "n", "(unit)",
                               "Median change [IQR]", "Responders [95% CI]", "Threshold");
        }
        if (!st) break;
        char words[160], change[48], resp[48] = "-";
        threshold_words(words, sizeof words, st);
        snprintf(change, sizeof change, "%.2f [%.2f, %.2f]", st->median, st->q1, st->q3);
        if (st->judged)
            snprintf(resp, sizeof resp, "%lld = %.1f %% [%.1f, %.1f]", (long long)st->responders,
                     st->percent, st->lo, st->hi);
        tdn_buf_printf(b, "%-7s %5zu %-9s %-26s %-28s %s\n", st->kind, st->n, unit_of(st->window),
                       change, resp, words);
    }
    tdn_buf_put(b, "\nSources:\n");
    const char *seen[TDN_OUTCOME_KINDS * 3] = {0};
    size_t n_seen = 0;
    for (int i = 0; i < r->n; i++) {
        const tdn_threshold *ts[3] = {r->stats[i].point, r->stats[i].share, r->stats[i].none};
        for (int k = 0; k < 3; k++) {
            bool dup = !ts[k];
            for (size_t j = 0; !dup && j < n_seen; j++)
                dup = seen[j] == ts[k]->source;
            if (dup || n_seen == TDN_OUTCOME_KINDS * 3) continue;
            seen[n_seen++] = ts[k]->source;
            tdn_buf_printf(b, "  %s %s: %s\n", ts[k]->measure, ts[k]->kind, ts[k]->source);
        }
    }
}

void tdn_outcomes_csv(tdn_buf *b, const tdn_outcome_report *r)
{
    if (r->episodes == 0) {
        tdn_buf_put(b, "message\n" TDN_REPORT_EMPTY "\n");
        return;
    }
    tdn_buf_put(b, "window,unit,kind,n,median_change,iqr_lo,iqr_hi,responders,responder_percent,"
                   "ci95_lo,ci95_hi,threshold\n");
    for (int i = 0; i < r->n; i++) {
        const tdn_outcome_stat *st = &r->stats[i];
        char words[160];
        threshold_words(words, sizeof words, st);
        tdn_buf_printf(b, "%s,%s,%s,%zu,%.4f,%.4f,%.4f,", tdn_window_name(st->window),
                       unit_of(st->window), st->kind, st->n, st->median, st->q1, st->q3);
        if (st->judged)
            tdn_buf_printf(b, "%lld,%.4f,%.4f,%.4f,", (long long)st->responders, st->percent,
                           st->lo, st->hi);
        else
            tdn_buf_put(b, ",,,,");
        tdn_buf_printf(b, "\"%s\"\n", words);
    }
}

/* ---- split-body ------------------------------------------------------------ */

int tdn_report_split(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                     tdn_split_report *out, tdn_err *err)
{
    tdn_split_value *v = NULL;
    size_t n = 0;
    int rc = tdn_store_report_split(s, act, f, &v, &n, err);
    if (!rc) rc = tdn_split_report_make(v, n, out, err);
    free(v);
    return rc;
}

json_t *tdn_split_json(const tdn_split_report *r)
{
    json_t *a = json_array();
    for (int i = 0; i < r->n; i++) {
        const tdn_split_stat *st = &r->stats[i];
        json_t *d = json_array();
        for (size_t k = 0; k < st->n_diffs; k++)
            json_array_append_new(d, json_real(st->diffs[k]));
        json_t *o = json_pack("{s:s,s:I,s:b,s:o}", "kind", st->kind, "patients",
                              (json_int_t)st->patients, "listed", st->listed, "differences", d);
        json_object_set_new(o, "mean_difference", st->listed ? json_real(st->mean) : json_null());
        json_object_set_new(o, "ci95",
                            st->listed ? json_pack("[f,f]", st->lo, st->hi) : json_null());
        json_object_set_new(o, "wilcoxon_p", st->listed ? json_real(st->p) : json_null());
        json_array_append_new(a, o);
    }
    return json_pack("{s:s,s:i,s:s,s:o}", "design", TDN_SPLIT_DESIGN, "min_patients", TDN_SPLIT_MIN,
                     "difference", "treated side's change minus the untreated side's, per patient",
                     "measures", a);
}

void tdn_split_text(tdn_buf *b, const tdn_split_report *r)
{
    tdn_buf_printf(b,
                   "Split-body comparisons (%s): sessions that needled one side and measured the "
                   "same site on both sides before and after.\nDifference = treated side's change "
                   "minus the untreated side's, per patient; listed from %d patients.\n\n",
                   TDN_SPLIT_DESIGN, TDN_SPLIT_MIN);
    if (r->n == 0) {
        tdn_buf_put(b, TDN_REPORT_EMPTY "\n");
        return;
    }
    tdn_buf_printf(b, "%-7s %8s  %-32s %s\n", "Measure", "Patients", "Mean difference [95% CI]",
                   "Wilcoxon p");
    for (int i = 0; i < r->n; i++) {
        const tdn_split_stat *st = &r->stats[i];
        if (!st->listed) {
            tdn_buf_printf(b, "%-7s %8zu  too few patients to list (fewer than %d)\n", st->kind,
                           st->patients, TDN_SPLIT_MIN);
            continue;
        }
        char mean[64];
        snprintf(mean, sizeof mean, "%.2f [%.2f, %.2f]", st->mean, st->lo, st->hi);
        tdn_buf_printf(b, "%-7s %8zu  %-32s %.4f\n", st->kind, st->patients, mean, st->p);
    }
}

void tdn_split_csv(tdn_buf *b, const tdn_split_report *r)
{
    if (r->n == 0) {
        tdn_buf_put(b, "message\n" TDN_REPORT_EMPTY "\n");
        return;
    }
    tdn_buf_put(b, "kind,patients,listed,mean_difference,ci95_lo,ci95_hi,wilcoxon_p,design\n");
    for (int i = 0; i < r->n; i++) {
        const tdn_split_stat *st = &r->stats[i];
        tdn_buf_printf(b, "%s,%zu,%s,", st->kind, st->patients, st->listed ? "yes" : "no");
        if (st->listed)
            tdn_buf_printf(b, "%.4f,%.4f,%.4f,%.4f,", st->mean, st->lo, st->hi, st->p);
        else
            tdn_buf_put(b, ",,,,");
        tdn_buf_put(b, "\"" TDN_SPLIT_DESIGN "\"\n");
    }
}
