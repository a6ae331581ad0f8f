/* kb.c — parsing and validating the knowledge base (see kb.h). */
#include "core/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/body.h"
#include "core/icd.h"

enum {
    C_ID,
    C_NAME,
    C_AREA,
    C_TP,
    C_ESS,
    C_SPILL,
    C_PALP,
    C_PALPABLE,
    C_COMP,
    C_HAZ,
    C_COND,
    C_SRC,
    C_NCOLS
};
static const char *const muscle_cols[] = {"id",           "name",      "area",       "tp_sites",
                                          "essential",    "spillover", "palpation",  "palpable",
                                          "compressible", "hazards",   "conditions", "source"};

enum { K_ID, K_NAME, K_ICD, K_MUSCLES, K_SRC, K_NCOLS };
static const char *const condition_cols[] = {"id", "name", "icd10", "muscles", "source"};

static const char *const areas[] = {"head_neck", "shoulder",  "arm",
                                    "trunk",     "hip_thigh", "leg_foot"};

/* Copies s into dst[cap]; fails with a field error when it does not fit. */
static int copy_field(const tdn_tsv *t, tdn_err *err, int col, char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) return tdn_tsv_fail(t, err, col, "longer than %zu characters", cap - 1);
    memcpy(dst, s, n + 1);
    return TDN_OK;
}

