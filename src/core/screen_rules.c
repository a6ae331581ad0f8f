/* screen_rules.c — loading and validating data/screening_rules.tsv (see
 * screen.h). Columns:
 *   id       rule id: lower case, digits, '_' and '.', unique
 *   trigger  '-' (always) or up to 4 conditions joined by '&':
 *              age<12  age>=12  consent.patient=not_stated
 *              consent.guardian!=given  condition=anticoagulant  pregnancy!=none
 *            (facts: age, consent.patient, consent.guardian, condition,
 *            pregnancy; operators: = != < <= > >=, order only for age)
 *   level    no_go | caution | info
 *   scope    patient | local:KIND[+limb] | regions:CODE,CODE,... | hazard:H[+bilateral]
 *            | muscles:noncompressible | estim
 *            (+limb: also every planned region on the local site's side of
 *            its limb, see tdn_region_limb; H: lung, nerve, vessel, organ
 *            — any of that kind — or kind:name; +bilateral: one reason for
 *            the whole plan when regions carrying H are planned on both
 *            sides, a B side counting as both; muscles:noncompressible:
 *            the KB muscles whose compressible column is n, wherever they
 *            are needled; estim: the whole patient, about electrical
 *            stimulation of the needles)
 *   advice   text for the clinician; placeholders {age} {noncompressible}
 *            anywhere, {region} outside patient scope, {local} in local
 *            scope, {muscles} in hazard scope
 *   source   where the rule comes from */
#include <stdlib.h>
#include <string.h>

#include "core/body.h"
#include "core/screen.h"

enum { R_ID, R_TRIGGER, R_LEVEL, R_SCOPE, R_ADVICE, R_SOURCE, R_NCOLS };
static const char *const rule_cols[] = {"id", "trigger", "level", "scope", "advice", "source"};

enum { F_AGE, F_CONSENT_PATIENT, F_CONSENT_GUARDIAN, F_CONDITION, F_PREGNANCY, F_NFACTS };
static const char *const fact_names[] = {"age", "consent.patient", "consent.guardian", "condition",
                                         "pregnancy"};
/* The vocabulary of each fact's values (-1 = a whole number). */
static const int fact_vocab[] = {-1, TDN_VOCAB_CONSENT, TDN_VOCAB_CONSENT, TDN_VOCAB_CONDITION,
                                 TDN_VOCAB_PREGNANCY};

enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_N };
static const char *const op_names[] = {"=", "!=", "<", "<=", ">", ">="};

