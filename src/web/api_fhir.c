/* api_fhir.c — the read-only FHIR R4 API under /fhir/ (issue 12): metadata
 * (a CapabilityStatement), Patient/:id, Patient?name=&birthdate= (a searchset
 * Bundle), Patient/:id/$everything (every resource of the record, a
 * searchset Bundle). Answers are application/fhir+json; errors are
 * OperationOutcome (tdn_fhir_answer rewrites the dispatcher's own errors on
 * /fhir/ paths). Clients sign in with the web session or, for machines, an
 * API token as "Authorization: Bearer tdn_..." (tdn_auth_bearer; /fhir/ only).
 * Every read goes through audited store calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/fhir.h"
#include "app/kbfiles.h"
#include "app/token.h"
#include "web/routes.h"
#include "web/server.h"

#define FHIR_JSON "application/fhir+json"

static bool is_fhir(const char *path)
{
    return strncmp(path, "/fhir/", 6) == 0 || strcmp(path, "/fhir") == 0;
}

bool tdn_auth_bearer(tdn_req *req, tdn_web_user *u)
{
    const char *h = tdn_req_header(req, "Authorization");
    if (!is_fhir(req->path) || !h || strncmp(h, "Bearer ", 7) != 0) return false;
    char hash[TDN_TOKEN_HASH_LEN + 1];
    if (!tdn_token_hash(h + 7, hash)) return false;
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    tdn_user su;
    if (!st || tdn_store_token_user(st, hash, req->now, &su, &err)) return false;
    memset(u, 0, sizeof *u);
    u->id = su.id;
    snprintf(u->name, sizeof u->name, "%s", su.username);
    snprintf(u->display, sizeof u->display, "%s", su.display);
    snprintf(u->role, sizeof u->role, "%s", su.role);
    u->role_bit = tdn_role_bit(su.role);
    u->patient_id = su.patient_id;
    return true;
}

static void fhir_json(tdn_resp *resp, int status, json_t *v)
{
    tdn_resp_json(resp, status, v);
    resp->ctype = FHIR_JSON;
}

static const char *issue_code(int status)
{
    return status == 401   ? "login"
           : status == 403 ? "forbidden"
           : status == 404 ? "not-found"
           : status == 405 ? "not-supported"
           : status == 409 ? "conflict"
           : status < 500  ? "invalid"
                           : "exception";
}

void tdn_fhir_answer(const tdn_req *req, tdn_resp *resp)
{
    if (!is_fhir(req->path) || resp->status < 400 || !resp->ctype ||
        strcmp(resp->ctype, "application/json") != 0)
        return;
    json_t *old = json_loadb(resp->body.data, resp->body.len, 0, NULL);
    const char *msg = json_string_value(json_object_get(old, "error"));
    int status = resp->status;
    fhir_json(resp, status, tdn_fhir_outcome(issue_code(status), msg ? msg : "error"));
    json_decref(old);
}

static void fhir_err(tdn_resp *resp, const tdn_err *err)
{
    tdn_resp_err(resp, err); /* the status as everywhere else */
    fhir_json(resp, resp->status, tdn_fhir_outcome(issue_code(resp->status), err->msg));
}

/* fhirVersion 4.0.0: R4 as the official R4 JSON schema (and FHIR.js) know
 * it; 4.0.1 is a technical correction of the same R4 that schema rejects. */
void tdn_fhir_metadata(tdn_req *req, tdn_resp *resp)
{
    char t[32];
    tdn_fhir_time(req->now, t);
    json_t *ops = json_pack("[{s:s, s:s}]", "name", "everything", "definition",
                            "http://hl7.org/fhir/OperationDefinition/Patient-everything");
    json_t *patient =
        json_pack("{s:s, s:[{s:s}, {s:s}], s:[{s:s, s:s}, {s:s, s:s}], s:o}", "type", "Patient",
                  "interaction", "code", "read", "code", "search-type", "searchParam", "name",
                  "name", "type", "string", "name", "birthdate", "type", "date", "operation", ops);
    static const char *const others[] = {"Practitioner", "Encounter",     "Condition",
                                         "Procedure",    "BodyStructure", "Observation",
                                         "AdverseEvent", "Consent"};
    json_t *resources = json_pack("[o]", patient);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        json_array_append_new(resources, json_pack("{s:s}", "type", others[i]));
    fhir_json(resp, 200,
              json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:{s:s}, s:[{s:s, s:o}]}", "resourceType",
                        "CapabilityStatement", "status", "active", "date", t, "kind", "instance",
                        "fhirVersion", "4.0.0", "format", "json", "software", "name", "tdn", "rest",
                        "mode", "server", "resource", resources));
}

