/* tsv.h — reading the tab-separated files of data/. A reader works on a
 * private copy of the text; rows are split in place. Blank lines and lines
 * starting with '#' are skipped. Every error names file:line and the field. */
#ifndef TDN_TSV_H
#define TDN_TSV_H

#include <stddef.h>

#include "core/err.h"

/* A named text file handed to core by the caller (embedded or read from --kb). */
typedef struct tdn_text_file {
    const char *name; /* base name, e.g. "muscles.tsv" */
    const char *text;
    size_t len;
} tdn_text_file;

/* Finds the file called name in files[0..n), or NULL. */
const tdn_text_file *tdn_text_file_find(const tdn_text_file *files, size_t n, const char *name);

#define TDN_TSV_MAX_COLS 24

typedef struct tdn_tsv {
    char *text; /* owned copy */
    size_t len, pos;
    int line; /* line number of the row last returned */
    const char *file;
    int ncols;
    const char *const *cols;
} tdn_tsv;

/* Opens file f and checks that its header is exactly cols[0..ncols). Returns
 * TDN_OK, TDN_EINPUT for a wrong header, TDN_ESYS when out of memory. On
 * success the caller must call tdn_tsv_close. */
int tdn_tsv_open(tdn_tsv *t, const tdn_text_file *f, const char *const *cols, int ncols,
                 tdn_err *err);
/* Reads the next row into fields[0..ncols). Returns 1 for a row, 0 at the end,
 * or -1 with err set (wrong number of columns, empty field). */
int tdn_tsv_next(tdn_tsv *t, char **fields, tdn_err *err);
/* Sets err to "file:line: field: message" and returns TDN_EINPUT. */
int tdn_tsv_fail(const tdn_tsv *t, tdn_err *err, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tdn_tsv_close(tdn_tsv *t);

/* Splits a comma-separated list in place: items[] point into s; returns the
 * count, or -1 when there are more than max items. "-" is the empty list. */
int tdn_split_list(char *s, char **items, int max);

#endif
