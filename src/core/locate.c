/* locate.c — ranking the muscles whose trigger points refer pain to a map.
 *
 * Score of muscle m on side s for a drawing of weighted regions:
 *   coverage    = sum(w * e) / sum(w), e = 1 for a region in m's essential
 *                 zone, 0.35 for one only in its spillover zone, 0 otherwise;
 *   specificity = share of m's essential zone regions that were drawn;
 *   score       = coverage * (0.65 + 0.35 * specificity).
 * A muscle whose essential zone explains the drawing therefore always beats
 * one that only reaches it with spillover (>= 0.65 x vs <= 0.35 x), and a
 * muscle with a huge zone does not win by size alone: it loses specificity for
 * every region of its zone the patient did not draw.
 *
 * A muscle whose row gives one pattern per trigger point (kb.h) is scored
 * against each pattern on its own and against all of them at once (several
 * trigger points active together); the best of these is its score, so a
 * drawing of one sub-pattern is not penalised for the other trigger points'
 * zones, and the reasons describe the chosen pattern. A --condition prior
 * blends in the condition's muscle list (first listed weighs most).
 *
 * Sides: each muscle is scored on the left and on the right; when pain is
 * drawn on both sides and the muscle on both sides (side B) explains more
 * than either side alone, the candidate is B. */
#include "core/locate.h"

#include <string.h>

#define SPILL_WEIGHT 0.35
#define SPEC_BASE 0.65
#define PRIOR_BLEND 0.25

static double pain_weight(const tdn_pain *p)
{
    return p->intensity < 0 ? 0.6 : 0.2 + 0.08 * p->intensity;
}

static bool sets_match(const tdn_zone_sets *z, char side, const tdn_pain *p)
{
    int r = p->region;
    if (tdn_region_set_has(&z->both, r)) return true;
    if (p->side == 'B' || side == 'B')
        return tdn_region_set_has(&z->ipsi, r) || tdn_region_set_has(&z->contra, r);
    return tdn_region_set_has(p->side == side ? &z->ipsi : &z->contra, r);
}

static enum tdn_explain explain(const tdn_zone_sets *ess, const tdn_zone_sets *spill, char side,
                                const tdn_pain *p)
{
    if (sets_match(ess, side, p)) return TDN_EXPLAINS_ESSENTIAL;
    if (sets_match(spill, side, p)) return TDN_EXPLAINS_SPILLOVER;
    return TDN_EXPLAINS_NOT;
}

enum tdn_explain tdn_locate_explain(const tdn_muscle *m, char side, const tdn_pain *p)
{
    return explain(&m->essential_sets, &m->spillover_sets, side, p);
}

/* The drawing as region sets: drawn on the left, on the right, midline. */
typedef struct drawing {
    tdn_region_set left, right, mid, any;
} drawing;

static bool set_empty(const tdn_region_set *s)
{
    return !s->w[0] && !s->w[1];
}

static int popcount_and(const tdn_region_set *a, const tdn_region_set *b)
{
    return __builtin_popcountll(a->w[0] & b->w[0]) + __builtin_popcountll(a->w[1] & b->w[1]);
}

static tdn_region_set set_or(const tdn_region_set *a, const tdn_region_set *b)
{
    return (tdn_region_set){{a->w[0] | b->w[0], a->w[1] | b->w[1]}};
}

/* Share of the n_zones essential zones z (on side s) that some drawn region hits. */
static double specificity(const tdn_zone_sets *z, int n_zones, char side, const drawing *d)
{
    int hit = popcount_and(&z->both, &d->any);
    if (side == 'B') {
        hit += popcount_and(&z->ipsi, &d->any) + popcount_and(&z->contra, &d->any);
    } else {
        tdn_region_set same = set_or(side == 'L' ? &d->left : &d->right, &d->mid);
        tdn_region_set other = set_or(side == 'L' ? &d->right : &d->left, &d->mid);
        hit += popcount_and(&z->ipsi, &same) + popcount_and(&z->contra, &other);
    }
    return n_zones ? (double)hit / n_zones : 0.0;
}

static double condition_prior(const tdn_kb *kb, int condition, int muscle)
{
    if (condition < 0) return -1;
    const tdn_condition *c = &kb->conditions[condition];
    for (int i = 0; i < c->n_muscles; i++)
        if (c->muscles[i] == muscle)
            return 1.0 - 0.5 * i / (c->n_muscles > 1 ? c->n_muscles - 1 : 1);
    return 0;
}

/* One pattern's fit: the weighted coverage of the drawing and, when that is
 * not 0, the score; explains[] gets how each pain is explained. */
typedef struct fit {
    double coverage, specificity, score;
    uint8_t explains[TDN_LOCATE_MAX_PAIN];
} fit;

