/* file_fixture.h — reading a whole file in a unit test (the vignette sets,
 * the data files): a new NUL-terminated text the caller frees, or NULL. */
#ifndef TDN_FILE_FIXTURE_H
#define TDN_FILE_FIXTURE_H

#include <stdio.h>

#include "core/buf.h"

static inline char *fixture_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    tdn_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        tdn_buf_putn(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data;
}

#endif
