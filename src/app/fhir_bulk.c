/* fhir_bulk.c — the clinic's record as NDJSON per resource type, streamed
 * patient by patient into a temporary directory renamed into place
 * (fhir_bulk.h), and the atomic write of one file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/fhir_bulk.h"

#define BULK_TYPES 12
#define BULK_PRACTITIONERS 256

struct tdn_fhir_bulk {
    const tdn_fhir_map *map;
    int64_t since;
    char dir[4000], tmp[4100];
    struct {
        char type[32];
        FILE *fp;
        long count;
    } files[BULK_TYPES];
    int n_files;
    char practitioners[BULK_PRACTITIONERS][32]; /* ids written (a user is in many records) */
    int n_practitioners;
    bool skip_patient; /* the record's Patient is older than since */
};

static bool dir_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

int tdn_fhir_bulk_open(tdn_fhir_bulk **out, const char *dir, const tdn_fhir_map *m, int64_t since,
                       tdn_err *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) == 0 && !(S_ISDIR(sb.st_mode) && dir_empty(dir)))
        return tdn_err_set(err, TDN_EINPUT, "DIR: %s exists and is not an empty directory", dir);
    if (strlen(dir) >= sizeof((tdn_fhir_bulk *)0)->dir)
        return tdn_err_set(err, TDN_EINPUT, "DIR: path too long");
    tdn_fhir_bulk *b = calloc(1, sizeof *b);
    if (!b) return tdn_err_set(err, TDN_ESYS, "export: out of memory");
    b->map = m;
    b->since = since;
    snprintf(b->dir, sizeof b->dir, "%s", dir);
    while (strlen(b->dir) > 1 && b->dir[strlen(b->dir) - 1] == '/')
        b->dir[strlen(b->dir) - 1] = '\0';
    snprintf(b->tmp, sizeof b->tmp, "%s.tmp-XXXXXX", b->dir);
    if (!mkdtemp(b->tmp)) {
        int e = errno;
        free(b);
        return tdn_err_set(err, TDN_ESYS, "DIR: cannot create %s: %s", dir, strerror(e));
    }
    *out = b;
    return TDN_OK;
}

static FILE *type_file(tdn_fhir_bulk *b, const char *type, long **count, tdn_err *err)
{
    for (int i = 0; i < b->n_files; i++)
        if (strcmp(b->files[i].type, type) == 0) {
            *count = &b->files[i].count;
            return b->files[i].fp;
        }
    if (b->n_files == BULK_TYPES) return tdn_err_set(err, TDN_ESYS, "export: too many types"), NULL;
    char path[4300];
    snprintf(path, sizeof path, "%s/%s.ndjson", b->tmp, type);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp) {
        if (fd >= 0) close(fd);
        return tdn_err_set(err, TDN_ESYS, "DIR: cannot write %s: %s", path, strerror(errno)), NULL;
    }
    snprintf(b->files[b->n_files].type, sizeof b->files[0].type, "%s", type);
    b->files[b->n_files].fp = fp;
    *count = &b->files[b->n_files].count;
    b->n_files++;
    return fp;
}

/* False for a resource already written or filtered out (see since). */
static bool wanted(tdn_fhir_bulk *b, const char *type, const char *id)
{
    if (strcmp(type, "Patient") == 0) return !b->skip_patient;
    if (strcmp(type, "Practitioner") != 0) return true;
    for (int i = 0; i < b->n_practitioners; i++)
        if (strcmp(b->practitioners[i], id) == 0) return false;
    if (b->n_practitioners < BULK_PRACTITIONERS)
        snprintf(b->practitioners[b->n_practitioners++], 32, "%s", id);
    return true;
}

static int write_line(void *ctx, json_t *res, tdn_err *err)
{
    tdn_fhir_bulk *b = ctx;
    const char *type = json_string_value(json_object_get(res, "resourceType"));
    const char *id = json_string_value(json_object_get(res, "id"));
    int rc = TDN_OK;
    long *count = NULL;
    if (wanted(b, type, id)) {
        FILE *fp = type_file(b, type, &count, err);
        if (!fp || json_dumpf(res, fp, JSON_COMPACT) || fputc('\n', fp) == EOF)
            rc = err->status ? err->status
                             : tdn_err_set(err, TDN_ESYS, "DIR: error writing %s.ndjson", type);
        else
            (*count)++;
    }
    json_decref(res);
    return rc;
}

/* Copies the elements of in[0..n) that keep accepts into a new array. */
static void *keep_some(const void *in, size_t n, size_t size, size_t *n_out,
                       bool (*keep)(const void *el, const void *ctx), const void *ctx)
{
    char *out = malloc(n ? n * size : 1);
    *n_out = 0;
    for (size_t i = 0; out && i < n; i++)
        if (keep((const char *)in + i * size, ctx))
            memcpy(out + (*n_out)++ * size, (const char *)in + i * size, size);
    return out;
}

typedef struct since_ctx {
    int64_t since;
    const tdn_patient_record *view; /* sessions already filtered */
} since_ctx;

