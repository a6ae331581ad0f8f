/* kbfiles.c — reading the knowledge-base files (see kbfiles.h). */
#include "app/kbfiles.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/embedded.h"
#include "core/buf.h"

static int read_file(const char *path, char **text, size_t *len, tdn_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return tdn_err_set(err, TDN_EINPUT, "--kb: cannot read %s: %s", path, strerror(errno));
    tdn_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        tdn_buf_putn(&b, chunk, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad || b.oom) {
        tdn_buf_free(&b);
        return tdn_err_set(err, TDN_ESYS, "--kb: error reading %s", path);
    }
    if (!b.data) tdn_buf_put(&b, "");
    *text = b.data;
    *len = b.len;
    return TDN_OK;
}

static bool is_tsv(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".tsv") == 0 && name[0] != '.';
}

static int add(tdn_kbfiles *f, const char *name, const char *text, size_t len, char *owned)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->files[i].name, name) == 0) { /* a --kb file replaces the embedded one */
            f->files[i].text = text;
            f->files[i].len = len;
            f->owned[i] = owned;
            return TDN_OK;
        }
    }
    return TDN_ESYS; /* callers add embedded files first */
}

int tdn_kbfiles_load(tdn_kbfiles *out, const char *dir, tdn_err *err)
{
    *out = (tdn_kbfiles){0};
    size_t n = 0;
    while (tdn_embedded_data[n].name)
        n++;
    out->files = calloc(n + 64, sizeof *out->files);
    out->owned = calloc(n + 64, sizeof *out->owned);
    if (!out->files || !out->owned) {
        tdn_kbfiles_free(out);
        return tdn_err_set(err, TDN_ESYS, "knowledge base: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        out->files[i] =
            (tdn_text_file){tdn_embedded_data[i].name, (const char *)tdn_embedded_data[i].data,
                            tdn_embedded_data[i].len};
    out->n = n;
    if (!dir) return TDN_OK;
    DIR *d = opendir(dir);
    if (!d) {
        tdn_kbfiles_free(out);
        return tdn_err_set(err, TDN_EINPUT, "--kb: cannot open directory %s: %s", dir,
                           strerror(errno));
    }
    struct dirent *e;
    int rc = TDN_OK;
    while (!rc && (e = readdir(d))) {
        if (!is_tsv(e->d_name)) continue;
        char path[4096];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        char *text = NULL;
        size_t len = 0;
        rc = read_file(path, &text, &len, err);
        if (rc) break;
        if (add(out, e->d_name, text, len, text) != TDN_OK) {
            if (out->n >= n + 64) {
                free(text);
                rc = tdn_err_set(err, TDN_EINPUT, "--kb: too many files in %s", dir);
                break;
            }
            char *name = strdup(e->d_name);
            if (!name) {
                free(text);
                rc = tdn_err_set(err, TDN_ESYS, "knowledge base: out of memory");
                break;
            }
            /* a file the binary does not embed (freed with the set) */
            out->files[out->n] = (tdn_text_file){name, text, len};
            out->owned[out->n++] = text;
        }
    }
    closedir(d);
    if (rc) tdn_kbfiles_free(out);
    return rc;
}

void tdn_kbfiles_free(tdn_kbfiles *f)
{
    size_t n_embedded = 0;
    while (tdn_embedded_data[n_embedded].name)
        n_embedded++;
    for (size_t i = 0; f->owned && i < f->n; i++) {
        free(f->owned[i]);
        if (i >= n_embedded) free((char *)f->files[i].name);
    }
    free(f->owned);
    free(f->files);
    *f = (tdn_kbfiles){0};
}

int tdn_kb_open(tdn_kb **kb, tdn_kbfiles *files, const char *dir, tdn_err *err)
{
    int rc = tdn_kbfiles_load(files, dir, err);
    if (rc) return rc;
    rc = tdn_kb_load(kb, files->files, files->n, err);
    if (rc) tdn_kbfiles_free(files);
    return rc;
}