static json_t *searchset(void)
{
    return json_pack("{s:s, s:s, s:i, s:[]}", "resourceType", "Bundle", "type", "searchset",
                     "total", 0, "entry");
}

static void add_match(json_t *bundle, json_t *res, const char *mode)
{
    char url[TDN_FHIR_REF_MAX];
    tdn_fhir_ref_relative(json_string_value(json_object_get(res, "resourceType")),
                          json_string_value(json_object_get(res, "id")), url);
    json_t *entry = json_object_get(bundle, "entry");
    json_array_append_new(entry, json_pack("{s:s, s:o, s:{s:s}}", "fullUrl", url, "resource", res,
                                           "search", "mode", mode));
    json_object_set_new(bundle, "total", json_integer((json_int_t)json_array_size(entry)));
}

/* A patient login reads only its own record. */
static bool may_read(const tdn_req *req, int64_t patient_id)
{
    return !req->user || !req->user->patient_id || req->user->patient_id == patient_id;
}

static tdn_store *fhir_store(tdn_req *req, tdn_resp *resp, tdn_act *act)
{
    tdn_store *s = tdn_api_store(req, resp, act);
    if (!s) tdn_fhir_answer(req, resp);
    return s;
}

static bool refuse_other(tdn_req *req, tdn_resp *resp, int64_t id)
{
    if (may_read(req, id)) return false;
    tdn_err err;
    tdn_err_set(&err, TDN_EINPUT, "patient: no patient with id %lld", (long long)id);
    fhir_err(resp, &err);
    return true;
}

void tdn_fhir_patient_read(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *s = fhir_store(req, resp, &act);
    if (!s || refuse_other(req, resp, req->id[0])) return;
    tdn_patient p;
    tdn_err err = {0};
    if (tdn_store_patient_get(s, &act, req->id[0], &p, &err)) return fhir_err(resp, &err);
    fhir_json(resp, 200, tdn_fhir_patient(&p));
}

void tdn_fhir_patient_search(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *s = fhir_store(req, resp, &act);
    if (!s) return;
    const char *name = tdn_in_str(req, "name"), *birth = tdn_in_str(req, "birthdate");
    tdn_patient *rows = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_patient_list(s, &act, name, &rows, &n, &err)) return fhir_err(resp, &err);
    json_t *b = searchset();
    for (size_t i = 0; i < n; i++)
        if ((!birth || strcmp(rows[i].birth, birth) == 0) && may_read(req, rows[i].id))
            add_match(b, tdn_fhir_patient(&rows[i]), "match");
    free(rows);
    fhir_json(resp, 200, b);
}

static int add_include(void *ctx, json_t *res, tdn_err *err)
{
    (void)err;
    add_match(ctx, res, "match");
    return TDN_OK;
}

void tdn_fhir_everything(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *s = fhir_store(req, resp, &act);
    if (!s || refuse_other(req, resp, req->id[0])) return;
    const tdn_kbfiles *f = tdn_req_kbfiles(req);
    tdn_fhir_map m;
    tdn_err err = {0};
    if (tdn_fhir_map_load(&m, tdn_req_kb(req), f->files, f->n, &err)) return fhir_err(resp, &err);
    tdn_patient_record r;
    if (tdn_store_record_export(s, &act, req->id[0], "fhir api $everything", &r, &err)) {
        tdn_fhir_map_free(&m);
        return fhir_err(resp, &err);
    }
    json_t *b = searchset();
    int rc = tdn_fhir_record(&m, &r, tdn_fhir_ref_relative, add_include, b, &err);
    tdn_patient_record_free(&r);
    tdn_fhir_map_free(&m);
    if (rc) {
        json_decref(b);
        return fhir_err(resp, &err);
    }
    fhir_json(resp, 200, b);
}
