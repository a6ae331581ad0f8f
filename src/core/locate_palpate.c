/* locate_palpate.c — locate that learns from palpation (see locate.h): the
 * ranking of tdn_locate reordered by palpation findings, and which trigger
 * point sites to palpate to tell two candidate muscles apart. Pure: works on
 * the caller's arrays, allocates nothing. */
#include <ctype.h>
#include <string.h>

#include "core/locate.h"

static int check_finding(const tdn_kb *kb, const tdn_palpation *f, tdn_err *err)
{
    if (f->muscle < 0 || f->muscle >= kb->n_muscles)
        return tdn_err_set(err, TDN_EINPUT, "palpated: unknown muscle");
    if (f->side != 'L' && f->side != 'R' && f->side != 'B')
        return tdn_err_set(err, TDN_EINPUT, "palpated: side must be L, R or B");
    if (f->sign != 1 && f->sign != -1)
        return tdn_err_set(err, TDN_EINPUT, "palpated: finding must be + or -");
    return TDN_OK;
}

static bool matches(const tdn_palpation *f, const tdn_candidate *c)
{
    return f->muscle == c->muscle && (f->side == c->side || f->side == 'B' || c->side == 'B');
}

/* The sign of the findings about c (a positive wins over a negative). */
static int sign_of(const tdn_palpation *f, int n_f, const tdn_candidate *c)
{
    int sign = 0;
    for (int i = 0; i < n_f; i++)
        if (matches(&f[i], c) && (sign == 0 || f[i].sign > 0)) sign = f[i].sign;
    return sign;
}

/* Adds the candidate of a positive finding that the ranking left out, at
 * the end (it moves to the front below), when there is room. */
static void add_missing(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition,
                        const tdn_palpation *f, tdn_candidate *out, int max_out, int *n_out)
{
    for (int i = 0; i < *n_out; i++)
        if (matches(f, &out[i])) return;
    tdn_err ignored = {0};
    tdn_candidate *c = &out[*n_out < max_out ? (*n_out)++ : max_out - 1];
    if (tdn_locate_one(kb, pains, n_pain, condition, f->muscle, f->side, c, &ignored))
        *c = (tdn_candidate){.muscle = f->muscle, .side = f->side};
}

/* How many of the n drawn regions c explains (essential or spillover zone). */
static int explained(const tdn_candidate *c, int n)
{
    int k = 0;
    for (int j = 0; j < n; j++)
        k += c->explains[j] != TDN_EXPLAINS_NOT;
    return k;
}

/* Moves out[from] to position to (to <= from or to > from), shifting the rest. */
static void move(tdn_candidate *out, int from, int to)
{
    tdn_candidate c = out[from];
    if (to < from)
        memmove(&out[to + 1], &out[to], (size_t)(from - to) * sizeof *out);
    else
        memmove(&out[from], &out[from + 1], (size_t)(to - from) * sizeof *out);
    out[to] = c;
}

int tdn_locate_palpated(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition,
                        const tdn_palpation *f, int n_f, tdn_candidate *out, int max_out,
                        int *n_out, tdn_err *err)
{
    for (int i = 0; i < n_f; i++)
        if (check_finding(kb, &f[i], err)) return err->status;
    int rc = tdn_locate(kb, pains, n_pain, condition, out, max_out, n_out, err);
    if (rc || max_out <= 0) return rc;
    for (int i = 0; i < n_f; i++)
        if (f[i].sign > 0) add_missing(kb, pains, n_pain, condition, &f[i], out, max_out, n_out);
    for (int i = 0; i < *n_out; i++)
        out[i].palpated = sign_of(f, n_f, &out[i]);
    /* negatives, the lowest first, below every unpalpated candidate explaining as much */
    for (int i = *n_out - 1; i >= 0; i--) {
        if (out[i].palpated >= 0) continue;
        int to = i;
        for (int j = i + 1; j < *n_out; j++)
            if (out[j].palpated == 0 && explained(&out[j], n_pain) >= explained(&out[i], n_pain))
                to = j;
        if (to != i) move(out, i, to);
    }
    /* positives first, keeping their order */
    for (int i = 0, front = 0; i < *n_out; i++)
        if (out[i].palpated > 0) move(out, i, front++);
    return TDN_OK;
}