static bool valid_id(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

static int parse_regions(const tdn_tsv *t, tdn_err *err, int col, char *s, short *out, int max,
                         int *n_out)
{
    char *items[TDN_MAX_ZONES + 1];
    int n = tdn_split_list(s, items, max);
    if (n < 0) return tdn_tsv_fail(t, err, col, "more than %d regions", max);
    for (int i = 0; i < n; i++) {
        int r = tdn_region_find(items[i]);
        if (r < 0)
            return tdn_tsv_fail(t, err, col, "unknown region code '%s' (did you mean '%s'?)",
                                items[i], tdn_region_closest(items[i]));
        out[i] = (short)r;
    }
    *n_out = n;
    return TDN_OK;
}

/* Zones "code[:C|:B],..." into out[0..cap); where ("" or "pattern 'x': ")
 * prefixes the problem. */
static int parse_zones(const tdn_tsv *t, tdn_err *err, int col, char *s, tdn_zone *out, int cap,
                       int *n_out, const char *where)
{
    char *items[TDN_MAX_ZONES + 1];
    int n = tdn_split_list(s, items, cap);
    if (n < 0) return tdn_tsv_fail(t, err, col, "more than %d zones in all", TDN_MAX_ZONES);
    for (int i = 0; i < n; i++) {
        char *colon = strchr(items[i], ':');
        char rel = TDN_REL_IPSI;
        if (colon) {
            *colon = '\0';
            if (strcmp(colon + 1, "C") == 0)
                rel = TDN_REL_CONTRA;
            else if (strcmp(colon + 1, "B") == 0)
                rel = TDN_REL_BOTH;
            else
                return tdn_tsv_fail(t, err, col,
                                    "%sunknown side '%s' for '%s' (use :C contralateral or :B "
                                    "both)",
                                    where, colon + 1, items[i]);
        }
        int r = tdn_region_find(items[i]);
        if (r < 0)
            return tdn_tsv_fail(t, err, col, "%sunknown region code '%s' (did you mean '%s'?)",
                                where, items[i], tdn_region_closest(items[i]));
        out[i] = (tdn_zone){.region = (short)r, .rel = rel};
    }
    *n_out = n;
    return TDN_OK;
}

/* Splits s in place at '|' into parts[0..max); returns the count or -1. */
static int split_patterns(char *s, char **parts, int max)
{
    int n = 0;
    for (char *p = s;; p++) {
        if (n == max) return -1;
        parts[n++] = p;
        p = strchr(p, '|');
        if (!p) return n;
        *p = '\0';
    }
}

/* The essential column: "zones" or "[label=]zones|[label=]zones|...". */
static int parse_essential(const tdn_tsv *t, tdn_err *err, char *s, tdn_muscle *m)
{
    char *parts[TDN_MAX_PATTERNS];
    int n = split_patterns(s, parts, TDN_MAX_PATTERNS);
    if (n < 0)
        return tdn_tsv_fail(t, err, C_ESS, "more than %d patterns (separated by '|')",
                            TDN_MAX_PATTERNS);
    for (int i = 0; i < n; i++) {
        tdn_pattern *p = &m->patterns[i];
        char *zones = parts[i], *eq = strchr(parts[i], '=');
        if (eq && n == 1) return tdn_tsv_fail(t, err, C_ESS, "a label needs several patterns");
        if (eq) {
            *eq = '\0';
            zones = eq + 1;
            if (!valid_id(parts[i]) || strlen(parts[i]) >= sizeof p->label)
                return tdn_tsv_fail(t, err, C_ESS,
                                    "pattern label '%s' must be lower snake case, at most %zu "
                                    "characters",
                                    parts[i], sizeof p->label - 1);
            strcpy(p->label, parts[i]);
        } else if (n > 1) {
            snprintf(p->label, sizeof p->label, "trp%d", i + 1);
        }
        for (int k = 0; k < i; k++)
            if (strcmp(m->patterns[k].label, p->label) == 0)
                return tdn_tsv_fail(t, err, C_ESS, "pattern label '%s' given twice", p->label);
        char where[TDN_PATTERN_LABEL_MAX + 16] = "";
        if (n > 1) snprintf(where, sizeof where, "pattern '%s': ", p->label);
        if (!*zones) return tdn_tsv_fail(t, err, C_ESS, "%sno zones", where);
        p->ess_from = m->n_essential;
        if (parse_zones(t, err, C_ESS, zones, m->essential + p->ess_from,
                        TDN_MAX_ZONES - p->ess_from, &p->n_ess, where))
            return TDN_EINPUT;
        if (p->n_ess == 0)
            return tdn_tsv_fail(t, err, C_ESS, "%sat least one zone is required", where);
        m->n_essential += p->n_ess;
    }
    m->n_patterns = n;
    return TDN_OK;
}

/* The spillover column: one list for every pattern, or one per pattern. */
static int parse_spillover(const tdn_tsv *t, tdn_err *err, char *s, tdn_muscle *m)
{
    char *parts[TDN_MAX_PATTERNS];
    int n = split_patterns(s, parts, TDN_MAX_PATTERNS);
    bool labelled = false;
    for (int i = 0; i < n; i++)
        labelled |= strchr(parts[i], '=') != NULL;
    if (n < 0 || labelled || (n > 1 && n != m->n_patterns))
        return tdn_tsv_fail(t, err, C_SPILL,
                            "give one list for every pattern or one per essential pattern "
                            "(%d), in the same order, without labels",
                            m->n_patterns);
    m->spill_per_pattern = n > 1;
    for (int i = 0; i < n; i++) {
        tdn_pattern *p = &m->patterns[i];
        char where[TDN_PATTERN_LABEL_MAX + 16] = "";
        if (n > 1) snprintf(where, sizeof where, "pattern '%s': ", p->label);
        if (!*parts[i]) return tdn_tsv_fail(t, err, C_SPILL, "%sno zones (write -)", where);
        p->spill_from = m->n_spillover;
        if (parse_zones(t, err, C_SPILL, parts[i], m->spillover + p->spill_from,
                        TDN_MAX_ZONES - p->spill_from, &p->n_spill, where))
            return TDN_EINPUT;
        m->n_spillover += p->n_spill;
    }
    for (int i = n; i < m->n_patterns; i++) { /* shared */
        m->patterns[i].spill_from = 0;
        m->patterns[i].n_spill = m->n_spillover;
    }
    return TDN_OK;
}

static int parse_yn(const tdn_tsv *t, tdn_err *err, int col, const char *s, bool *out)
{
    if (strcmp(s, "y") == 0)
        *out = true;
    else if (strcmp(s, "n") == 0)
        *out = false;
    else
        return tdn_tsv_fail(t, err, col, "'%s' must be y or n", s);
    return TDN_OK;
}

/* "site+site" after '@': trigger point sites of m where hazard h applies. */
static int parse_hazard_sites(const tdn_tsv *t, tdn_err *err, const char *h, char *sites,
                              const tdn_muscle *m, tdn_region_set *out)
{
    char *save = NULL;
    for (char *site = strtok_r(sites, "+", &save); site; site = strtok_r(NULL, "+", &save)) {
        int r = tdn_region_find(site);
        if (r < 0 || !tdn_muscle_site_in(m, r))
            return tdn_tsv_fail(t, err, C_HAZ, "'%s@%s': '%s' is not one of the tp_sites", h, site,
                                site);
        tdn_region_set_add(out, r);
    }
    if (!out->w[0] && !out->w[1])
        return tdn_tsv_fail(t, err, C_HAZ, "'%s@': name the sites after '@'", h);
    return TDN_OK;
}

static int parse_hazards(const tdn_tsv *t, tdn_err *err, char *s, tdn_muscle *m)
{
    char *items[TDN_MAX_HAZARDS + 1];
    int n = tdn_split_list(s, items, TDN_MAX_HAZARDS);
    if (n < 0) return tdn_tsv_fail(t, err, C_HAZ, "more than %d hazards", TDN_MAX_HAZARDS);
    for (int i = 0; i < n; i++) {
        char *h = items[i];
        char *at = strchr(h, '@');
        if (at) {
            *at = '\0';
            if (parse_hazard_sites(t, err, h, at + 1, m, &m->hazard_sites[i])) return TDN_EINPUT;
        }
        bool ok = strcmp(h, "lung") == 0;
        static const char *const kinds[] = {"nerve:", "vessel:", "organ:"};
        for (int k = 0; k < 3 && !ok; k++)
            ok = strncmp(h, kinds[k], strlen(kinds[k])) == 0 && valid_id(h + strlen(kinds[k]));
        if (!ok)
            return tdn_tsv_fail(t, err, C_HAZ,
                                "'%s' is not lung, nerve:NAME, vessel:NAME or organ:NAME", h);
        if (copy_field(t, err, C_HAZ, m->hazards[i], TDN_ID_MAX, h)) return TDN_EINPUT;
    }
    m->n_hazards = n;
    return TDN_OK;
}

static int parse_muscle_conditions(const tdn_kb *kb, const tdn_tsv *t, tdn_err *err, char *s,
                                   tdn_muscle *m)
{
    char *items[TDN_MAX_MUSCLE_CONDITIONS + 1];
    int n = tdn_split_list(s, items, TDN_MAX_MUSCLE_CONDITIONS);
    if (n < 0) return tdn_tsv_fail(t, err, C_COND, "too many conditions");
    for (int i = 0; i < n; i++) {
        int c = tdn_kb_condition_find(kb, items[i]);
        if (c < 0)
            return tdn_tsv_fail(t, err, C_COND, "unknown condition '%s' (did you mean '%s'?)",
                                items[i], tdn_kb_condition_closest(kb, items[i]));
        m->conditions[i] = (short)c;
    }
    m->n_conditions = n;
    return TDN_OK;
}

static int zone_sets_count(const tdn_zone_sets *z)
{
    int n = 0;
    for (int k = 0; k < 2; k++)
        n += __builtin_popcountll(z->ipsi.w[k]) + __builtin_popcountll(z->contra.w[k]) +
             __builtin_popcountll(z->both.w[k]);
    return n;
}

static void zone_sets(const tdn_zone *z, int n, tdn_zone_sets *out)
{
    for (int i = 0; i < n; i++) {
        tdn_region_set *set = z[i].rel == TDN_REL_CONTRA ? &out->contra
                              : z[i].rel == TDN_REL_BOTH ? &out->both
                                                         : &out->ipsi;
        tdn_region_set_add(set, z[i].region);
    }
}

static int parse_muscle(tdn_kb *kb, const tdn_tsv *t, char **f, tdn_muscle *m, tdn_err *err)
{
    if (!valid_id(f[C_ID]))
        return tdn_tsv_fail(t, err, C_ID, "'%s' is not lower snake case", f[C_ID]);
    if (tdn_kb_muscle_find(kb, f[C_ID]) >= 0)
        return tdn_tsv_fail(t, err, C_ID, "duplicate id '%s'", f[C_ID]);
    if (copy_field(t, err, C_ID, m->id, sizeof m->id, f[C_ID]) ||
        copy_field(t, err, C_NAME, m->name, sizeof m->name, f[C_NAME]) ||
        copy_field(t, err, C_SRC, m->source, sizeof m->source, f[C_SRC]))
        return TDN_EINPUT;
    bool area_ok = false;
    for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++)
        area_ok |= strcmp(f[C_AREA], areas[i]) == 0;
    if (!area_ok) return tdn_tsv_fail(t, err, C_AREA, "unknown area '%s'", f[C_AREA]);
    strcpy(m->area, f[C_AREA]);
    if (strcmp(f[C_PALP], "pincer") != 0 && strcmp(f[C_PALP], "flat") != 0)
        return tdn_tsv_fail(t, err, C_PALP, "'%s' must be pincer or flat", f[C_PALP]);
    strcpy(m->palpation, f[C_PALP]);
    if (parse_regions(t, err, C_TP, f[C_TP], m->tp_sites, TDN_MAX_TP, &m->n_tp) ||
        parse_essential(t, err, f[C_ESS], m) || parse_spillover(t, err, f[C_SPILL], m) ||
        parse_yn(t, err, C_PALPABLE, f[C_PALPABLE], &m->palpable) ||
        parse_yn(t, err, C_COMP, f[C_COMP], &m->compressible) ||
        parse_hazards(t, err, f[C_HAZ], m) || parse_muscle_conditions(kb, t, err, f[C_COND], m))
        return TDN_EINPUT;
    zone_sets(m->essential, m->n_essential, &m->essential_sets);
    zone_sets(m->spillover, m->n_spillover, &m->spillover_sets);
    m->n_ess_regions = zone_sets_count(&m->essential_sets);
    for (int i = 0; i < m->n_patterns; i++) {
        tdn_pattern *p = &m->patterns[i];
        zone_sets(m->essential + p->ess_from, p->n_ess, &p->essential_sets);
        zone_sets(m->spillover + p->spill_from, p->n_spill, &p->spillover_sets);
        p->n_ess_regions = zone_sets_count(&p->essential_sets);
    }
    if (m->n_tp == 0) return tdn_tsv_fail(t, err, C_TP, "at least one site is required");
    if (m->n_essential == 0) return tdn_tsv_fail(t, err, C_ESS, "at least one zone is required");
    return TDN_OK;
}