static bool valid_rule_id(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.'))
            return false;
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

static int closest_fact(const char *name)
{
    int best = 0, best_d = 1 << 30;
    for (int i = 0; i < F_NFACTS; i++) {
        int d = tdn_edit_distance(name, fact_names[i]);
        if (d < best_d) best_d = d, best = i;
    }
    return best;
}

static int parse_value(const tdn_tsv *t, tdn_err *err, int fact, const char *v, int *out)
{
    if (fact_vocab[fact] < 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (!*v || *end || n < 0 || n > 200)
            return tdn_tsv_fail(t, err, R_TRIGGER, "age needs a whole number, not '%s'", v);
        *out = (int)n;
        return TDN_OK;
    }
    int i = tdn_screen_vocab_find(fact_vocab[fact], v);
    if (i < 0)
        return tdn_tsv_fail(t, err, R_TRIGGER, "unknown %s '%s' (did you mean '%s'?)",
                            fact_names[fact], v, tdn_screen_vocab_closest(fact_vocab[fact], v));
    *out = i;
    return TDN_OK;
}

static int parse_atom(const tdn_tsv *t, tdn_err *err, char *s, tdn_screen_atom *a)
{
    size_t k = strcspn(s, "<>=!");
    if (!s[k]) return tdn_tsv_fail(t, err, R_TRIGGER, "'%s' is not FACT OP VALUE", s);
    char opbuf[3] = {s[k], 0, 0};
    if (s[k + 1] == '=') opbuf[1] = '=';
    int op = -1;
    for (int i = 0; i < OP_N; i++)
        if (strcmp(opbuf, op_names[i]) == 0) op = i;
    if (op < 0) return tdn_tsv_fail(t, err, R_TRIGGER, "unknown operator in '%s'", s);
    char *value = trim(s + k + strlen(opbuf));
    s[k] = '\0';
    char *fact = trim(s);
    int f = -1;
    for (int i = 0; i < F_NFACTS; i++)
        if (strcmp(fact, fact_names[i]) == 0) f = i;
    if (f < 0)
        return tdn_tsv_fail(t, err, R_TRIGGER, "unknown fact '%s' (did you mean '%s'?)", fact,
                            fact_names[closest_fact(fact)]);
    if (f != F_AGE && op != OP_EQ && op != OP_NE)
        return tdn_tsv_fail(t, err, R_TRIGGER, "%s takes only = or !=", fact_names[f]);
    a->fact = (unsigned char)f;
    a->op = (unsigned char)op;
    return parse_value(t, err, f, value, &a->value);
}

static int parse_trigger(const tdn_tsv *t, tdn_err *err, char *s, tdn_screen_rule *r)
{
    r->n_atoms = 0;
    if (strcmp(s, "-") == 0) return TDN_OK;
    for (char *p = s;;) {
        char *amp = strchr(p, '&');
        if (amp) *amp = '\0';
        if (r->n_atoms == TDN_SCREEN_MAX_ATOMS)
            return tdn_tsv_fail(t, err, R_TRIGGER, "more than %d conditions", TDN_SCREEN_MAX_ATOMS);
        if (parse_atom(t, err, p, &r->atoms[r->n_atoms++])) return TDN_EINPUT;
        if (!amp) return TDN_OK;
        p = amp + 1;
    }
}

static int parse_level(const tdn_tsv *t, tdn_err *err, const char *s, int *out)
{
    for (int l = TDN_SCREEN_INFO; l <= TDN_SCREEN_NO_GO; l++)
        if (strcmp(s, tdn_screen_level_name(l)) == 0) return *out = l, TDN_OK;
    return tdn_tsv_fail(t, err, R_LEVEL, "'%s' must be no_go, caution or info", s);
}

static bool valid_hazard(const char *h)
{
    static const char *const kinds[] = {"nerve", "vessel", "organ"};
    if (strcmp(h, "lung") == 0) return true;
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(kinds[k]);
        if (strncmp(h, kinds[k], n) != 0) continue;
        if (h[n] == '\0') return true;
        if (h[n] == ':' && valid_rule_id(h + n + 1) && !strchr(h + n + 1, '.')) return true;
    }
    return false;
}

static int parse_regions_list(const tdn_tsv *t, tdn_err *err, char *s, tdn_screen_rule *r)
{
    char *items[TDN_SCREEN_MAX_SITES + 1];
    int n = tdn_split_list(s, items, TDN_SCREEN_MAX_SITES);
    if (n <= 0)
        return tdn_tsv_fail(t, err, R_SCOPE, "regions: needs 1 to %d region codes",
                            TDN_SCREEN_MAX_SITES);
    for (int i = 0; i < n; i++) {
        int reg = tdn_region_find(items[i]);
        if (reg < 0)
            return tdn_tsv_fail(t, err, R_SCOPE, "unknown region code '%s' (did you mean '%s'?)",
                                items[i], tdn_region_closest(items[i]));
        r->regions[i] = (short)reg;
    }
    r->n_regions = n;
    return TDN_OK;
}

static int parse_scope(const tdn_tsv *t, tdn_err *err, char *s, tdn_screen_rule *r)
{
    if (strcmp(s, "patient") == 0) return r->scope = TDN_SCOPE_PATIENT, TDN_OK;
    if (strncmp(s, "local:", 6) == 0) {
        r->scope = TDN_SCOPE_LOCAL;
        size_t n = strlen(s);
        if (n > 5 && strcmp(s + n - 5, "+limb") == 0) {
            r->local_limb = true;
            s[n - 5] = '\0';
        }
        r->local_kind = tdn_screen_vocab_find(TDN_VOCAB_LOCAL, s + 6);
        if (r->local_kind < 0)
            return tdn_tsv_fail(t, err, R_SCOPE,
                                "unknown local condition '%s' (did you mean '%s'?)", s + 6,
                                tdn_screen_vocab_closest(TDN_VOCAB_LOCAL, s + 6));
        return TDN_OK;
    }
    if (strncmp(s, "regions:", 8) == 0) {
        r->scope = TDN_SCOPE_REGIONS;
        return parse_regions_list(t, err, s + 8, r);
    }
    if (strncmp(s, "hazard:", 7) == 0) {
        r->scope = TDN_SCOPE_HAZARD;
        size_t n = strlen(s);
        if (n > 10 && strcmp(s + n - 10, "+bilateral") == 0) {
            r->hazard_bilateral = true;
            s[n - 10] = '\0';
        }
        const char *h = s + 7;
        if (!valid_hazard(h) || strlen(h) + 2 > sizeof r->hazard)
            return tdn_tsv_fail(t, err, R_SCOPE,
                                "'%s' is not lung, nerve, vessel, organ or KIND:NAME", h);
        strcpy(r->hazard, h);
        if (strchr(h, ':') == NULL && strcmp(h, "lung") != 0) strcat(r->hazard, ":");
        return TDN_OK;
    }
    if (strcmp(s, "muscles:noncompressible") == 0) return r->scope = TDN_SCOPE_MUSCLES, TDN_OK;
    if (strcmp(s, "estim") == 0) return r->scope = TDN_SCOPE_ESTIM, TDN_OK;
    return tdn_tsv_fail(t, err, R_SCOPE,
                        "'%s' is not patient, local:KIND[+limb], regions:CODES, "
                        "hazard:H[+bilateral], muscles:noncompressible or estim",
                        s);
}

