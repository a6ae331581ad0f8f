/* screen.c — the screening engine (see screen.h): the profile vocabularies,
 * and evaluating a profile against the rules and the KB. Small and generic:
 * every clinical fact lives in data/screening_rules.tsv; this file knows
 * only how a trigger, a scope and a placeholder are evaluated. */
#include "core/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/body.h"
#include "core/buf.h"

static const char *const conditions[] = {"bleeding_disorder",
                                         "anticoagulant",
                                         "antiplatelet",
                                         "immunocompromised",
                                         "autoimmune",
                                         "diabetes",
                                         "epilepsy",
                                         "needle_phobia",
                                         "metal_allergy",
                                         "cognitive_impairment",
                                         "vascular_disease",
                                         "cancer",
                                         "recent_surgery",
                                         "unable_to_communicate",
                                         "epilepsy_uncontrolled",
                                         "stainless_steel_allergy",
                                         "pacemaker"};
static const char *const locals[] = {"infection",      "lymphedema", "skin_lesion",
                                     "recent_surgery", "implant",    "lymph_node_removal"};
static const char *const pregnancies[] = {"none", "first_trimester", "second_trimester",
                                          "third_trimester"};
static const char *const consents[] = {"not_stated", "not_given", "given"};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* What a person reads for each code, in the order of the codes above. */
static const char *const condition_labels[] = {
    "Bleeding disorder",
    "Anticoagulant medication",
    "Antiplatelet medication",
    "Compromised immune system",
    "Autoimmune disorder",
    "Diabetes",
    "Epilepsy (controlled)",
    "Significant needle phobia",
    "Metal allergy (metal not known)",
    "Cognitive impairment",
    "Vascular disease",
    "Cancer",
    "Recent surgery",
    "Unable to communicate",
    "Uncontrolled epilepsy",
    "Confirmed allergy to stainless steel, nickel or chromium",
    "Pacemaker or implanted defibrillator (ICD)"};
static const char *const local_labels[] = {"Infection",      "Lymphoedema", "Skin lesion",
                                           "Recent surgery", "Implant",     "Lymph node removal"};
static const char *const pregnancy_labels[] = {"Not pregnant", "First trimester",
                                               "Second trimester", "Third trimester"};
static const char *const consent_labels[] = {"Not stated", "Not given", "Given"};
_Static_assert(COUNT(condition_labels) == COUNT(conditions), "a label per condition");
_Static_assert(COUNT(local_labels) == COUNT(locals), "a label per local condition");
_Static_assert(COUNT(pregnancy_labels) == COUNT(pregnancies), "a label per pregnancy");
_Static_assert(COUNT(consent_labels) == COUNT(consents), "a label per consent");

static const char *const *vocab(int v, int *n)
{
    switch (v) {
    case TDN_VOCAB_CONDITION:
        *n = COUNT(conditions);
        return conditions;
    case TDN_VOCAB_LOCAL:
        *n = COUNT(locals);
        return locals;
    case TDN_VOCAB_PREGNANCY:
        *n = COUNT(pregnancies);
        return pregnancies;
    case TDN_VOCAB_CONSENT:
        *n = COUNT(consents);
        return consents;
    default:
        *n = 0;
        return NULL;
    }
}