/* Upper bound on the rows of a file: its number of lines. */
static size_t max_rows(const tdn_text_file *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->text[i] == '\n';
    return n;
}

/* Parses every row of file into rows (room for max_rows(file) rows of `size`
 * bytes), counting them in *count as they are accepted. */
typedef int (*row_parser)(tdn_kb *kb, const tdn_tsv *t, char **f, void *row, tdn_err *err);

static int load_rows(tdn_kb *kb, const tdn_text_file *file, const char *const *cols, int ncols,
                     size_t size, void *rows, int *count, row_parser parse, tdn_err *err)
{
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, file, cols, ncols, err);
    if (rc) return rc;
    char *f[TDN_TSV_MAX_COLS];
    int r;
    while ((r = tdn_tsv_next(&t, f, err)) == 1) {
        void *row = (char *)rows + (size_t)*count * size;
        if ((rc = parse(kb, &t, f, row, err))) {
            tdn_tsv_close(&t);
            return rc;
        }
        (*count)++;
    }
    tdn_tsv_close(&t);
    return r < 0 ? TDN_EINPUT : TDN_OK;
}

/* Condition rows keep their muscle list as text until the muscles are known. */
typedef struct pending_condition {
    tdn_condition c;
    char muscles[1024];
    int line;
} pending_condition;

