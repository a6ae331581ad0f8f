/* protocol_rules.c — loading the session's clinical limits from
 * data/protocol.tsv, and the names of states and decisions (see protocol.h). */
#include <stdlib.h>
#include <string.h>

#include "core/protocol.h"

enum { P_ID, P_VALUE, P_UNIT, P_DESC, P_SRC, P_NCOLS };
static const char *const protocol_cols[] = {"id", "value", "unit", "description", "source"};

typedef struct rule_def {
    const char *id;
    const char *unit;
    long min, max;
    size_t offset; /* into tdn_protocol_rules, an int (a flag is 0 or 1) */
} rule_def;

static const rule_def rule_defs[] = {
    {"protocol.deep_dwell_max", "s", 60, 3600, offsetof(tdn_protocol_rules, deep_dwell_max_s)},
    {"protocol.superficial_first", "s", 5, 600, offsetof(tdn_protocol_rules, superficial_first_s)},
    {"protocol.superficial_second", "s", 5, 1800,
     offsetof(tdn_protocol_rules, superficial_second_s)},
    {"protocol.screening_valid_days", "d", 1, 3650,
     offsetof(tdn_protocol_rules, screening_valid_days)},
    /* Rules that are always enforced: the value must be 1, the row documents
     * the rule and its source (HACKING: every clinical rule has one). */
    {"safety.bilateral_lung", "rule", 1, 1, 0},
    {"protocol.screening", "rule", 1, 1, 0},
    {"protocol.blocked_region", "rule", 1, 1, 0},
    {"protocol.blocked_muscle", "rule", 1, 1, 0},
    {"protocol.unplanned_region", "rule", 1, 1, 0},
    {"protocol.superficial_no_ltr", "rule", 1, 1, 0},
    {"ledger.close_all_out", "rule", 1, 1, 0},
    {"ledger.broken_needs_ae", "rule", 1, 1, 0},
};
#define N_RULES (sizeof rule_defs / sizeof *rule_defs)

static int apply_row(tdn_tsv *t, char **f, tdn_protocol_rules *r, bool *seen, tdn_err *err)
{
    size_t k = 0;
    while (k < N_RULES && strcmp(rule_defs[k].id, f[P_ID]) != 0)
        k++;
    if (k == N_RULES) return tdn_tsv_fail(t, err, P_ID, "unknown rule id '%s'", f[P_ID]);
    const rule_def *d = &rule_defs[k];
    if (seen[k]) return tdn_tsv_fail(t, err, P_ID, "rule '%s' given twice", d->id);
    if (strcmp(f[P_UNIT], d->unit) != 0)
        return tdn_tsv_fail(t, err, P_UNIT, "must be '%s' for %s", d->unit, d->id);
    char *end;
    long v = strtol(f[P_VALUE], &end, 10);
    if (strcmp(d->unit, "rule") == 0 && (*end || v != 1))
        return tdn_tsv_fail(t, err, P_VALUE, "must be 1: %s is always enforced", d->id);
    if (*end || v < d->min || v > d->max)
        return tdn_tsv_fail(t, err, P_VALUE, "must be a whole number from %ld to %ld", d->min,
                            d->max);
    if (strcmp(d->id, "safety.bilateral_lung") == 0)
        r->bilateral_lung = true;
    else if (strcmp(d->unit, "rule") != 0)
        *(int *)((char *)r + d->offset) = (int)v;
    seen[k] = true;
    return TDN_OK;
}

int tdn_protocol_rules_load(tdn_protocol_rules *r, const tdn_text_file *files, size_t n,
                            tdn_err *err)
{
    const tdn_text_file *f = tdn_text_file_find(files, n, "protocol.tsv");
    if (!f) return tdn_err_set(err, TDN_EINPUT, "protocol.tsv: missing from the knowledge base");
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, protocol_cols, P_NCOLS, err);
    if (rc) return rc;
    tdn_protocol_rules out = {0};
    bool seen[N_RULES] = {0};
    char *fields[P_NCOLS];
    while (!rc && (rc = tdn_tsv_next(&t, fields, err)) == 1)
        rc = apply_row(&t, fields, &out, seen, err);
    if (rc < 0) rc = TDN_EINPUT;
    for (size_t k = 0; !rc && k < N_RULES; k++)
        if (!seen[k])
            rc = tdn_err_set(err, TDN_EINPUT, "protocol.tsv: rule '%s' missing", rule_defs[k].id);
    tdn_tsv_close(&t);
    if (!rc) *r = out;
    return rc;
}

static const char *const state_names[] = {"",       "open",   "screened", "needling", "needles_out",
                                          "closed", "aborted"};

const char *tdn_session_state_name(int state)
{
    return state >= TDN_SESSION_OPEN && state <= TDN_SESSION_ABORTED ? state_names[state] : "?";
}

int tdn_session_state_parse(const char *s)
{
    for (int i = TDN_SESSION_OPEN; i <= TDN_SESSION_ABORTED; i++)
        if (strcmp(s, state_names[i]) == 0) return i;
    return 0;
}

static const char *const decision_names[] = {"", "go", "caution", "no_go"};

const char *tdn_decision_name(int decision)
{
    return decision >= TDN_DECISION_GO && decision <= TDN_DECISION_NO_GO ? decision_names[decision]
                                                                         : "?";
}

int tdn_decision_parse(const char *s)
{
    for (int i = TDN_DECISION_GO; i <= TDN_DECISION_NO_GO; i++)
        if (strcmp(s, decision_names[i]) == 0) return i;
    return 0;
}
