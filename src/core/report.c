/* report.c — the safety report from the store's counts and the published
 * rates (report.h). */
#include "core/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/protocol.h"

static int parse_percent(const tdn_tsv *t, int col, const char *text, bool dash, double *out,
                         tdn_err *err)
{
    if (dash && strcmp(text, "-") == 0) {
        *out = -1;
        return TDN_OK;
    }
    char *end = NULL;
    double v = strtod(text, &end);
    if (!end || *end || !isfinite(v) || v < 0 || v > 100)
        return tdn_tsv_fail(t, err, col, "'%s' must be a percentage from 0 to 100%s", text,
                            dash ? " or -" : "");
    *out = v;
    return TDN_OK;
}

static int published_row(const tdn_tsv *t, char **f, tdn_published *out, tdn_err *err)
{
    if (strcmp(f[0], "any") != 0 && !tdn_ae_kind_valid(f[0]))
        return tdn_tsv_fail(t, err, 0, "'%s' must be an adverse event kind or any", f[0]);
    if (!tdn_ae_severity_valid(f[1]))
        return tdn_tsv_fail(t, err, 1, "'%s' must be mild, moderate, significant or serious", f[1]);
    if (parse_percent(t, 2, f[2], false, &out->percent, err) ||
        parse_percent(t, 3, f[3], true, &out->upper95, err))
        return TDN_EINPUT;
    char *end = NULL;
    long long n = strtoll(f[4], &end, 10);
    if (!end || *end || n < 1) return tdn_tsv_fail(t, err, 4, "'%s' must be a count above 0", f[4]);
    if (strlen(f[5]) < 8) return tdn_tsv_fail(t, err, 5, "a source must name where it is from");
    snprintf(out->kind, sizeof out->kind, "%s", f[0]);
    snprintf(out->severity, sizeof out->severity, "%s", f[1]);
    out->treatments = n;
    snprintf(out->source, sizeof out->source, "%s", f[5]);
    return TDN_OK;
}

int tdn_published_load(tdn_published_rates *out, const tdn_text_file *files, size_t n, tdn_err *err)
{
    static const char *const cols[] = {"kind",    "severity",   "percent",
                                       "upper95", "treatments", "source"};
    out->n = 0;
    const tdn_text_file *f = tdn_text_file_find(files, n, TDN_PUBLISHED_FILE);
    if (!f) return TDN_OK;
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, cols, 6, err);
    if (rc) return rc;
    char *fields[6];
    int got;
    while (!rc && (got = tdn_tsv_next(&t, fields, err)) != 0) {
        if (got < 0)
            rc = TDN_EINPUT;
        else if (out->n == TDN_PUBLISHED_MAX)
            rc = tdn_tsv_fail(&t, err, 0, "more than %d published rates", TDN_PUBLISHED_MAX);
        else if (tdn_published_find(out, fields[0], fields[1]))
            rc = tdn_tsv_fail(&t, err, 0, "'%s' %s is given twice", fields[0], fields[1]);
        else
            rc = published_row(&t, fields, &out->items[out->n], err);
        if (!rc) out->n++;
    }
    tdn_tsv_close(&t);
    if (rc) out->n = 0;
    return rc;
}

const tdn_published *tdn_published_find(const tdn_published_rates *p, const char *kind,
                                        const char *severity)
{
    for (int i = 0; p && i < p->n; i++)
        if (!strcmp(p->items[i].kind, kind) && !strcmp(p->items[i].severity, severity))
            return &p->items[i];
    return NULL;
}

void tdn_safety_counts_free(tdn_safety_counts *c)
{
    free(c->rows);
    c->rows = NULL;
    c->n_rows = 0;
}