static void fit_sets(const tdn_zone_sets *ess, const tdn_zone_sets *spill, int n_zones, char side,
                     const tdn_pain *pains, int n, const drawing *d, double total_w, fit *f)
{
    double covered = 0;
    for (int j = 0; j < n; j++) {
        enum tdn_explain e = explain(ess, spill, side, &pains[j]);
        f->explains[j] = (uint8_t)e;
        covered += pain_weight(&pains[j]) * (e == TDN_EXPLAINS_ESSENTIAL   ? 1.0
                                             : e == TDN_EXPLAINS_SPILLOVER ? SPILL_WEIGHT
                                                                           : 0);
    }
    f->coverage = covered / total_w;
    f->specificity = f->score = 0;
    if (covered > 0) {
        f->specificity = specificity(ess, n_zones, side, d);
        f->score = f->coverage * (SPEC_BASE + (1 - SPEC_BASE) * f->specificity);
    }
}

static void take_fit(tdn_candidate *c, const fit *f, int pattern, int n)
{
    c->coverage = f->coverage;
    c->specificity = f->specificity;
    c->score = f->score;
    c->pattern = pattern;
    memcpy(c->explains, f->explains, (size_t)n);
}

/* Whether the drawing covers one of m's trigger point sites on side s. */
static bool site_drawn(const tdn_muscle *m, char side, const drawing *d)
{
    const tdn_region_set *same = side == 'L' ? &d->left : side == 'R' ? &d->right : &d->any;
    for (int i = 0; i < m->n_tp; i++)
        if (tdn_region_set_has(same, m->tp_sites[i]) || tdn_region_set_has(&d->mid, m->tp_sites[i]))
            return true;
    return false;
}

static void score_one(const tdn_kb *kb, int mi, char side, const tdn_pain *pains, int n,
                      const drawing *d, double total_w, int condition, tdn_candidate *c)
{
    const tdn_muscle *m = &kb->muscles[mi];
    c->muscle = mi;
    c->side = side;
    c->palpated = 0;
    c->condition_prior = false;
    c->site_drawn = site_drawn(m, side, d);
    /* All patterns at once first: most muscles explain nothing, and then no
     * single pattern can either. */
    fit all;
    fit_sets(&m->essential_sets, &m->spillover_sets, m->n_ess_regions, side, pains, n, d, total_w,
             &all);
    take_fit(c, &all, m->n_patterns > 1 ? TDN_PATTERN_ALL : 0, n);
    if (all.score > 0 && m->n_patterns > 1) {
        for (int i = 0; i < m->n_patterns; i++) {
            const tdn_pattern *p = &m->patterns[i];
            fit one;
            fit_sets(&p->essential_sets, &p->spillover_sets, p->n_ess_regions, side, pains, n, d,
                     total_w, &one);
            /* ties: one trigger point over several, the first listed over later ones */
            if (one.score > c->score || (one.score == c->score && c->pattern == TDN_PATTERN_ALL))
                take_fit(c, &one, i, n);
        }
    }
    double prior = condition_prior(kb, condition, mi);
    if (prior >= 0) {
        c->condition_prior = prior > 0;
        /* A listed muscle that explains nothing is still offered, but only on
         * a side the patient drew pain on (or midline). */
        bool side_drawn = side == 'B' ||
                          (side == 'L' ? !set_empty(&d->left) : !set_empty(&d->right)) ||
                          !set_empty(&d->mid);
        if (c->score > 0 || (prior > 0 && side_drawn))
            c->score = (1 - PRIOR_BLEND) * c->score + PRIOR_BLEND * prior;
    }
}

/* Best first; on a tie the muscle whose trigger point site lies in the
 * drawing comes first (pain at the muscle itself plus its referral is the
 * commonest presentation, and the tender spot is where the patient points),
 * then the muscle a clinician can palpate by hand (its trigger point can be
 * confirmed before needling), then by id. */
static bool better(const tdn_kb *kb, const tdn_candidate *a, const tdn_candidate *b)
{
    if (a->score != b->score) return a->score > b->score;
    if (a->site_drawn != b->site_drawn) return a->site_drawn;
    bool pa = kb->muscles[a->muscle].palpable, pb = kb->muscles[b->muscle].palpable;
    if (pa != pb) return pa;
    int cmp = strcmp(kb->muscles[a->muscle].id, kb->muscles[b->muscle].id);
    return cmp != 0 ? cmp < 0 : a->side < b->side;
}

/* Inserts c into the sorted top list out[0..*n) of capacity max. */
static void keep_best(const tdn_kb *kb, tdn_candidate *out, int max, int *n, const tdn_candidate *c)
{
    if (c->score <= 0 || max <= 0) return;
    if (*n == max && !better(kb, c, &out[max - 1])) return;
    int i = *n < max ? (*n)++ : max - 1;
    while (i > 0 && better(kb, c, &out[i - 1])) {
        out[i] = out[i - 1];
        i--;
    }
    out[i] = *c;
}

