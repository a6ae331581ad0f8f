/* fhir_build.c — the small pieces every FHIR mapping file uses (fhir.h):
 * codings, references, ids, times on the clinic's clock, OperationOutcome,
 * and the muscle → SNOMED CT map of data/muscle_snomed.tsv. */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/fhir.h"

json_t *tdn_fhir_coding(const char *system, const char *code, const char *display)
{
    json_t *c = json_pack("{s:s, s:s}", "system", system, "code", code);
    if (c && display && *display) json_object_set_new(c, "display", json_string(display));
    return c;
}

json_t *tdn_fhir_concept(const char *system, const char *code, const char *display,
                         const char *text)
{
    json_t *cc = json_object();
    if (system && code && *code)
        json_object_set_new(cc, "coding", json_pack("[o]", tdn_fhir_coding(system, code, display)));
    if (text && *text) json_object_set_new(cc, "text", json_string(text));
    return cc;
}

json_t *tdn_fhir_reference(tdn_fhir_ref_fn ref, const char *type, const char *id)
{
    char r[TDN_FHIR_REF_MAX];
    ref(type, id, r);
    return json_pack("{s:s}", "reference", r);
}

void tdn_fhir_id(char *out, const char *prefix, int64_t row)
{
    snprintf(out, 32, "%s%lld", prefix, (long long)row);
}

json_t *tdn_fhir_resource(const char *type, const char *id)
{
    return json_pack("{s:s, s:s}", "resourceType", type, "id", id);
}

void tdn_fhir_ref_relative(const char *type, const char *id, char *out)
{
    snprintf(out, TDN_FHIR_REF_MAX, "%s/%s", type, id);
}

void tdn_fhir_ref_uuid(const char *type, const char *id, char *out)
{
    char name[TDN_FHIR_REF_MAX];
    snprintf(name, sizeof name, "tdn/%s/%s", type, id);
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)name, strlen(name), NULL, 0);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x80); /* version 8: name-based, own hash */
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC 9562 variant */
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, TDN_FHIR_REF_MAX, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
             hex + 16, hex + 20);
}

void tdn_fhir_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    off %= 24 * 3600; /* offsets are under a day */
    char date[24];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 32, "%.19s%c%02d:%02d", date, sign, (int)(off / 3600), (int)(off % 3600 / 60));
}

json_t *tdn_fhir_outcome(const char *code, const char *text)
{
    return json_pack("{s:s, s:[{s:s, s:s, s:s}]}", "resourceType", "OperationOutcome", "issue",
                     "severity", "error", "code", code, "diagnostics", text);
}

const char *tdn_fhir_muscle_name(const tdn_fhir_map *m, const char *muscle)
{
    int i = m->kb ? tdn_kb_muscle_find(m->kb, muscle) : -1;
    return i >= 0 ? m->kb->muscles[i].name : muscle;
}

const tdn_fhir_snomed *tdn_fhir_snomed_of(const tdn_fhir_map *m, const char *muscle)
{
    for (size_t i = 0; i < m->n_snomed; i++)
        if (strcmp(m->snomed[i].muscle, muscle) == 0) return &m->snomed[i];
    return NULL;
}

static int snomed_row(tdn_fhir_map *m, tdn_tsv *t, char **f, tdn_err *err)
{
    if (m->kb && tdn_kb_muscle_find(m->kb, f[0]) < 0)
        return tdn_tsv_fail(t, err, 0, "'%s' is not a muscle of the knowledge base", f[0]);
    if (tdn_fhir_snomed_of(m, f[0])) return tdn_tsv_fail(t, err, 0, "'%s' given twice", f[0]);
    size_t len = strlen(f[1]);
    bool digits = len >= 6 && len < sizeof m->snomed->code;
    for (size_t i = 0; digits && i < len; i++)
        digits = isdigit((unsigned char)f[1][i]);
    if (!digits) return tdn_tsv_fail(t, err, 1, "'%s' is not a SNOMED CT concept id", f[1]);
    if (strlen(f[2]) >= sizeof m->snomed->display)
        return tdn_tsv_fail(t, err, 2, "longer than %zu bytes", sizeof m->snomed->display - 1);
    tdn_fhir_snomed *grown = realloc(m->snomed, (m->n_snomed + 1) * sizeof *grown);
    if (!grown) return tdn_err_set(err, TDN_ESYS, "muscle_snomed.tsv: out of memory");
    m->snomed = grown;
    tdn_fhir_snomed *s = &m->snomed[m->n_snomed++];
    snprintf(s->muscle, sizeof s->muscle, "%s", f[0]);
    snprintf(s->code, sizeof s->code, "%s", f[1]);
    snprintf(s->display, sizeof s->display, "%s", f[2]);
    return TDN_OK;
}

int tdn_fhir_map_load(tdn_fhir_map *m, const tdn_kb *kb, const tdn_text_file *files, size_t n,
                      tdn_err *err)
{
    memset(m, 0, sizeof *m);
    m->kb = kb;
    const tdn_text_file *f = tdn_text_file_find(files, n, "muscle_snomed.tsv");
    if (!f) return tdn_err_set(err, TDN_EINPUT, "muscle_snomed.tsv: missing");
    static const char *const cols[] = {"muscle", "snomed", "display", "source"};
    tdn_tsv t;
    int rc = tdn_tsv_open(&t, f, cols, 4, err);
    if (rc) return rc;
    char *row[4];
    int r;
    while (!rc && (r = tdn_tsv_next(&t, row, err)) == 1)
        rc = snomed_row(m, &t, row, err);
    if (!rc && r < 0) rc = err->status;
    tdn_tsv_close(&t);
    if (rc) tdn_fhir_map_free(m);
    return rc;
}

void tdn_fhir_map_free(tdn_fhir_map *m)
{
    free(m->snomed);
    m->snomed = NULL;
    m->n_snomed = 0;
}