static int parse_condition(tdn_kb *kb, const tdn_tsv *t, char **f, void *row, tdn_err *err)
{
    pending_condition *p = row;
    if (!valid_id(f[K_ID]))
        return tdn_tsv_fail(t, err, K_ID, "'%s' is not lower snake case", f[K_ID]);
    for (int i = 0; i < kb->n_conditions; i++)
        if (strcmp(kb->conditions[i].id, f[K_ID]) == 0)
            return tdn_tsv_fail(t, err, K_ID, "duplicate id '%s'", f[K_ID]);
    p->line = t->line;
    if (copy_field(t, err, K_ID, p->c.id, sizeof p->c.id, f[K_ID]) ||
        copy_field(t, err, K_NAME, p->c.name, sizeof p->c.name, f[K_NAME]) ||
        copy_field(t, err, K_ICD, p->c.icd10, sizeof p->c.icd10, f[K_ICD]) ||
        copy_field(t, err, K_MUSCLES, p->muscles, sizeof p->muscles, f[K_MUSCLES]) ||
        copy_field(t, err, K_SRC, p->c.source, sizeof p->c.source, f[K_SRC]))
        return TDN_EINPUT;
    /* Publish the id at once so that later rows and muscles.tsv can refer to it. */
    strcpy(kb->conditions[kb->n_conditions++].id, p->c.id);
    return TDN_OK;
}

