/* icd.c — loading the ICD-10-CM coding tables and coding an episode (see
 * icd.h). */
#include "core/icd.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/body.h"

static const char *const side_cols[] = {"code", "right", "left", "bilateral", "source"};
static const char *const site_cols[] = {"condition", "regions", "code", "source"};
static const char *const enc_cols[] = {"code", "initial", "subsequent", "source"};

/* An ICD-10-CM code as written in the tabular list: a letter, two
 * characters, then a dot and one to four characters ("M25.511",
 * "S13.4XXD"), or no dot at all ("M72.2" has one; "G35" none). */
static bool valid_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n >= TDN_ICD_CODE_MAX || !isupper((unsigned char)s[0])) return false;
    if (!isdigit((unsigned char)s[1]) || !isalnum((unsigned char)s[2])) return false;
    if (n == 3) return true;
    if (s[3] != '.' || n < 5 || n > 8) return false;
    for (size_t i = 4; i < n; i++)
        if (!isalnum((unsigned char)s[i])) return false;
    return true;
}

/* Copies code field col into dst; "-" gives "" when optional. */
static int code_field(const tdn_tsv *t, tdn_err *err, int col, const char *s, char *dst,
                      bool optional)
{
    if (optional && strcmp(s, "-") == 0) return *dst = '\0', TDN_OK;
    if (!valid_code(s))
        return tdn_tsv_fail(t, err, col, "'%s' is not an ICD-10-CM code like M25.511", s);
    snprintf(dst, TDN_ICD_CODE_MAX, "%s", s);
    return TDN_OK;
}

static int side_row(tdn_icd *icd, const tdn_tsv *t, char **f, tdn_err *err)
{
    if (icd->n_sides == TDN_ICD_MAX_SIDES)
        return tdn_tsv_fail(t, err, 0, "more than %d rows", TDN_ICD_MAX_SIDES);
    tdn_icd_side *r = &icd->sides[icd->n_sides];
    for (int i = 0; i < icd->n_sides; i++)
        if (strcmp(icd->sides[i].code, f[0]) == 0)
            return tdn_tsv_fail(t, err, 0, "duplicate code '%s'", f[0]);
    if (code_field(t, err, 0, f[0], r->code, false) ||
        code_field(t, err, 1, f[1], r->right, false) ||
        code_field(t, err, 2, f[2], r->left, false) ||
        code_field(t, err, 3, f[3], r->bilateral, true))
        return TDN_EINPUT;
    icd->n_sides++;
    return TDN_OK;
}

static int site_regions(const tdn_tsv *t, tdn_err *err, char *s, tdn_region_set *out)
{
    char *items[TDN_ICD_MAX_SITES * 8];
    int n = tdn_split_list(s, items, (int)(sizeof items / sizeof items[0]));
    if (n <= 0) return tdn_tsv_fail(t, err, 1, "needs one or more region codes");
    for (int i = 0; i < n; i++) {
        int r = tdn_region_find(items[i]);
        if (r < 0)
            return tdn_tsv_fail(t, err, 1, "unknown region code '%s' (did you mean '%s'?)",
                                items[i], tdn_region_closest(items[i]));
        tdn_region_set_add(out, r);
    }
    return TDN_OK;
}

static int site_row(tdn_icd *icd, const tdn_kb *kb, const tdn_tsv *t, char **f, tdn_err *err)
{
    if (icd->n_sites == TDN_ICD_MAX_SITES)
        return tdn_tsv_fail(t, err, 0, "more than %d rows", TDN_ICD_MAX_SITES);
    tdn_icd_site *r = &icd->sites[icd->n_sites];
    int c = tdn_kb_condition_find(kb, f[0]);
    if (c < 0)
        return tdn_tsv_fail(t, err, 0, "unknown condition '%s' (did you mean '%s'?)", f[0],
                            tdn_kb_condition_closest(kb, f[0]));
    r->condition = (short)c;
    if (site_regions(t, err, f[1], &r->regions) || code_field(t, err, 2, f[2], r->code, false))
        return TDN_EINPUT;
    icd->n_sites++;
    return TDN_OK;
}