/* Placeholders, the scopes that may use them (bit per scope), and whether
 * they name one planned region (then not in a +bilateral rule, which is
 * about the whole plan). */
static const struct {
    const char *name;
    unsigned scopes;
    bool per_site;
} placeholders[] = {
    {"{age}", ~0u, false},
    {"{noncompressible}", ~0u, false},
    {"{region}", 14, true},
    {"{local}", 1u << TDN_SCOPE_LOCAL, true},
    {"{muscles}", 1u << TDN_SCOPE_HAZARD, true},
};

static int check_advice(const tdn_tsv *t, tdn_err *err, const tdn_screen_rule *r)
{
    for (const char *p = strchr(r->advice, '{'); p; p = strchr(p + 1, '{')) {
        size_t n = strcspn(p, "}");
        bool ok = false;
        for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
            if (strlen(placeholders[i].name) != n + 1 || strncmp(p, placeholders[i].name, n + 1))
                continue;
            if (!(placeholders[i].scopes & (1u << r->scope)) ||
                (placeholders[i].per_site && r->hazard_bilateral))
                return tdn_tsv_fail(t, err, R_ADVICE, "%s cannot be used in this scope",
                                    placeholders[i].name);
            ok = true;
        }
        if (!ok) return tdn_tsv_fail(t, err, R_ADVICE, "unknown placeholder '%.*s'", (int)n + 1, p);
    }
    return TDN_OK;
}

static int copy_text(const tdn_tsv *t, tdn_err *err, int col, char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) return tdn_tsv_fail(t, err, col, "longer than %zu characters", cap - 1);
    memcpy(dst, s, n + 1);
    return TDN_OK;
}

static int parse_rule(const tdn_screen_rules *rs, const tdn_tsv *t, char **f, tdn_screen_rule *r,
                      tdn_err *err)
{
    *r = (tdn_screen_rule){.line = t->line};
    if (!valid_rule_id(f[R_ID]) || strlen(f[R_ID]) >= sizeof r->id)
        return tdn_tsv_fail(t, err, R_ID, "'%s' is not a rule id (a-z, 0-9, '_', '.')", f[R_ID]);
    if (tdn_screen_rule_find(rs, f[R_ID]))
        return tdn_tsv_fail(t, err, R_ID, "duplicate id '%s'", f[R_ID]);
    strcpy(r->id, f[R_ID]);
    if (copy_text(t, err, R_TRIGGER, r->trigger, sizeof r->trigger, f[R_TRIGGER]) ||
        copy_text(t, err, R_SCOPE, r->scope_text, sizeof r->scope_text, f[R_SCOPE]))
        return TDN_EINPUT;
    if (parse_trigger(t, err, f[R_TRIGGER], r) || parse_level(t, err, f[R_LEVEL], &r->level) ||
        parse_scope(t, err, f[R_SCOPE], r) ||
        copy_text(t, err, R_ADVICE, r->advice, sizeof r->advice, f[R_ADVICE]) ||
        copy_text(t, err, R_SOURCE, r->source, sizeof r->source, f[R_SOURCE]) ||
        check_advice(t, err, r))
        return TDN_EINPUT;
    if (strcmp(r->source, "-") == 0)
        return tdn_tsv_fail(t, err, R_SOURCE, "every rule needs a source");
    return TDN_OK;
}

static bool rule_mentions_condition(const tdn_screen_rule *r, int c)
{
    for (int i = 0; i < r->n_atoms; i++)
        if (r->atoms[i].fact == F_CONDITION && r->atoms[i].op == OP_EQ && r->atoms[i].value == c)
            return true;
    return false;
}