static int muscle_row(tdn_kb *kb, const tdn_tsv *t, char **f, void *row, tdn_err *err)
{
    /* kb->muscles may move while rows are appended; lookups use the rows loaded so far. */
    return parse_muscle(kb, t, f, row, err);
}

static int resolve_condition_muscles(tdn_kb *kb, pending_condition *p, int n, tdn_err *err)
{
    for (int i = 0; i < n; i++) {
        kb->conditions[i] = p[i].c;
        char *items[TDN_MAX_CONDITION_MUSCLES + 1];
        int k = tdn_split_list(p[i].muscles, items, TDN_MAX_CONDITION_MUSCLES);
        if (k < 0)
            return tdn_err_set(err, TDN_EINPUT, "conditions.tsv:%d: muscles: more than %d",
                               p[i].line, TDN_MAX_CONDITION_MUSCLES);
        for (int j = 0; j < k; j++) {
            int m = tdn_kb_muscle_find(kb, items[j]);
            if (m < 0)
                return tdn_err_set(err, TDN_EINPUT,
                                   "conditions.tsv:%d: muscles: unknown muscle '%s' (did you mean "
                                   "'%s'?)",
                                   p[i].line, items[j], tdn_kb_muscle_closest(kb, items[j]));
            kb->conditions[i].muscles[j] = (short)m;
        }
        kb->conditions[i].n_muscles = k;
    }
    return TDN_OK;
}

int tdn_kb_load(tdn_kb **out, const tdn_text_file *files, size_t n, tdn_err *err)
{
    *out = NULL;
    const tdn_text_file *mf = tdn_text_file_find(files, n, "muscles.tsv");
    const tdn_text_file *cf = tdn_text_file_find(files, n, "conditions.tsv");
    if (!mf || !cf)
        return tdn_err_set(err, TDN_EINPUT, "knowledge base: %s is missing",
                           mf ? "conditions.tsv" : "muscles.tsv");
    tdn_kb *kb = calloc(1, sizeof *kb);
    pending_condition *pc = calloc(max_rows(cf), sizeof *pc);
    if (kb) kb->conditions = calloc(max_rows(cf), sizeof *kb->conditions);
    if (kb) kb->muscles = calloc(max_rows(mf), sizeof *kb->muscles);
    int rc = TDN_OK, n_pending = 0;
    if (!kb || !pc || !kb->conditions || !kb->muscles)
        rc = tdn_err_set(err, TDN_ESYS, "knowledge base: out of memory");
    /* Conditions first: their ids are needed by the muscle rows; their muscle
     * lists are resolved once every muscle is known. */
    if (!rc)
        rc = load_rows(kb, cf, condition_cols, K_NCOLS, sizeof *pc, pc, &n_pending, parse_condition,
                       err);
    if (!rc)
        rc = load_rows(kb, mf, muscle_cols, C_NCOLS, sizeof(tdn_muscle), kb->muscles,
                       &kb->n_muscles, muscle_row, err);
    if (!rc) rc = resolve_condition_muscles(kb, pc, n_pending, err);
    const tdn_text_file *af = tdn_text_file_find(files, n, "condition_aliases.tsv");
    if (!rc && af) rc = tdn_kb_load_aliases(kb, af, err);
    if (!rc) rc = tdn_icd_load(kb, files, n, err);
    free(pc);
    if (rc) {
        tdn_kb_free(kb);
        return rc;
    }
    *out = kb;
    return TDN_OK;
}