/* Checks the map and builds its drawing, total weight and lateral flag. */
static int build_drawing(const tdn_pain *pains, int n_pain, drawing *d, double *total_w,
                         bool *lateral, tdn_err *err)
{
    if (n_pain <= 0) return tdn_err_set(err, TDN_EINPUT, "region: give at least one pain region");
    if (n_pain > TDN_LOCATE_MAX_PAIN)
        return tdn_err_set(err, TDN_EINPUT, "region: at most %d pain regions", TDN_LOCATE_MAX_PAIN);
    *total_w = 0;
    *lateral = false;
    *d = (drawing){0};
    for (int j = 0; j < n_pain; j++) {
        *total_w += pain_weight(&pains[j]);
        *lateral |= pains[j].side != 'B';
        tdn_region_set *set = pains[j].side == 'L'   ? &d->left
                              : pains[j].side == 'R' ? &d->right
                                                     : &d->mid;
        tdn_region_set_add(set, pains[j].region);
        tdn_region_set_add(&d->any, pains[j].region);
    }
    return TDN_OK;
}

int tdn_locate_one(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition, int muscle,
                   char side, tdn_candidate *out, tdn_err *err)
{
    double total_w;
    bool lateral;
    drawing d;
    if (muscle < 0 || muscle >= kb->n_muscles)
        return tdn_err_set(err, TDN_EINPUT, "muscle: unknown muscle");
    int rc = build_drawing(pains, n_pain, &d, &total_w, &lateral, err);
    if (rc) return rc;
    score_one(kb, muscle, lateral ? side : 'B', pains, n_pain, &d, total_w, condition, out);
    return TDN_OK;
}

int tdn_locate(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition,
               tdn_candidate *out, int max_out, int *n_out, tdn_err *err)
{
    *n_out = 0;
    double total_w;
    bool lateral;
    drawing d;
    int rc = build_drawing(pains, n_pain, &d, &total_w, &lateral, err);
    if (rc) return rc;
    bool both_sides = !set_empty(&d.left) && !set_empty(&d.right);
    for (int mi = 0; mi < kb->n_muscles; mi++) {
        tdn_candidate l, r;
        if (!lateral) { /* a midline-only map cannot tell sides apart */
            score_one(kb, mi, 'B', pains, n_pain, &d, total_w, condition, &l);
            keep_best(kb, out, max_out, n_out, &l);
            continue;
        }
        score_one(kb, mi, 'L', pains, n_pain, &d, total_w, condition, &l);
        score_one(kb, mi, 'R', pains, n_pain, &d, total_w, condition, &r);
        if (both_sides) { /* the muscle on both sides may explain more than either alone */
            tdn_candidate b;
            score_one(kb, mi, 'B', pains, n_pain, &d, total_w, condition, &b);
            if (b.score > l.score && b.score > r.score) {
                keep_best(kb, out, max_out, n_out, &b);
                continue;
            }
        }
        if (l.score == r.score) l.side = 'B'; /* equally likely on both sides */
        keep_best(kb, out, max_out, n_out, &l);
        if (l.side != 'B') keep_best(kb, out, max_out, n_out, &r);
    }
    return TDN_OK;
}

static void region_label(tdn_buf *b, const tdn_pain *p)
{
    tdn_buf_printf(b, "%s:%c", tdn_region_at(p->region)->code, p->side);
}

void tdn_locate_pattern_name(const tdn_kb *kb, const tdn_candidate *c, tdn_buf *b)
{
    const tdn_muscle *m = &kb->muscles[c->muscle];
    if (m->n_patterns < 2) return;
    if (c->pattern >= 0) {
        tdn_buf_put(b, m->patterns[c->pattern].label);
        return;
    }
    for (int i = 0; i < m->n_patterns; i++) {
        if (i) tdn_buf_putc(b, '+');
        tdn_buf_put(b, m->patterns[i].label);
    }
}

void tdn_locate_reasons(const tdn_kb *kb, const tdn_candidate *c, const tdn_pain *pains, int n_pain,
                        tdn_buf *reasons)
{
    if (kb->muscles[c->muscle].n_patterns > 1 && c->score > 0) {
        tdn_buf_put(reasons, c->pattern >= 0 ? "best matching pattern: "
                                             : "matches several patterns at once: ");
        tdn_locate_pattern_name(kb, c, reasons);
        tdn_buf_putc(reasons, '\n');
    }
    static const char *const what[] = {"", "spillover zone", "essential zone"};
    for (int k = TDN_EXPLAINS_ESSENTIAL; k >= TDN_EXPLAINS_NOT; k--) {
        bool any = false;
        for (int j = 0; j < n_pain; j++) {
            if (c->explains[j] != k) continue;
            tdn_buf_put(reasons, any ? ", " : (k ? "explains " : ""));
            if (!any && !k) tdn_buf_put(reasons, "does not explain ");
            region_label(reasons, &pains[j]);
            any = true;
        }
        if (any && k)
            tdn_buf_printf(reasons, " (%s)\n", what[k]);
        else if (any)
            tdn_buf_putc(reasons, '\n');
    }
    if (c->condition_prior) tdn_buf_put(reasons, "typical source for the given condition\n");
}