/* Every condition and local condition a profile can name must be screened. */
static int check_coverage(const tdn_screen_rules *rs, const char *file, tdn_err *err)
{
    for (int c = 0; c < tdn_screen_vocab_count(TDN_VOCAB_CONDITION); c++) {
        bool found = false;
        for (int i = 0; i < rs->n && !found; i++)
            found = rule_mentions_condition(&rs->rules[i], c);
        if (!found)
            return tdn_err_set(err, TDN_EINPUT, "%s: trigger: no rule for condition=%s", file,
                               tdn_screen_vocab_name(TDN_VOCAB_CONDITION, c));
    }
    for (int k = 0; k < tdn_screen_vocab_count(TDN_VOCAB_LOCAL); k++) {
        bool found = false;
        for (int i = 0; i < rs->n && !found; i++)
            found = rs->rules[i].scope == TDN_SCOPE_LOCAL && rs->rules[i].local_kind == k;
        if (!found)
            return tdn_err_set(err, TDN_EINPUT, "%s: scope: no rule for local:%s", file,
                               tdn_screen_vocab_name(TDN_VOCAB_LOCAL, k));
    }
    return TDN_OK;
}

static size_t count_lines(const tdn_text_file *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->text[i] == '\n';
    return n;
}

static int load_rows(tdn_screen_rules *rs, const tdn_text_file *f, tdn_err *err)
{
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, rule_cols, R_NCOLS, err);
    if (rc) return rc;
    char *fields[TDN_TSV_MAX_COLS];
    int r;
    while ((r = tdn_tsv_next(&t, fields, err)) == 1) {
        if ((rc = parse_rule(rs, &t, fields, &rs->rules[rs->n], err))) break;
        rs->n++;
    }
    tdn_tsv_close(&t);
    if (rc) return rc;
    return r < 0 ? TDN_EINPUT : TDN_OK;
}

int tdn_screen_rules_load(tdn_screen_rules **out, const tdn_text_file *files, size_t n,
                          tdn_err *err)
{
    *out = NULL;
    const tdn_text_file *f = tdn_text_file_find(files, n, TDN_SCREEN_RULES_FILE);
    if (!f)
        return tdn_err_set(err, TDN_EINPUT, "screening rules: %s is missing",
                           TDN_SCREEN_RULES_FILE);
    tdn_screen_rules *rs = calloc(1, sizeof *rs);
    if (rs) rs->rules = calloc(count_lines(f), sizeof *rs->rules);
    int rc = (!rs || !rs->rules) ? tdn_err_set(err, TDN_ESYS, "screening rules: out of memory")
                                 : load_rows(rs, f, err);
    if (!rc && rs->n == 0) rc = tdn_err_set(err, TDN_EINPUT, "%s: no rules", f->name);
    if (!rc) rc = check_coverage(rs, f->name, err);
    if (rc) {
        tdn_screen_rules_free(rs);
        return rc;
    }
    *out = rs;
    return TDN_OK;
}

void tdn_screen_rules_free(tdn_screen_rules *rules)
{
    if (!rules) return;
    free(rules->rules);
    free(rules);
}

const tdn_screen_rule *tdn_screen_rule_find(const tdn_screen_rules *rules, const char *id)
{
    for (int i = 0; i < rules->n; i++)
        if (strcmp(rules->rules[i].id, id) == 0) return &rules->rules[i];
    return NULL;
}

bool tdn_screen_atom_holds(const tdn_screen_atom *a, const tdn_screen_profile *p)
{
    int v = 0;
    switch (a->fact) {
    case F_AGE:
        v = p->age;
        break;
    case F_CONSENT_PATIENT:
        v = p->consent_patient;
        break;
    case F_CONSENT_GUARDIAN:
        v = p->consent_guardian;
        break;
    case F_PREGNANCY:
        v = p->pregnancy;
        break;
    case F_CONDITION: {
        bool has = (p->conditions >> a->value) & 1u;
        return a->op == OP_EQ ? has : !has;
    }
    default:
        return false;
    }
    switch (a->op) {
    case OP_EQ:
        return v == a->value;
    case OP_NE:
        return v != a->value;
    case OP_LT:
        return v < a->value;
    case OP_LE:
        return v <= a->value;
    case OP_GT:
        return v > a->value;
    case OP_GE:
        return v >= a->value;
    default:
        return false;
    }
}
