/* outcome.c — loading and looking up the outcome thresholds (outcome.h). */
#include "core/outcome.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int row(const tdn_tsv *t, char **f, tdn_threshold *out, tdn_err *err)
{
    static const char *const measures[] = {"nprs", "ppt", "rom", "psfs"};
    bool known = false;
    for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++)
        known = known || strcmp(f[0], measures[i]) == 0;
    if (!known) return tdn_tsv_fail(t, err, 0, "'%s' must be nprs, ppt, rom or psfs", f[0]);
    bool none = strcmp(f[3], "change_only") == 0;
    if (none && (strcmp(f[1], "-") != 0 || strcmp(f[2], "-") != 0))
        return tdn_tsv_fail(t, err, 1, "a change_only row has threshold and unit '-'");
    char *end = NULL;
    double v = none ? 0 : strtod(f[1], &end);
    if (!none && (!end || *end || !isfinite(v) || v <= 0))
        return tdn_tsv_fail(t, err, 1, "'%s' must be a number above 0", f[1]);
    if (strcmp(f[3], "mcid") != 0 && strcmp(f[3], "mdc") != 0 &&
        strcmp(f[3], "mcid_percent") != 0 && !none)
        return tdn_tsv_fail(t, err, 3, "'%s' must be mcid, mdc, mcid_percent or change_only", f[3]);
    if (strcmp(f[3], "mcid_percent") == 0 && (v > 100 || strcmp(f[2], "percent") != 0))
        return tdn_tsv_fail(t, err, 1, "an mcid_percent is a percentage up to 100, unit percent");
    if (strlen(f[2]) >= sizeof out->unit) return tdn_tsv_fail(t, err, 2, "longer than 15");
    if (strlen(f[4]) < 8) return tdn_tsv_fail(t, err, 4, "a source must name where it is from");
    snprintf(out->measure, sizeof out->measure, "%s", f[0]);
    out->value = v;
    snprintf(out->unit, sizeof out->unit, "%s", f[2]);
    snprintf(out->kind, sizeof out->kind, "%s", f[3]);
    snprintf(out->source, sizeof out->source, "%s", f[4]);
    return TDN_OK;
}

/* A change_only row beside an mcid or mdc of the same measure, or the reverse. */
static bool conflicts(const tdn_thresholds *out, const char *measure, const char *kind)
{
    if (!strcmp(kind, "change_only"))
        return tdn_threshold_find(out, measure, "mcid") || tdn_threshold_find(out, measure, "mdc");
    return (!strcmp(kind, "mcid") || !strcmp(kind, "mdc")) &&
           tdn_threshold_find(out, measure, "change_only");
}

int tdn_thresholds_load(tdn_thresholds *out, const tdn_text_file *files, size_t n, tdn_err *err)
{
    static const char *const cols[] = {"measure", "threshold", "unit", "kind", "source"};
    out->n = 0;
    const tdn_text_file *f = tdn_text_file_find(files, n, TDN_OUTCOME_FILE);
    if (!f) return TDN_OK;
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, cols, 5, err);
    if (rc) return rc;
    char *fields[5];
    int got;
    while (!rc && (got = tdn_tsv_next(&t, fields, err)) != 0) {
        if (got < 0)
            rc = TDN_EINPUT;
        else if (out->n == TDN_OUTCOME_MAX)
            rc = tdn_tsv_fail(&t, err, 0, "more than %d thresholds", TDN_OUTCOME_MAX);
        else if (tdn_threshold_find(out, fields[0], fields[3]))
            rc = tdn_tsv_fail(&t, err, 0, "'%s' has a %s already", fields[0], fields[3]);
        else if (conflicts(out, fields[0], fields[3]))
            rc = tdn_tsv_fail(&t, err, 3, "'%s' cannot have both a threshold and change_only",
                              fields[0]);
        else
            rc = row(&t, fields, &out->items[out->n], err);
        if (!rc) out->n++;
    }
    tdn_tsv_close(&t);
    if (rc) out->n = 0;
    return rc;
}

const tdn_threshold *tdn_threshold_find(const tdn_thresholds *t, const char *measure,
                                        const char *kind)
{
    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->items[i].measure, measure) && !strcmp(t->items[i].kind, kind))
            return &t->items[i];
    return NULL;
}
