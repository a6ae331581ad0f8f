/* kbjson.c — knowledge base and locate results as JSON (see kbjson.h). */
#include "app/kbjson.h"

#include <stdio.h>
#include <string.h>

static double round3(double v)
{
    return (double)(long)(v * 1000 + 0.5) / 1000;
}

json_t *tdn_json_region_list(const short *regions, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(tdn_region_at(regions[i])->code));
    return a;
}

/* Zones as "code" / "code:C" / "code:B", each once. */
static json_t *zone_list_json(const tdn_zone *z, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int k = 0; k < i && !seen; k++)
            seen = z[k].region == z[i].region && z[k].rel == z[i].rel;
        if (seen) continue;
        char s[64];
        const char *code = tdn_region_at(z[i].region)->code;
        if (z[i].rel == TDN_REL_IPSI)
            snprintf(s, sizeof s, "%s", code);
        else
            snprintf(s, sizeof s, "%s:%c", code, z[i].rel);
        json_array_append_new(a, json_string(s));
    }
    return a;
}

static json_t *explains_json(const tdn_candidate *c, const tdn_pain *pains, int n, int kind)
{
    json_t *a = json_array();
    for (int j = 0; j < n; j++) {
        if (c->explains[j] != kind) continue;
        char s[64];
        snprintf(s, sizeof s, "%s:%c", tdn_region_at(pains[j].region)->code, pains[j].side);
        json_array_append_new(a, json_string(s));
    }
    return a;
}

static json_t *reasons_json(const tdn_kb *kb, const tdn_candidate *c, const tdn_pain *pains, int n)
{
    tdn_buf b = {0};
    tdn_locate_reasons(kb, c, pains, n, &b);
    json_t *a = json_array();
    const char *p = tdn_buf_str(&b);
    while (*p) {
        size_t len = strcspn(p, "\n");
        if (len) json_array_append_new(a, json_stringn(p, len));
        p += len + (p[len] == '\n');
    }
    tdn_buf_free(&b);
    return a;
}

static json_t *hazards_json(const tdn_muscle *m)
{
    json_t *hz = json_array();
    for (int i = 0; i < m->n_hazards; i++)
        json_array_append_new(hz, json_string(m->hazards[i]));
    return hz;
}

/* The label of the candidate's pattern, or null for a single-pattern muscle. */
static json_t *pattern_json(const tdn_kb *kb, const tdn_candidate *c)
{
    if (kb->muscles[c->muscle].n_patterns < 2) return json_null();
    tdn_buf b = {0};
    tdn_locate_pattern_name(kb, c, &b);
    json_t *s = json_string(tdn_buf_str(&b));
    tdn_buf_free(&b);
    return s;
}

json_t *tdn_json_candidate(const tdn_kb *kb, const tdn_candidate *c, const tdn_pain *pains,
                           int n_pain)
{
    const tdn_muscle *m = &kb->muscles[c->muscle];
    char side[2] = {c->side, 0};
    return json_pack("{s:s, s:s, s:s, s:f, s:o, s:o, s:{s:o, s:o, s:o}, s:f, s:f, s:o, s:s, s:b, "
                     "s:o}",
                     "muscle", m->id, "name", m->name, "side", side, "score", round3(c->score),
                     "pattern", pattern_json(kb, c), "reasons", reasons_json(kb, c, pains, n_pain),
                     "explains", "essential",
                     explains_json(c, pains, n_pain, TDN_EXPLAINS_ESSENTIAL), "spillover",
                     explains_json(c, pains, n_pain, TDN_EXPLAINS_SPILLOVER), "unexplained",
                     explains_json(c, pains, n_pain, TDN_EXPLAINS_NOT), "coverage",
                     round3(c->coverage), "specificity", round3(c->specificity), "tp_sites",
                     tdn_json_region_list(m->tp_sites, m->n_tp), "palpation", m->palpation,
                     "palpable", m->palpable, "hazards", hazards_json(m));
}

