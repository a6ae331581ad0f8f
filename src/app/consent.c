/* consent.c — the consent text and signing it (consent.h). */
#include "app/consent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* data/consent.tsv's sections, one paragraph each. */
static int default_text(const tdn_text_file *files, size_t n, char **text, tdn_err *err)
{
    static const char *const cols[] = {"section", "text", "source"};
    const tdn_text_file *f = tdn_text_file_find(files, n, "consent.tsv");
    if (!f) return tdn_err_set(err, TDN_ESYS, "consent.tsv: missing");
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, cols, 3, err);
    if (rc) return rc;
    tdn_buf b = {0};
    char *col[3];
    int r;
    while ((r = tdn_tsv_next(&t, col, err)) == 1)
        tdn_buf_printf(&b, "%s%s", b.len ? "\n\n" : "", col[1]);
    tdn_tsv_close(&t);
    if (r < 0) {
        tdn_buf_free(&b);
        return TDN_EINPUT;
    }
    *text = strdup(tdn_buf_str(&b));
    tdn_buf_free(&b);
    return *text ? TDN_OK : tdn_err_set(err, TDN_ESYS, "consent: out of memory");
}

int tdn_consent_text_current(tdn_store *s, const tdn_text_file *files, size_t n, char **text,
                             int64_t *version, tdn_err *err)
{
    int rc = tdn_store_consent_text_get(s, text, version, err);
    if (!rc && !*text) rc = default_text(files, n, text, err);
    return rc;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t') return false;
    return true;
}

int tdn_consent_sign(tdn_store *s, const tdn_act *act, const tdn_text_file *files, size_t n,
                     const tdn_consent_signature *sig, int64_t *id, tdn_err *err)
{
    if (blank(sig->name)) return tdn_err_set(err, TDN_EINPUT, "name: type your full name to sign");
    if (strlen(sig->name) > TDN_NAME_MAX)
        return tdn_err_set(err, TDN_EINPUT, "name: at most %d characters", TDN_NAME_MAX);
    if (!sig->agree) return tdn_err_set(err, TDN_EINPUT, "agree: tick the box to say you agree");
    char *text = NULL;
    int64_t version = 0;
    int rc = tdn_consent_text_current(s, files, n, &text, &version, err);
    free(text);
    if (rc) return rc;
    if (version != sig->version)
        return tdn_err_set(err, TDN_EINPUT,
                           "version: refused: the consent text changed since you read it; read "
                           "it again");
    tdn_consent c = {.patient_id = sig->patient_id, .text_version = version};
    snprintf(c.given_by, sizeof c.given_by, "%s", sig->by ? sig->by : "");
    snprintf(c.signed_name, sizeof c.signed_name, "%s", sig->name);
    snprintf(c.account, sizeof c.account, "%s", sig->account ? sig->account : "");
    return tdn_store_consent_sign(s, act, &c, id, err);
}