/* count of n treatments as a rate in percent, beside pub (may be NULL). */
static int rate(int64_t count, int64_t n, const tdn_published *pub, tdn_rate *out, tdn_err *err)
{
    tdn_ci ci;
    int rc = tdn_stats_wilson(count, n, TDN_STATS_CONF, &ci, err);
    double exact = -1, rule3 = -1;
    if (!rc && count == 0) rc = tdn_stats_zero_upper(n, TDN_STATS_CONF, &exact, &rule3, err);
    if (rc) return rc;
    *out = (tdn_rate){.count = count,
                      .percent = 100.0 * (double)count / (double)n,
                      .lo = 100 * ci.lo,
                      .hi = 100 * ci.hi,
                      .upper_exact = count == 0 ? 100 * exact : -1,
                      .upper_rule3 = count == 0 ? 100 * rule3 : -1,
                      .published = pub};
    if (pub) out->overlaps = pub->percent >= out->lo && pub->percent <= out->hi;
    return TDN_OK;
}

static int row_make(const tdn_safety_counts *c, const tdn_ae_count *a, const tdn_published *pub,
                    tdn_safety_row *out, tdn_err *err)
{
    snprintf(out->kind, sizeof out->kind, "%s", a->kind);
    snprintf(out->severity, sizeof out->severity, "%s", a->severity);
    out->events = a->events;
    out->per_1000_needles = out->needle_lo = out->needle_hi = -1;
    if (c->needles > 0) out->per_1000_needles = 1000.0 * (double)a->events / (double)c->needles;
    if (c->needles > 0 && a->events <= c->needles) {
        tdn_ci ci;
        if (tdn_stats_wilson(a->events, c->needles, TDN_STATS_CONF, &ci, err)) return err->status;
        out->needle_lo = 1000 * ci.lo;
        out->needle_hi = 1000 * ci.hi;
    }
    return rate(a->sessions, c->sessions, pub, &out->per_session, err);
}

static bool counted(const tdn_safety_counts *c, const char *kind, const char *severity)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (!strcmp(c->rows[i].kind, kind) && !strcmp(c->rows[i].severity, severity)) return true;
    return false;
}

static int rows_make(const tdn_safety_counts *c, const tdn_published_rates *pub,
                     tdn_safety_report *out, tdn_err *err)
{
    size_t cap = c->n_rows + (size_t)(pub ? pub->n : 0);
    out->rows = calloc(cap ? cap : 1, sizeof *out->rows);
    if (!out->rows) return tdn_err_set(err, TDN_ESYS, "report: out of memory");
    for (size_t i = 0; i < c->n_rows; i++) {
        const tdn_ae_count *a = &c->rows[i];
        if (row_make(c, a, tdn_published_find(pub, a->kind, a->severity), &out->rows[out->n_rows++],
                     err))
            return err->status;
    }
    for (int i = 0; pub && i < pub->n; i++) {
        const tdn_published *p = &pub->items[i];
        if (!strcmp(p->kind, "any") || counted(c, p->kind, p->severity)) continue;
        tdn_ae_count zero = {.sessions = 0, .events = 0};
        snprintf(zero.kind, sizeof zero.kind, "%s", p->kind);
        snprintf(zero.severity, sizeof zero.severity, "%s", p->severity);
        if (row_make(c, &zero, p, &out->rows[out->n_rows++], err)) return err->status;
    }
    return TDN_OK;
}

int tdn_safety_report_make(const tdn_safety_counts *c, const tdn_published_rates *pub,
                           tdn_safety_report *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    if (c->sessions < 1) return TDN_OK; /* no sessions match: an empty report */
    out->sessions = c->sessions;
    out->needles = c->needles;
    int rc = rows_make(c, pub, out, err);
    if (!rc) rc = rate(c->sessions_any, c->sessions, NULL, &out->any, err);
    if (!rc)
        rc = rate(c->sessions_mild, c->sessions, tdn_published_find(pub, "any", "mild"), &out->mild,
                  err);
    const tdn_published *sig = tdn_published_find(pub, "any", "significant");
    if (!rc) rc = rate(c->sessions_serious, c->sessions, sig, &out->serious, err);
    /* a published zero with an upper bound overlaps when the intervals meet */
    if (!rc && sig && sig->upper95 >= 0) out->serious.overlaps = out->serious.lo <= sig->upper95;
    if (rc) tdn_safety_report_free(out);
    return rc;
}

void tdn_safety_report_free(tdn_safety_report *r)
{
    free(r->published);
    r->published = NULL;
    free(r->rows);
    r->rows = NULL;
    r->n_rows = 0;
}
