/* kbjson.c — knowledge base and locate results as JSON (see kbjson.h). */
#include "app/kbjson.h"

#include <math.h>
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

static json_t *hazards_json(const tdn_muscle *m)
{
    json_t *hz = json_array();
    for (int i = 0; i < m->n_hazards; i++)
        json_array_append_new(hz, json_string(m->hazards[i]));
    return hz;
}

/* ---- locate results, written as text -------------------------------------
 * A locate answer is built straight into a buffer: the web server answers
 * it on every body chart click, and a tree of jansson objects cost it more
 * than the ranking itself. Every string comes from the knowledge base
 * (validated UTF-8). */

static void put_key(tdn_buf *b, const char *key)
{
    if (b->len && b->data[b->len - 1] != '{') tdn_buf_putc(b, ',');
    tdn_buf_put_json_str(b, key);
    tdn_buf_putc(b, ':');
}

/* A real as jansson writes it (JSON_REAL_PRECISION(10)): "%.10g", with
 * ".0" when that reads as an integer. */
static void put_real(tdn_buf *b, double v)
{
    char s[40];
    if (!isfinite(v)) v = 0;
    snprintf(s, sizeof s, "%.10g", v);
    tdn_buf_put(b, s);
    if (!strpbrk(s, ".eE")) tdn_buf_put(b, ".0");
}

static void put_item(tdn_buf *b, bool *first, const char *s)
{
    if (!*first) tdn_buf_putc(b, ',');
    *first = false;
    tdn_buf_put_json_str(b, s);
}

static void put_regions(tdn_buf *b, const short *regions, int n)
{
    bool first = true;
    tdn_buf_putc(b, '[');
    for (int i = 0; i < n; i++)
        put_item(b, &first, tdn_region_at(regions[i])->code);
    tdn_buf_putc(b, ']');
}

static void put_explains(tdn_buf *b, const tdn_candidate *c, const tdn_pain *pains, int n, int kind)
{
    bool first = true;
    tdn_buf_putc(b, '[');
    for (int j = 0; j < n; j++) {
        if (c->explains[j] != kind) continue;
        char s[64];
        snprintf(s, sizeof s, "%s:%c", tdn_region_at(pains[j].region)->code, pains[j].side);
        put_item(b, &first, s);
    }
    tdn_buf_putc(b, ']');
}

/* The non-empty lines of text as a JSON array of strings; frees text. */
static void put_lines(tdn_buf *b, tdn_buf *text)
{
    bool first = true;
    tdn_buf_putc(b, '[');
    for (const char *p = tdn_buf_str(text); *p;) {
        size_t len = strcspn(p, "\n");
        if (len) {
            if (!first) tdn_buf_putc(b, ',');
            first = false;
            tdn_buf_put_json_strn(b, p, len);
        }
        p += len + (p[len] == '\n');
    }
    tdn_buf_putc(b, ']');
    b->oom |= text->oom;
    tdn_buf_free(text);
}

static void put_reasons(tdn_buf *b, const tdn_kb *kb, const tdn_candidate *c, const tdn_pain *pains,
                        int n)
{
    tdn_buf r = {0};
    tdn_locate_reasons(kb, c, pains, n, &r);
    put_lines(b, &r);
}

/* The label of the candidate's pattern, or null for a single-pattern muscle. */
static void put_pattern(tdn_buf *b, const tdn_kb *kb, const tdn_candidate *c)
{
    if (kb->muscles[c->muscle].n_patterns < 2) return tdn_buf_put(b, "null");
    tdn_buf name = {0};
    tdn_locate_pattern_name(kb, c, &name);
    tdn_buf_put_json_str(b, tdn_buf_str(&name));
    b->oom |= name.oom;
    tdn_buf_free(&name);
}

static void put_candidate(tdn_buf *b, const tdn_kb *kb, const tdn_candidate *c,
                          const tdn_pain *pains, int n_pain)
{
    const tdn_muscle *m = &kb->muscles[c->muscle];
    char side[2] = {c->side, 0};
    tdn_buf_putc(b, '{');
    put_key(b, "muscle");
    tdn_buf_put_json_str(b, m->id);
    put_key(b, "name");
    tdn_buf_put_json_str(b, m->name);
    put_key(b, "side");
    tdn_buf_put_json_str(b, side);
    put_key(b, "score");
    put_real(b, round3(c->score));
    put_key(b, "pattern");
    put_pattern(b, kb, c);
    put_key(b, "reasons");
    put_reasons(b, kb, c, pains, n_pain);
    put_key(b, "explains");
    tdn_buf_putc(b, '{');
    put_key(b, "essential");
    put_explains(b, c, pains, n_pain, TDN_EXPLAINS_ESSENTIAL);
    put_key(b, "spillover");
    put_explains(b, c, pains, n_pain, TDN_EXPLAINS_SPILLOVER);
    put_key(b, "unexplained");
    put_explains(b, c, pains, n_pain, TDN_EXPLAINS_NOT);
    tdn_buf_putc(b, '}');
    put_key(b, "coverage");
    put_real(b, round3(c->coverage));
    put_key(b, "specificity");
    put_real(b, round3(c->specificity));
    put_key(b, "tp_sites");
    put_regions(b, m->tp_sites, m->n_tp);
    put_key(b, "palpation");
    tdn_buf_put_json_str(b, m->palpation);
    put_key(b, "palpable");
    tdn_buf_put(b, m->palpable ? "true" : "false");
    put_key(b, "hazards");
    tdn_buf_putc(b, '[');
    bool first = true;
    for (int i = 0; i < m->n_hazards; i++)
        put_item(b, &first, m->hazards[i]);
    tdn_buf_putc(b, ']');
    if (c->palpated) {
        put_key(b, "palpated");
        tdn_buf_put_json_str(b, c->palpated > 0 ? "+" : "-");
    }
    tdn_buf_putc(b, '}');
}

/* "palpate_first": the hint lines of tdn_locate_palpate_first, or []. */
static void put_palpate_first(tdn_buf *b, const tdn_kb *kb, const tdn_candidate *out, int n,
                              bool hints)
{
    tdn_buf h = {0};
    if (hints) tdn_locate_palpate_first(kb, out, n, &h);
    tdn_buf_put(b, ",\"palpate_first\":");
    put_lines(b, &h);
}

void tdn_json_candidates_text(const tdn_kb *kb, const tdn_candidate *out, int n,
                              const tdn_pain *pains, int n_pain, bool hints, tdn_buf *b)
{
    tdn_buf_put(b, "{\"candidates\":[");
    for (int i = 0; i < n; i++) {
        if (i) tdn_buf_putc(b, ',');
        put_candidate(b, kb, &out[i], pains, n_pain);
    }
    tdn_buf_putc(b, ']');
    put_palpate_first(b, kb, out, n, hints);
    tdn_buf_putc(b, '}');
}

json_t *tdn_json_candidates(const tdn_kb *kb, const tdn_candidate *out, int n,
                            const tdn_pain *pains, int n_pain, bool hints)
{
    tdn_buf b = {0};
    tdn_json_candidates_text(kb, out, n, pains, n_pain, hints, &b);
    json_t *v = b.oom ? NULL : json_loads(tdn_buf_str(&b), 0, NULL);
    tdn_buf_free(&b);
    return v;
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