/* Appends "name" of region r with a lower-case first letter. */
static void put_site(tdn_buf *b, int r)
{
    const char *name = tdn_region_at(r)->name;
    tdn_buf_putc(b, (char)tolower((unsigned char)name[0]));
    tdn_buf_put(b, name + 1);
}

static bool has_site(const tdn_muscle *m, int r)
{
    for (int i = 0; i < m->n_tp; i++)
        if (m->tp_sites[i] == r) return true;
    return false;
}

/* Appends the sites of a not among b's (all of a's when there is none); returns how many. */
static int put_own_sites(tdn_buf *out, const tdn_muscle *a, const tdn_muscle *b, bool all)
{
    int n = 0;
    for (int i = 0; i < a->n_tp; i++) {
        if (!all && has_site(b, a->tp_sites[i])) continue;
        if (n++) tdn_buf_put(out, " or ");
        put_site(out, a->tp_sites[i]);
    }
    return n;
}

void tdn_locate_palpation_hint(const tdn_kb *kb, int a, int b, tdn_buf *out)
{
    if (a == b) return;
    const tdn_muscle *ma = &kb->muscles[a], *mb = &kb->muscles[b];
    tdn_buf_printf(out, "to tell %s from %s: ", ma->name, mb->name);
    tdn_buf probe = {0};
    int own_a = put_own_sites(&probe, ma, mb, false), own_b = put_own_sites(&probe, mb, ma, false);
    tdn_buf_free(&probe);
    if (own_a == 0 && own_b == 0) {
        tdn_buf_put(out, "their trigger points lie at the same sites (");
        put_own_sites(out, ma, mb, true);
        tdn_buf_put(out, "): palpate there for each muscle's taut band");
        return;
    }
    tdn_buf_put(out, "palpate ");
    put_own_sites(out, ma, mb, own_a == 0);
    tdn_buf_put(out, " / ");
    put_own_sites(out, mb, ma, own_b == 0);
}

void tdn_locate_palpate_first(const tdn_kb *kb, const tdn_candidate *c, int n, tdn_buf *out)
{
    int hints = 0, done[2] = {-1, -1};
    for (int i = 1; i < n && hints < 2; i++) {
        int m = c[i].muscle;
        if (m == c[0].muscle || m == done[0] || m == done[1]) continue;
        tdn_locate_palpation_hint(kb, c[0].muscle, m, out);
        tdn_buf_putc(out, '\n');
        done[hints++] = m;
    }
}

int tdn_palpation_parse(const tdn_kb *kb, const char *text, tdn_palpation *out, tdn_err *err)
{
    const char *eq = strrchr(text, '=');
    if (!eq || (strcmp(eq, "=+") != 0 && strcmp(eq, "=-") != 0))
        return tdn_err_set(err, TDN_EINPUT,
                           "palpated: '%.60s' is not MUSCLE[:SIDE]=+ or MUSCLE[:SIDE]=-", text);
    size_t n = (size_t)(eq - text);
    const char *colon = memchr(text, ':', n);
    char side = 'B';
    if (colon) {
        if (eq - colon != 2 || !strchr("LRB", colon[1]))
            return tdn_err_set(err, TDN_EINPUT, "palpated: side must be L, R or B in '%.60s'",
                               text);
        side = colon[1];
        n = (size_t)(colon - text);
    }
    char id[TDN_ID_MAX];
    if (n == 0 || n >= sizeof id)
        return tdn_err_set(err, TDN_EINPUT, "palpated: give a muscle id in '%.60s'", text);
    memcpy(id, text, n);
    id[n] = '\0';
    int m = tdn_kb_muscle_find(kb, id);
    if (m < 0)
        return tdn_err_set(err, TDN_EINPUT, "palpated: unknown muscle '%s' (did you mean '%s'?)",
                           id, tdn_kb_muscle_closest(kb, id));
    *out = (tdn_palpation){m, side, eq[1] == '+' ? 1 : -1};
    return TDN_OK;
}
