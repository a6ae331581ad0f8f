/* tsv.c — TSV reader for the knowledge-base files (see tsv.h). */
#include "core/tsv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const tdn_text_file *tdn_text_file_find(const tdn_text_file *files, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i].name, name) == 0) return &files[i];
    return NULL;
}

/* Returns the next line (NUL-terminated in place, CR stripped) or NULL. */
static char *next_line(tdn_tsv *t)
{
    if (t->pos >= t->len) return NULL;
    char *start = t->text + t->pos;
    char *nl = memchr(start, '\n', t->len - t->pos);
    size_t n = nl ? (size_t)(nl - start) : t->len - t->pos;
    t->pos += n + (nl ? 1 : 0);
    start[n] = '\0';
    if (n && start[n - 1] == '\r') start[n - 1] = '\0';
    t->line++;
    return start;
}

static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line;; n++) {
        if (n == max) return max + 1;
        fields[n] = p;
        char *tab = strchr(p, '\t');
        if (!tab) return n + 1;
        *tab = '\0';
        p = tab + 1;
    }
}

int tdn_tsv_open(tdn_tsv *t, const tdn_text_file *f, const char *const *cols, int ncols,
                 tdn_err *err)
{
    *t = (tdn_tsv){.file = f->name, .ncols = ncols, .cols = cols, .len = f->len};
    t->text = malloc(f->len + 1);
    if (!t->text) return tdn_err_set(err, TDN_ESYS, "%s: out of memory", f->name);
    memcpy(t->text, f->text, f->len);
    t->text[f->len] = '\0';
    char *line = next_line(t);
    char *fields[TDN_TSV_MAX_COLS + 1];
    int n = line ? split_tabs(line, fields, TDN_TSV_MAX_COLS) : 0;
    for (int i = 0; i < ncols; i++) {
        if (i >= n || strcmp(fields[i], cols[i]) != 0) {
            tdn_err_set(err, TDN_EINPUT, "%s:1: header: column %d must be '%s'", f->name, i + 1,
                        cols[i]);
            tdn_tsv_close(t);
            return TDN_EINPUT;
        }
    }
    if (n != ncols) {
        tdn_err_set(err, TDN_EINPUT, "%s:1: header: expected %d columns, found %d", f->name, ncols,
                    n);
        tdn_tsv_close(t);
        return TDN_EINPUT;
    }
    return TDN_OK;
}

int tdn_tsv_fail(const tdn_tsv *t, tdn_err *err, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tdn_err_set(err, TDN_EINPUT, "%s:%d: %s: %s", t->file, t->line,
                       col >= 0 && col < t->ncols ? t->cols[col] : "row", msg);
}

int tdn_tsv_next(tdn_tsv *t, char **fields, tdn_err *err)
{
    char *line;
    while ((line = next_line(t))) {
        if (line[0] == '\0' || line[0] == '#') continue;
        char *tmp[TDN_TSV_MAX_COLS + 1];
        int n = split_tabs(line, tmp, TDN_TSV_MAX_COLS);
        if (n < t->ncols) {
            tdn_tsv_fail(t, err, n, "missing column (found %d of %d)", n, t->ncols);
            return -1;
        }
        if (n > t->ncols) {
            tdn_tsv_fail(t, err, -1, "too many columns (found %d, expected %d)", n, t->ncols);
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (tmp[i][0] == '\0') {
                tdn_tsv_fail(t, err, i, "empty (write '-' for none)");
                return -1;
            }
            fields[i] = tmp[i];
        }
        return 1;
    }
    return 0;
}

void tdn_tsv_close(tdn_tsv *t)
{
    free(t->text);
    t->text = NULL;
}

int tdn_split_list(char *s, char **items, int max)
{
    if (strcmp(s, "-") == 0) return 0;
    int n = 0;
    for (char *p = s;;) {
        while (*p == ' ')
            p++;
        if (n == max) return -1;
        items[n++] = p;
        char *comma = strchr(p, ',');
        char *end = comma ? comma : p + strlen(p);
        while (end > p && end[-1] == ' ')
            end--;
        *end = '\0';
        if (!comma) return n;
        p = comma + 1;
    }
}
