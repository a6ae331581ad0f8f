/* kbfiles.h — where the knowledge-base text comes from: the copy embedded in
 * the binary, or the *.tsv files of a directory given with --kb. Shared by the
 * CLI and the web server. */
#ifndef TDN_KBFILES_H
#define TDN_KBFILES_H

#include "core/err.h"
#include "core/kb.h"
#include "core/tsv.h"

typedef struct tdn_kbfiles {
    tdn_text_file *files;
    size_t n;
    char **owned; /* texts read from disk, freed with the set */
} tdn_kbfiles;

/* Fills out with the embedded files (dir == NULL) or every *.tsv in dir;
 * a file missing from dir falls back to the embedded one. Returns TDN_OK,
 * TDN_EINPUT (dir unreadable) or TDN_ESYS. Free with tdn_kbfiles_free. */
int tdn_kbfiles_load(tdn_kbfiles *out, const char *dir, tdn_err *err);
void tdn_kbfiles_free(tdn_kbfiles *f);

/* Convenience: loads files and parses the KB from them in one step. */
int tdn_kb_open(tdn_kb **kb, tdn_kbfiles *files, const char *dir, tdn_err *err);

#endif
