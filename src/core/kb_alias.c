/* kb_alias.c — finding a condition by what a clinician types: its id, its
 * ICD-10-CM code, its display name, or a synonym from the optional
 * data/condition_aliases.tsv (alias, condition, source), e.g. tennis_elbow
 * for lateral_epicondylalgia. Pure: works on the caller's KB. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/kb.h"
#include "core/tsv.h"

enum { A_ALIAS, A_COND, A_SRC, A_NCOLS };
static const char *const alias_cols[] = {"alias", "condition", "source"};

/* text in lower snake case: letters and digits kept (lowered), runs of
 * anything else become one '_'; "Golfer's elbow" → "golfer_s_elbow" →
 * without apostrophes "golfers_elbow". */
static void normalise(const char *text, char *out, size_t cap)
{
    size_t n = 0;
    bool gap = false;
    for (const char *p = text; *p && n + 2 < cap; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\'') continue;
        if (isalnum(c)) {
            if (gap && n > 0) out[n++] = '_';
            out[n++] = (char)tolower(c);
            gap = false;
        } else {
            gap = true;
        }
    }
    out[n] = '\0';
}

static bool is_snake(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) return false;
    return true;
}

static int parse_alias(tdn_kb *kb, const tdn_tsv *t, char **f, tdn_err *err)
{
    if (!is_snake(f[A_ALIAS]))
        return tdn_tsv_fail(t, err, A_ALIAS, "'%s' is not lower snake case", f[A_ALIAS]);
    if (strlen(f[A_ALIAS]) >= TDN_ID_MAX)
        return tdn_tsv_fail(t, err, A_ALIAS, "longer than %d characters", TDN_ID_MAX - 1);
    if (tdn_kb_condition_lookup(kb, f[A_ALIAS]) >= 0)
        return tdn_tsv_fail(t, err, A_ALIAS, "'%s' already names a condition", f[A_ALIAS]);
    int c = tdn_kb_condition_find(kb, f[A_COND]);
    if (c < 0)
        return tdn_tsv_fail(t, err, A_COND, "unknown condition '%s' (did you mean '%s'?)",
                            f[A_COND], tdn_kb_condition_closest(kb, f[A_COND]));
    tdn_condition_alias *a = &kb->aliases[kb->n_aliases++];
    strcpy(a->alias, f[A_ALIAS]);
    a->condition = (short)c;
    return TDN_OK;
}

int tdn_kb_load_aliases(tdn_kb *kb, const tdn_text_file *file, tdn_err *err)
{
    size_t max = 1;
    for (size_t i = 0; i < file->len; i++)
        max += file->text[i] == '\n';
    if (!(kb->aliases = calloc(max, sizeof *kb->aliases)))
        return tdn_err_set(err, TDN_ESYS, "knowledge base: out of memory");
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, file, alias_cols, A_NCOLS, err);
    if (rc) return rc;
    char *f[TDN_TSV_MAX_COLS];
    int r;
    while (!rc && (r = tdn_tsv_next(&t, f, err)) == 1)
        rc = parse_alias(kb, &t, f, err);
    tdn_tsv_close(&t);
    return rc ? rc : r < 0 ? TDN_EINPUT : TDN_OK;
}

int tdn_kb_condition_lookup(const tdn_kb *kb, const char *text)
{
    if (!text || !*text) return -1;
    int c = tdn_kb_condition_find(kb, text);
    for (int i = 0; c < 0 && i < kb->n_conditions; i++)
        if (strcasecmp(kb->conditions[i].icd10, text) == 0) c = i;
    if (c >= 0) return c;
    char want[TDN_ID_MAX + 64], name[TDN_ID_MAX + 64];
    normalise(text, want, sizeof want);
    if ((c = tdn_kb_condition_find(kb, want)) >= 0) return c;
    for (int i = 0; i < kb->n_aliases; i++)
        if (strcmp(kb->aliases[i].alias, want) == 0) return kb->aliases[i].condition;
    for (int i = 0; i < kb->n_conditions; i++) {
        normalise(kb->conditions[i].name, name, sizeof name);
        if (strcmp(name, want) == 0) return i;
    }
    return -1;
}