json_t *tdn_json_candidates(const tdn_kb *kb, const tdn_candidate *out, int n,
                            const tdn_pain *pains, int n_pain, bool hints)
{
    json_t *list = json_array(), *first = json_array();
    for (int i = 0; i < n; i++) {
        json_t *c = tdn_json_candidate(kb, &out[i], pains, n_pain);
        if (c && out[i].palpated)
            json_object_set_new(c, "palpated", json_string(out[i].palpated > 0 ? "+" : "-"));
        json_array_append_new(list, c);
    }
    tdn_buf b = {0};
    if (hints) tdn_locate_palpate_first(kb, out, n, &b);
    for (const char *p = b.data; p && *p;) {
        size_t len = strcspn(p, "\n");
        json_array_append_new(first, json_stringn(p, len));
        p += len + (p[len] == '\n');
    }
    tdn_buf_free(&b);
    return json_pack("{s:o, s:o}", "candidates", list, "palpate_first", first);
}

/* {"lung": ["thoracic_spine"]} for hazards that apply at some sites only. */
static json_t *hazard_sites_json(const tdn_muscle *m)
{
    json_t *o = json_object();
    for (int i = 0; i < m->n_hazards; i++) {
        const tdn_region_set *s = &m->hazard_sites[i];
        if (!s->w[0] && !s->w[1]) continue;
        json_t *a = json_array();
        for (int k = 0; k < m->n_tp; k++)
            if (tdn_region_set_has(s, m->tp_sites[k]))
                json_array_append_new(a, json_string(tdn_region_at(m->tp_sites[k])->code));
        json_object_set_new(o, m->hazards[i], a);
    }
    return o;
}

/* [{"label": "sternal", "essential": [...], "spillover": [...]}, ...]; the
 * label is null for a muscle with one pattern. */
static json_t *patterns_json(const tdn_muscle *m)
{
    json_t *a = json_array();
    for (int i = 0; i < m->n_patterns; i++) {
        const tdn_pattern *p = &m->patterns[i];
        json_array_append_new(
            a, json_pack("{s:o, s:o, s:o}", "label",
                         m->n_patterns > 1 ? json_string(p->label) : json_null(), "essential",
                         zone_list_json(m->essential + p->ess_from, p->n_ess), "spillover",
                         zone_list_json(m->spillover + p->spill_from, p->n_spill)));
    }
    return a;
}

json_t *tdn_json_muscle(const tdn_kb *kb, const tdn_muscle *m)
{
    json_t *conds = json_array();
    for (int i = 0; i < m->n_conditions; i++)
        json_array_append_new(conds, json_string(kb->conditions[m->conditions[i]].id));
    return json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:s, s:b, s:b, s:o, s:o, s:o, s:s}", "id", m->id,
        "name", m->name, "area", m->area, "tp_sites", tdn_json_region_list(m->tp_sites, m->n_tp),
        "essential", zone_list_json(m->essential, m->n_essential), "spillover",
        zone_list_json(m->spillover, m->n_spillover), "patterns", patterns_json(m),
        "spillover_per_pattern", m->spill_per_pattern, "palpation", m->palpation, "palpable",
        m->palpable, "compressible", m->compressible, "hazards", hazards_json(m), "hazard_sites",
        hazard_sites_json(m), "conditions", conds, "source", m->source);
}

json_t *tdn_json_regions(void)
{
    static const char *views[] = {"", "front", "back", "both"};
    json_t *a = json_array();
    for (int i = 0; i < tdn_region_count(); i++) {
        const tdn_region_info *r = tdn_region_at(i);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:s}", "code", r->code, "name", r->name,
                                           "group", r->group, "view", views[r->view & 3]));
    }
    return json_pack("{s:o,s:[s,s,s]}", "regions", a, "sides", "L", "R", "B");
}

json_t *tdn_json_conditions(const tdn_kb *kb)
{
    json_t *a = json_array();
    for (int i = 0; i < kb->n_conditions; i++) {
        const tdn_condition *c = &kb->conditions[i];
        json_t *ms = json_array();
        for (int k = 0; k < c->n_muscles; k++)
            json_array_append_new(ms, json_string(kb->muscles[c->muscles[k]].id));
        json_t *as = json_array();
        for (int k = 0; k < kb->n_aliases; k++)
            if (kb->aliases[k].condition == i)
                json_array_append_new(as, json_string(kb->aliases[k].alias));
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:o,s:s}", "id", c->id, "name",
                                           c->name, "icd10", c->icd10, "aliases", as, "muscles", ms,
                                           "source", c->source));
    }
    return json_pack("{s:o}", "conditions", a);
}