static int enc_row(tdn_icd *icd, const tdn_tsv *t, char **f, tdn_err *err)
{
    if (icd->n_encounters == TDN_ICD_MAX_ENCOUNTERS)
        return tdn_tsv_fail(t, err, 0, "more than %d rows", TDN_ICD_MAX_ENCOUNTERS);
    tdn_icd_encounter *r = &icd->encounters[icd->n_encounters];
    char code[TDN_ICD_CODE_MAX];
    if (code_field(t, err, 0, f[0], code, false) ||
        code_field(t, err, 1, f[1], r->initial, false) ||
        code_field(t, err, 2, f[2], r->subsequent, false))
        return TDN_EINPUT;
    if (strcmp(code, r->initial) != 0 && strcmp(code, r->subsequent) != 0)
        return tdn_tsv_fail(t, err, 0, "'%s' is neither the initial nor the subsequent code", code);
    icd->n_encounters++;
    return TDN_OK;
}

enum { T_SIDE, T_SITE, T_ENC };

static int load_table(tdn_icd *icd, const tdn_kb *kb, const tdn_text_file *file, int kind,
                      tdn_err *err)
{
    static const char *const *const cols[] = {side_cols, site_cols, enc_cols};
    static const int ncols[] = {5, 4, 4};
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, file, cols[kind], ncols[kind], err);
    if (rc) return rc;
    char *f[TDN_TSV_MAX_COLS];
    int r = 0;
    while (!rc && (r = tdn_tsv_next(&t, f, err)) == 1)
        rc = kind == T_SIDE   ? side_row(icd, &t, f, err)
             : kind == T_SITE ? site_row(icd, kb, &t, f, err)
                              : enc_row(icd, &t, f, err);
    tdn_tsv_close(&t);
    if (!rc && r < 0) rc = TDN_EINPUT;
    return rc;
}

int tdn_icd_load(tdn_kb *kb, const tdn_text_file *files, size_t n, tdn_err *err)
{
    static const char *const names[] = {"icd10_laterality.tsv", "icd10_site.tsv",
                                        "icd10_encounter.tsv"};
    tdn_icd *icd = calloc(1, sizeof *icd);
    if (!icd) return tdn_err_set(err, TDN_ESYS, "knowledge base: out of memory");
    kb->icd = icd;
    for (int k = 0; k < 3; k++) {
        const tdn_text_file *f = tdn_text_file_find(files, n, names[k]);
        int rc = f ? load_table(icd, kb, f, k, err) : TDN_OK;
        if (rc) return rc;
    }
    return TDN_OK;
}

static const char *site_code(const tdn_icd *icd, const tdn_kb *kb, const tdn_icd_query *q)
{
    int c = q->condition ? tdn_kb_condition_find(kb, q->condition) : -1;
    for (int i = 0; c >= 0 && q->site >= 0 && i < icd->n_sites; i++)
        if (icd->sites[i].condition == c && tdn_region_set_has(&icd->sites[i].regions, q->site))
            return icd->sites[i].code;
    return q->code;
}

static void sided(const tdn_icd *icd, const char *code, char side, char *out, size_t cap)
{
    for (int i = 0; i < icd->n_sides; i++) {
        const tdn_icd_side *r = &icd->sides[i];
        if (strcmp(r->code, code) != 0) continue;
        if (side == 'R') code = r->right;
        if (side == 'L') code = r->left;
        if (side == 'B' && !*r->bilateral) {
            snprintf(out, cap, "%s, %s", r->right, r->left);
            return;
        }
        if (side == 'B') code = r->bilateral;
        break;
    }
    snprintf(out, cap, "%s", code);
}

void tdn_icd_code(const tdn_kb *kb, const tdn_icd_query *q, char *out, size_t cap)
{
    const tdn_icd *icd = kb->icd;
    const char *code = q->code ? q->code : "";
    if (!icd) {
        snprintf(out, cap, "%s", code);
        return;
    }
    code = site_code(icd, kb, q);
    for (int i = 0; i < icd->n_encounters; i++) {
        const tdn_icd_encounter *e = &icd->encounters[i];
        if (strcmp(e->initial, code) == 0 || strcmp(e->subsequent, code) == 0)
            code = q->first ? e->initial : e->subsequent;
    }
    sided(icd, code, q->side, out, cap);
}