void tdn_kb_free(tdn_kb *kb)
{
    if (!kb) return;
    free(kb->muscles);
    free(kb->conditions);
    free(kb->aliases);
    free(kb->icd);
    free(kb);
}

int tdn_kb_muscle_find(const tdn_kb *kb, const char *id)
{
    for (int i = 0; i < kb->n_muscles; i++)
        if (strcmp(kb->muscles[i].id, id) == 0) return i;
    return -1;
}

int tdn_kb_condition_find(const tdn_kb *kb, const char *id)
{
    for (int i = 0; i < kb->n_conditions; i++)
        if (strcmp(kb->conditions[i].id, id) == 0) return i;
    return -1;
}

static const char *closest(const char *id, const char *base, size_t stride, int n)
{
    const char *best = "";
    int best_d = 1 << 30;
    for (int i = 0; i < n; i++) {
        const char *cand = base + (size_t)i * stride;
        int d = tdn_edit_distance(id, cand);
        if (*id && strstr(cand, id)) d /= 2;
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}

const char *tdn_kb_muscle_closest(const tdn_kb *kb, const char *id)
{
    return closest(id, kb->muscles ? kb->muscles[0].id : "", sizeof(tdn_muscle), kb->n_muscles);
}

const char *tdn_kb_condition_closest(const tdn_kb *kb, const char *id)
{
    const char *by_id = closest(id, kb->conditions ? kb->conditions[0].id : "",
                                sizeof(tdn_condition), kb->n_conditions);
    if (!kb->n_aliases) return by_id;
    const char *by_alias =
        closest(id, kb->aliases[0].alias, sizeof(tdn_condition_alias), kb->n_aliases);
    return tdn_edit_distance(id, by_alias) < tdn_edit_distance(id, by_id) ? by_alias : by_id;
}

bool tdn_muscle_has_hazard(const tdn_muscle *m, const char *h)
{
    size_t n = strlen(h);
    bool prefix = n && h[n - 1] == ':';
    for (int i = 0; i < m->n_hazards; i++)
        if (prefix ? strncmp(m->hazards[i], h, n) == 0 : strcmp(m->hazards[i], h) == 0) return true;
    return false;
}

bool tdn_muscle_hazard_i_at(const tdn_muscle *m, int i, int region)
{
    const tdn_region_set *s = &m->hazard_sites[i];
    return region < 0 || (!s->w[0] && !s->w[1]) || tdn_region_set_has(s, region);
}

bool tdn_muscle_hazard_at(const tdn_muscle *m, const char *h, int region)
{
    size_t n = strlen(h);
    bool prefix = n && h[n - 1] == ':';
    for (int i = 0; i < m->n_hazards; i++) {
        bool same = prefix ? strncmp(m->hazards[i], h, n) == 0 : strcmp(m->hazards[i], h) == 0;
        if (same && tdn_muscle_hazard_i_at(m, i, region)) return true;
    }
    return false;
}

bool tdn_muscle_site_in(const tdn_muscle *m, int region)
{
    for (int i = 0; i < m->n_tp; i++)
        if (m->tp_sites[i] == region) return true;
    return false;
}