static bool session_kept(const since_ctx *c, int64_t sid)
{
    for (size_t i = 0; i < c->view->chart.n_sessions; i++)
        if (c->view->chart.sessions[i].id == sid) return true;
    return false;
}
static bool keep_consent(const void *e, const void *c)
{
    return ((const tdn_consent *)e)->given_at >= ((const since_ctx *)c)->since;
}
static bool keep_screening(const void *e, const void *c)
{
    return ((const tdn_screening *)e)->created >= ((const since_ctx *)c)->since;
}
static bool keep_episode(const void *e, const void *c)
{
    return ((const tdn_episode *)e)->opened >= ((const since_ctx *)c)->since;
}
static bool keep_session(const void *e, const void *c)
{
    return ((const tdn_session *)e)->opened_at >= ((const since_ctx *)c)->since;
}
static bool keep_clinician(const void *e, const void *c)
{
    const tdn_chart *v = &((const since_ctx *)c)->view->chart;
    for (size_t i = 0; i < v->n_sessions; i++)
        if (strcmp(v->sessions[i].clinician, ((const tdn_user *)e)->username) == 0) return true;
    return false;
}
static bool keep_needle(const void *e, const void *c)
{
    return session_kept(c, ((const tdn_needle_row *)e)->session_id);
}
static bool keep_finding(const void *e, const void *c)
{
    return session_kept(c, ((const tdn_finding *)e)->session_id);
}
static bool keep_measure(const void *e, const void *c)
{
    return session_kept(c, ((const tdn_measure *)e)->session_id);
}
static bool keep_ae(const void *e, const void *c)
{
    return session_kept(c, ((const tdn_adverse_event *)e)->session_id);
}

/* The part of r recorded since (arrays new, elements shared with r). */
static bool since_view(const tdn_patient_record *r, int64_t since, tdn_patient_record *v)
{
    memset(v, 0, sizeof *v);
    since_ctx c = {since, v};
    const tdn_chart *in = &r->chart;
    tdn_chart *out = &v->chart;
    out->patient = in->patient;
#define KEEP(arr, n, fn) out->arr = keep_some(in->arr, in->n, sizeof *in->arr, &out->n, fn, &c)
    KEEP(consents, n_consents, keep_consent);
    KEEP(screenings, n_screenings, keep_screening);
    KEEP(episodes, n_episodes, keep_episode);
    KEEP(sessions, n_sessions, keep_session);
    KEEP(findings, n_findings, keep_finding);
    KEEP(measures, n_measures, keep_measure);
    KEEP(aes, n_aes, keep_ae);
#undef KEEP
    v->needles =
        keep_some(r->needles, r->n_needles, sizeof *r->needles, &v->n_needles, keep_needle, &c);
    v->clinicians = keep_some(r->clinicians, r->n_clinicians, sizeof *r->clinicians,
                              &v->n_clinicians, keep_clinician, &c);
    return v->clinicians && out->consents && out->screenings && out->episodes && out->sessions &&
           out->findings && out->measures && out->aes && v->needles;
}

static void since_view_free(tdn_patient_record *v)
{
    tdn_chart *c = &v->chart;
    free(c->consents), free(c->screenings), free(c->episodes), free(c->sessions);
    free(c->findings), free(c->measures), free(c->aes), free(v->needles), free(v->clinicians);
}

int tdn_fhir_bulk_add(void *ctx, const tdn_patient_record *r, tdn_err *err)
{
    tdn_fhir_bulk *b = ctx;
    if (!b->since) return tdn_fhir_record(b->map, r, tdn_fhir_ref_relative, write_line, b, err);
    tdn_patient_record v;
    int rc =
        since_view(r, b->since, &v) ? TDN_OK : tdn_err_set(err, TDN_ESYS, "export: out of memory");
    b->skip_patient = r->chart.patient.created < b->since;
    if (!rc) rc = tdn_fhir_record(b->map, &v, tdn_fhir_ref_relative, write_line, b, err);
    since_view_free(&v);
    return rc;
}

static void remove_tmp(tdn_fhir_bulk *b)
{
    for (int i = 0; i < b->n_files; i++) {
        if (b->files[i].fp) fclose(b->files[i].fp);
        b->files[i].fp = NULL;
        char path[4300];
        snprintf(path, sizeof path, "%s/%s.ndjson", b->tmp, b->files[i].type);
        unlink(path);
    }
    rmdir(b->tmp);
}

void tdn_fhir_bulk_abort(tdn_fhir_bulk *b)
{
    if (!b) return;
    remove_tmp(b);
    free(b);
}

int tdn_fhir_bulk_finish(tdn_fhir_bulk *b, json_t **counts, tdn_err *err)
{
    int rc = TDN_OK;
    json_t *c = json_object();
    for (int i = 0; i < b->n_files; i++) {
        FILE *fp = b->files[i].fp;
        b->files[i].fp = NULL;
        bool bad = fflush(fp) != 0 || fsync(fileno(fp)) != 0 || ferror(fp);
        if ((fclose(fp) != 0 || bad) && !rc)
            rc = tdn_err_set(err, TDN_ESYS, "DIR: error writing %s.ndjson", b->files[i].type);
        json_object_set_new(c, b->files[i].type, json_integer(b->files[i].count));
    }
    if (!rc && rename(b->tmp, b->dir) != 0)
        rc = tdn_err_set(err, TDN_ESYS, "DIR: cannot rename into %s: %s", b->dir, strerror(errno));
    if (rc) {
        remove_tmp(b);
        json_decref(c);
        c = NULL;
    }
    if (counts)
        *counts = c;
    else
        json_decref(c);
    free(b);
    return rc;
}

int tdn_write_file_atomic(const char *field, const char *path, const char *text, tdn_err *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return tdn_err_set(err, TDN_ESYS, "%s: cannot write %s: %s", field, path, strerror(errno));
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    bool ok = done == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp, path) == 0) return TDN_OK;
    int e = errno;
    unlink(tmp);
    return tdn_err_set(err, TDN_ESYS, "%s: cannot write %s: %s", field, path, strerror(e));
}