int tdn_screen_vocab_find(int v, const char *name)
{
    int n;
    const char *const *names = vocab(v, &n);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

const char *tdn_screen_vocab_name(int v, int i)
{
    int n;
    const char *const *names = vocab(v, &n);
    return i >= 0 && i < n ? names[i] : NULL;
}

const char *tdn_screen_vocab_label(int v, int i)
{
    static const char *const *const labels[] = {condition_labels, local_labels, pregnancy_labels,
                                                consent_labels};
    int n;
    vocab(v, &n);
    return i >= 0 && i < n ? labels[v][i] : NULL;
}

int tdn_screen_vocab_count(int v)
{
    int n;
    vocab(v, &n);
    return n;
}

const char *tdn_screen_vocab_closest(int v, const char *name)
{
    int n, best_d = 1 << 30;
    const char *const *names = vocab(v, &n);
    const char *best = n ? names[0] : "";
    for (int i = 0; i < n; i++) {
        int d = tdn_edit_distance(name, names[i]);
        if (*name && strstr(names[i], name)) d /= 4; /* a part of the name: near */
        if (d < best_d) best_d = d, best = names[i];
    }
    return best;
}

const char *tdn_screen_level_name(int level)
{
    static const char *const names[] = {"go", "info", "caution", "no_go"};
    return level >= 0 && level < COUNT(names) ? names[level] : NULL;
}

bool tdn_screen_site_touches(tdn_screen_site a, tdn_screen_site b)
{
    return a.region == b.region && (a.side == b.side || a.side == 'B' || b.side == 'B');
}

bool tdn_screen_site_same_limb(tdn_screen_site a, tdn_screen_site b)
{
    int limb = tdn_region_limb(a.region);
    return limb != TDN_LIMB_NONE && limb == tdn_region_limb(b.region) &&
           (a.side == b.side || a.side == 'B' || b.side == 'B');
}

const char *tdn_screen_site_str(tdn_screen_site s, char *out, size_t cap)
{
    const tdn_region_info *r = tdn_region_at(s.region);
    snprintf(out, cap, "%s:%c", r ? r->code : "?", s.side);
    return out;
}

/* Evaluation state. */
typedef struct ctx {
    const tdn_screen_rules *rules;
    const tdn_kb *kb;
    const tdn_screen_profile *p;
    tdn_screen_result *out;
    int cap;
    bool oom;
} ctx;

/* Appends "a, b (hazards), ..." for the muscles whose trigger point sites
 * include region and that carry hazard h. */
static void put_muscles(const ctx *c, tdn_buf *b, int region, const char *h)
{
    size_t hn = strlen(h);
    bool prefix = hn && h[hn - 1] == ':';
    int n = 0;
    for (int i = 0; i < c->kb->n_muscles; i++) {
        const tdn_muscle *m = &c->kb->muscles[i];
        if (!tdn_muscle_site_in(m, region) || !tdn_muscle_hazard_at(m, h, region)) continue;
        tdn_buf_printf(b, "%s%s", n++ ? ", " : "", m->id);
        if (!prefix) continue;
        int k = 0;
        for (int j = 0; j < m->n_hazards; j++)
            if (strncmp(m->hazards[j], h, hn) == 0 && tdn_muscle_hazard_i_at(m, j, region))
                tdn_buf_printf(b, "%s%s", k++ ? ", " : " (", m->hazards[j]);
        tdn_buf_put(b, ")");
    }
}

static bool at_planned(const tdn_muscle *m, const tdn_screen_profile *p)
{
    for (int i = 0; i < p->n_planned; i++)
        if (tdn_muscle_site_in(m, p->planned[i].region)) return true;
    return false;
}

static void put_noncompressible(const ctx *c, tdn_buf *b)
{
    if (c->p->n_planned == 0) {
        tdn_buf_put(b, "none listed, as no regions are planned; check that each muscle can be "
                       "compressed before needling it");
        return;
    }
    int n = 0;
    for (int i = 0; i < c->kb->n_muscles; i++) {
        const tdn_muscle *m = &c->kb->muscles[i];
        if (!m->compressible && at_planned(m, c->p))
            tdn_buf_printf(b, "%s%s", n++ ? ", " : "", m->id);
    }
    if (!n) tdn_buf_put(b, "none");
}

/* Fills in the advice of rule r for one reason. Placeholders were checked
 * when the rules were loaded. */
static void render(const ctx *c, const tdn_screen_rule *r, const tdn_screen_site *site,
                   const tdn_screen_site *local, tdn_buf *b)
{
    char s[64];
    for (const char *p = r->advice; *p;) {
        const char *open = strchr(p, '{');
        if (!open) {
            tdn_buf_put(b, p);
            break;
        }
        tdn_buf_putn(b, p, (size_t)(open - p));
        size_t n = strcspn(open, "}") + 1;
        if (strncmp(open, "{age}", n) == 0)
            tdn_buf_printf(b, "%d", c->p->age);
        else if (strncmp(open, "{region}", n) == 0 && site)
            tdn_buf_put(b, tdn_screen_site_str(*site, s, sizeof s));
        else if (strncmp(open, "{local}", n) == 0 && local)
            tdn_buf_put(b, tdn_screen_site_str(*local, s, sizeof s));
        else if (strncmp(open, "{muscles}", n) == 0 && site)
            put_muscles(c, b, site->region, r->hazard);
        else if (strncmp(open, "{noncompressible}", n) == 0)
            put_noncompressible(c, b);
        p = open + (open[n - 1] == '}' ? n : n - 1);
        if (!*p) break;
    }
}

static bool same_reason(const tdn_screen_reason *a, const tdn_screen_rule *r, bool has_site,
                        tdn_screen_site site)
{
    return a->rule == r && a->has_site == has_site &&
           (!has_site || (a->site.region == site.region && a->site.side == site.side));
}

/* "id,id" for the muscles a muscle rule concerns. */
static void put_rule_muscles(const ctx *c, tdn_buf *b)
{
    int n = 0;
    for (int i = 0; i < c->kb->n_muscles; i++)
        if (!c->kb->muscles[i].compressible)
            tdn_buf_printf(b, "%s%s", n++ ? "," : "", c->kb->muscles[i].id);
    if (!b->data) tdn_buf_put(b, "");
}

static void add_reason(ctx *c, const tdn_screen_rule *r, const tdn_screen_site *site,
                       const tdn_screen_site *local)
{
    tdn_screen_result *o = c->out;
    tdn_screen_site s = site ? *site : (tdn_screen_site){0};
    for (int i = 0; i < o->n_reasons; i++)
        if (same_reason(&o->reasons[i], r, site != NULL, s)) return;
    if (c->oom) return;
    if (o->n_reasons == c->cap) {
        int cap = c->cap ? c->cap * 2 : 16;
        tdn_screen_reason *grown = realloc(o->reasons, (size_t)cap * sizeof *grown);
        if (!grown) {
            c->oom = true;
            return;
        }
        o->reasons = grown;
        c->cap = cap;
    }
    tdn_buf b = {0}, m = {0};
    render(c, r, site, local, &b);
    if (b.oom || !b.data) tdn_buf_put(&b, "");
    if (r->scope == TDN_SCOPE_MUSCLES) put_rule_muscles(c, &m);
    if (b.oom || m.oom) {
        tdn_buf_free(&b);
        tdn_buf_free(&m);
        c->oom = true;
        return;
    }
    o->reasons[o->n_reasons++] = (tdn_screen_reason){.rule = r,
                                                     .level = r->level,
                                                     .has_site = site != NULL,
                                                     .site = s,
                                                     .detail = b.data,
                                                     .muscles = m.data};
}

static bool triggered(const tdn_screen_rule *r, const tdn_screen_profile *p)
{
    for (int i = 0; i < r->n_atoms; i++)
        if (!tdn_screen_atom_holds(&r->atoms[i], p)) return false;
    return true;
}

static bool region_has_hazard(const tdn_kb *kb, int region, const char *h)
{
    for (int i = 0; i < kb->n_muscles; i++)
        if (tdn_muscle_site_in(&kb->muscles[i], region) &&
            tdn_muscle_hazard_at(&kb->muscles[i], h, region))
            return true;
    return false;
}

/* True when the plan reaches hazard h on the left and on the right (a
 * region planned on side B reaches both). */
static bool hazard_on_both_sides(const ctx *c, const char *h)
{
    bool left = false, right = false;
    for (int j = 0; j < c->p->n_planned; j++) {
        const tdn_screen_site *s = &c->p->planned[j];
        if (!region_has_hazard(c->kb, s->region, h)) continue;
        left = left || s->side != 'R';
        right = right || s->side != 'L';
    }
    return left && right;
}

static void apply_local(ctx *c, const tdn_screen_rule *r)
{
    const tdn_screen_profile *p = c->p;
    for (int i = 0; i < p->n_local; i++) {
        const tdn_screen_local *l = &p->local[i];
        if (l->kind != r->local_kind) continue;
        if (p->n_planned == 0) add_reason(c, r, &l->site, &l->site);
        for (int j = 0; j < p->n_planned; j++)
            if (tdn_screen_site_touches(l->site, p->planned[j]) ||
                (r->local_limb && tdn_screen_site_same_limb(l->site, p->planned[j])))
                add_reason(c, r, &p->planned[j], &l->site);
    }
}

static void apply_rule(ctx *c, const tdn_screen_rule *r)
{
    const tdn_screen_profile *p = c->p;
    switch (r->scope) {
    case TDN_SCOPE_PATIENT:
    case TDN_SCOPE_MUSCLES:
    case TDN_SCOPE_ESTIM:
        add_reason(c, r, NULL, NULL);
        break;
    case TDN_SCOPE_LOCAL:
        apply_local(c, r);
        break;
    case TDN_SCOPE_REGIONS:
        for (int j = 0; j < p->n_planned; j++)
            for (int k = 0; k < r->n_regions; k++)
                if (p->planned[j].region == r->regions[k]) add_reason(c, r, &p->planned[j], NULL);
        break;
    case TDN_SCOPE_HAZARD:
        if (r->hazard_bilateral) {
            if (hazard_on_both_sides(c, r->hazard)) add_reason(c, r, NULL, NULL);
            break;
        }
        for (int j = 0; j < p->n_planned; j++)
            if (region_has_hazard(c->kb, p->planned[j].region, r->hazard))
                add_reason(c, r, &p->planned[j], NULL);
        break;
    }
}

/* Stable: most severe first, rule order and region order kept within a level. */
static void sort_reasons(tdn_screen_result *o)
{
    for (int i = 1; i < o->n_reasons; i++) {
        tdn_screen_reason x = o->reasons[i];
        int j = i;
        for (; j > 0 && o->reasons[j - 1].level < x.level; j--)
            o->reasons[j] = o->reasons[j - 1];
        o->reasons[j] = x;
    }
}

static bool is_blocked(const tdn_screen_result *o, tdn_screen_site s, bool patient_no_go)
{
    if (patient_no_go) return true;
    for (int i = 0; i < o->n_reasons; i++) {
        const tdn_screen_reason *r = &o->reasons[i];
        if (r->level == TDN_SCREEN_NO_GO && r->has_site && r->site.region == s.region &&
            r->site.side == s.side)
            return true;
    }
    return false;
}

static bool is_listed(const tdn_screen_site *list, int n, tdn_screen_site s)
{
    for (int i = 0; i < n; i++)
        if (list[i].region == s.region && list[i].side == s.side) return true;
    return false;
}

static void decide(const tdn_screen_profile *p, tdn_screen_result *o)
{
    int patient = TDN_SCREEN_GO, region = TDN_SCREEN_GO;
    for (int i = 0; i < o->n_reasons; i++) {
        const tdn_screen_reason *r = &o->reasons[i];
        if (r->level < TDN_SCREEN_CAUTION) continue;
        /* a muscle rule, like a region rule, leaves the other muscles allowed */
        int *lv = r->has_site || r->rule->scope == TDN_SCOPE_MUSCLES ? &region : &patient;
        /* an e-stim rule forbids the current, not the needles: at most caution */
        int level = r->rule->scope == TDN_SCOPE_ESTIM && r->level > TDN_SCREEN_CAUTION
                        ? TDN_SCREEN_CAUTION
                        : r->level;
        if (level > *lv) *lv = level;
    }
    bool patient_no_go = patient == TDN_SCREEN_NO_GO;
    for (int i = 0; i < p->n_planned; i++) {
        if (is_blocked(o, p->planned[i], patient_no_go))
            o->blocked[o->n_blocked++] = p->planned[i];
        else
            o->allowed[o->n_allowed++] = p->planned[i];
    }
    for (int i = 0; p->n_planned == 0 && i < o->n_reasons; i++) {
        const tdn_screen_reason *r = &o->reasons[i]; /* local contraindications, no plan */
        if (r->level == TDN_SCREEN_NO_GO && r->has_site &&
            !is_listed(o->blocked, o->n_blocked, r->site) && o->n_blocked < TDN_SCREEN_MAX_SITES)
            o->blocked[o->n_blocked++] = r->site;
    }
    if (region == TDN_SCREEN_NO_GO && !(p->n_planned > 0 && o->n_allowed == 0))
        region = TDN_SCREEN_CAUTION;
    o->decision = patient > region ? patient : region;
}

int tdn_screen_eval(const tdn_screen_rules *rules, const tdn_kb *kb, const tdn_screen_profile *p,
                    tdn_screen_result *out, tdn_err *err)
{
    *out = (tdn_screen_result){0};
    ctx c = {.rules = rules, .kb = kb, .p = p, .out = out};
    for (int i = 0; i < rules->n && !c.oom; i++)
        if (triggered(&rules->rules[i], p)) apply_rule(&c, &rules->rules[i]);
    if (c.oom) {
        tdn_screen_result_free(out);
        return tdn_err_set(err, TDN_ESYS, "screening: out of memory");
    }
    sort_reasons(out);
    decide(p, out);
    return TDN_OK;
}

void tdn_screen_result_free(tdn_screen_result *r)
{
    for (int i = 0; i < r->n_reasons; i++) {
        free(r->reasons[i].detail);
        free(r->reasons[i].muscles);
    }
    free(r->reasons);
    *r = (tdn_screen_result){0};
}
