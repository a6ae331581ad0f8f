/* fhir.c — the administrative part of a record as FHIR R4 (fhir.h):
 * Patient, Practitioner, Encounter, Condition, Consent and the screening,
 * the order in which a record's resources are emitted, and the transaction
 * Bundle. The needling resources are fhir_clinical.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/episode_code.h"
#include "app/fhir.h"

#define V3_ACT "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define ICD10CM "http://hl7.org/fhir/sid/icd-10-cm"
#define COND_CLINICAL "http://terminology.hl7.org/CodeSystem/condition-clinical"
#define COND_VERIFY "http://terminology.hl7.org/CodeSystem/condition-ver-status"
#define COND_CATEGORY "http://terminology.hl7.org/CodeSystem/condition-category"
#define CONSENT_SCOPE "http://terminology.hl7.org/CodeSystem/consentscope"
#define OBS_CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"
#define LOINC "http://loinc.org"

/* A person's name as HumanName: the whole text, the last word as family and
 * the words before it as given names. */
static json_t *human_name(const char *full)
{
    json_t *n = json_pack("{s:s, s:s}", "use", "official", "text", full);
    const char *end = full + strlen(full);
    while (end > full && end[-1] == ' ')
        end--;
    const char *last = end;
    while (last > full && last[-1] != ' ')
        last--;
    json_object_set_new(n, "family", json_stringn(last, (size_t)(end - last)));
    json_t *given = json_array();
    const char *p = full;
    while (p < last) {
        size_t len = strcspn(p, " ");
        if (len && p + len <= last) json_array_append_new(given, json_stringn(p, len));
        p += len + (p[len] == ' ');
    }
    if (json_array_size(given))
        json_object_set_new(n, "given", given);
    else
        json_decref(given);
    return json_pack("[o]", n);
}

json_t *tdn_fhir_patient(const tdn_patient *p)
{
    char id[32];
    tdn_fhir_id(id, "", p->id);
    json_t *r = tdn_fhir_resource("Patient", id);
    const char *gender = strcmp(p->sex, "F") == 0   ? "female"
                         : strcmp(p->sex, "M") == 0 ? "male"
                         : strcmp(p->sex, "X") == 0 ? "other"
                                                    : "unknown";
    json_object_set_new(r, "identifier",
                        json_pack("[{s:s, s:s}]", "system", TDN_FHIR_NS "patient", "value", id));
    json_object_set_new(r, "name", human_name(p->name));
    json_object_set_new(r, "gender", json_string(gender));
    json_object_set_new(r, "birthDate", json_string(p->birth));
    return r;
}

static json_t *practitioner(const tdn_user *u)
{
    char id[32];
    tdn_fhir_id(id, "", u->id);
    json_t *r = tdn_fhir_resource("Practitioner", id);
    json_object_set_new(
        r, "identifier",
        json_pack("[{s:s, s:s}]", "system", TDN_FHIR_NS "user", "value", u->username));
    json_object_set_new(r, "name", human_name(*u->display ? u->display : u->username));
    return r;
}

/* The Practitioner id of a session's clinician, "" when not a user. */
static void clinician_id(const tdn_patient_record *r, const char *username, char id[32])
{
    *id = '\0';
    for (size_t i = 0; i < r->n_clinicians; i++)
        if (strcmp(r->clinicians[i].username, username) == 0)
            tdn_fhir_id(id, "", r->clinicians[i].id);
}

static json_t *encounter(const tdn_fhir_map *m, const tdn_patient_record *r, const tdn_session *s,
                         tdn_fhir_ref_fn ref)
{
    char id[32], pid[32], t[32];
    tdn_fhir_id(id, "", s->id);
    tdn_fhir_id(pid, "", s->patient_id);
    json_t *e = tdn_fhir_resource("Encounter", id);
    const char *status = strcmp(s->state, "closed") == 0    ? "finished"
                         : strcmp(s->state, "aborted") == 0 ? "cancelled"
                                                            : "in-progress";
    json_object_set_new(e, "identifier",
                        json_pack("[{s:s, s:s}]", "system", TDN_FHIR_NS "session", "value", id));
    json_object_set_new(e, "status", json_string(status));
    json_object_set_new(e, "class", tdn_fhir_coding(V3_ACT, "AMB", "ambulatory"));
    json_object_set_new(
        e, "type",
        json_pack("[o]", tdn_fhir_concept(TDN_FHIR_NS "encounter-type", "dry-needling-session",
                                          NULL, "Trigger point dry needling session")));
    json_object_set_new(e, "subject", tdn_fhir_reference(ref, "Patient", pid));
    json_t *period = json_object();
    tdn_fhir_time(s->opened_at, t);
    json_object_set_new(period, "start", json_string(t));
    if (s->closed_at) {
        tdn_fhir_time(s->closed_at, t);
        json_object_set_new(period, "end", json_string(t));
    }
    json_object_set_new(e, "period", period);
    char cid[32];
    clinician_id(r, s->clinician, cid);
    json_t *who = *cid ? tdn_fhir_reference(ref, "Practitioner", cid)
                       : json_pack("{s:s}", "display", s->clinician);
    json_object_set_new(e, "participant", json_pack("[{s:o}]", "individual", who));
    if (s->episode_id)
        json_object_set_new(e, "reasonReference",
                            tdn_fhir_condition_refs(m, r, s->episode_id, ref));
    return e;
}

/* The ICD-10-CM codes of episode ep at its first session into codes: one,
 * or two for both sides where ICD-10-CM has no bilateral code (core/icd.h:
 * "M25.511, M25.512"). Returns the count; 0 when the episode is not coded. */
static int condition_codes(const tdn_fhir_map *m, const tdn_episode *ep,
                           char codes[2][TDN_ICD_CODE_MAX])
{
    char all[TDN_ICD_CODED_MAX] = "";
    if (m->kb)
        tdn_episode_code(m->kb, ep, true, all, sizeof all);
    else
        snprintf(all, sizeof all, "%s", ep->icd10);
    int n = 0;
    char *save = NULL;
    for (char *c = strtok_r(all, ", ", &save); c && n < 2; c = strtok_r(NULL, ", ", &save))
        if (strcmp(c, "-") != 0) snprintf(codes[n++], TDN_ICD_CODE_MAX, "%s", c);
    return n;
}

/* The id of the k-th Condition of an episode: "<episode>", then "<episode>-2". */
static void condition_id(char out[32], int64_t episode_id, int k)
{
    tdn_fhir_id(out, "", episode_id);
    if (k) snprintf(out + strlen(out), 32 - strlen(out), "-%d", k + 1);
}

json_t *tdn_fhir_condition_refs(const tdn_fhir_map *m, const tdn_patient_record *r,
                                int64_t episode_id, tdn_fhir_ref_fn ref)
{
    char codes[2][TDN_ICD_CODE_MAX], id[32];
    int n = 1;
    for (size_t i = 0; i < r->chart.n_episodes; i++)
        if (r->chart.episodes[i].id == episode_id)
            n = condition_codes(m, &r->chart.episodes[i], codes);
    json_t *refs = json_array();
    for (int k = 0; k < (n ? n : 1); k++) {
        condition_id(id, episode_id, k);
        json_array_append_new(refs, tdn_fhir_reference(ref, "Condition", id));
    }
    return refs;
}

/* The k-th Condition of episode ep, coded with code (NULL = text only). */
static json_t *condition(const tdn_fhir_map *m, const tdn_episode *ep, int k, const char *code,
                         tdn_fhir_ref_fn ref)
{
    char id[32], pid[32], t[32];
    condition_id(id, ep->id, k);
    tdn_fhir_id(pid, "", ep->patient_id);
    json_t *c = tdn_fhir_resource("Condition", id);
    const char *clinical = ep->closed ? "resolved" : "active";
    json_object_set_new(c, "clinicalStatus", tdn_fhir_concept(COND_CLINICAL, clinical, NULL, NULL));
    json_object_set_new(c, "verificationStatus",
                        tdn_fhir_concept(COND_VERIFY, "confirmed", "Confirmed", NULL));
    json_object_set_new(c, "category",
                        json_pack("[o]", tdn_fhir_concept(COND_CATEGORY, "encounter-diagnosis",
                                                          "Encounter Diagnosis", NULL)));
    int ci = m->kb ? tdn_kb_condition_find(m->kb, ep->condition) : -1;
    const char *name = ci >= 0 ? m->kb->conditions[ci].name : ep->condition;
    json_object_set_new(c, "code", tdn_fhir_concept(ICD10CM, code, NULL, name));
    json_object_set_new(c, "subject", tdn_fhir_reference(ref, "Patient", pid));
    tdn_fhir_time(ep->opened, t);
    json_object_set_new(c, "onsetDateTime", json_string(t));
    json_object_set_new(c, "recordedDate", json_string(t));
    if (ep->closed) {
        tdn_fhir_time(ep->closed, t);
        json_object_set_new(c, "abatementDateTime", json_string(t));
    }
    if (*ep->goals)
        json_object_set_new(c, "note", json_pack("[{s:s+}]", "text", "Goals: ", ep->goals));
    return c;
}

static json_t *consent(const tdn_consent *k, tdn_fhir_ref_fn ref)
{
    char id[32], pid[32], t[32];
    tdn_fhir_id(id, "", k->id);
    tdn_fhir_id(pid, "", k->patient_id);
    json_t *c = tdn_fhir_resource("Consent", id);
    /* A withdrawn consent is no longer in force: R4's "inactive". */
    json_object_set_new(c, "status", json_string(k->withdrawn_at ? "inactive" : "active"));
    json_object_set_new(c, "scope",
                        tdn_fhir_concept(CONSENT_SCOPE, "treatment", "Treatment", NULL));
    json_object_set_new(
        c, "category",
        json_pack("[o]", tdn_fhir_concept(LOINC, "59284-0", "Patient Consent", NULL)));
    json_object_set_new(c, "patient", tdn_fhir_reference(ref, "Patient", pid));
    tdn_fhir_time(k->given_at, t);
    json_object_set_new(c, "dateTime", json_string(t));
    bool guardian = strcmp(k->given_by, "guardian") == 0;
    json_object_set_new(c, "performer",
                        json_pack("[o]", guardian ? json_pack("{s:s, s:s}", "type", "RelatedPerson",
                                                              "display", "the patient's guardian")
                                                  : tdn_fhir_reference(ref, "Patient", pid)));
    json_object_set_new(
        c, "policyRule",
        tdn_fhir_concept(NULL, NULL, NULL, "Informed consent to trigger point dry needling"));
    json_object_set_new(
        c, "provision",
        json_pack("{s:s, s:[o]}", "type", "permit", "code",
                  tdn_fhir_concept(NULL, NULL, NULL, "Trigger point dry needling")));
    return c;
}

/* The screening as an Observation of category survey: the decision as its
 * value, each reason (rule id, level, detail) as a component. */
static json_t *screening(const tdn_screening *x, tdn_fhir_ref_fn ref)
{
    char id[32], pid[32], t[32];
    tdn_fhir_id(id, "screening-", x->id);
    tdn_fhir_id(pid, "", x->patient_id);
    json_t *o = tdn_fhir_resource("Observation", id);
    json_object_set_new(o, "status", json_string("final"));
    json_object_set_new(o, "category",
                        json_pack("[o]", tdn_fhir_concept(OBS_CATEGORY, "survey", "Survey", NULL)));
    json_object_set_new(o, "code",
                        tdn_fhir_concept(TDN_FHIR_NS "observation", "screening", NULL,
                                         "Dry needling screening decision"));
    json_object_set_new(o, "subject", tdn_fhir_reference(ref, "Patient", pid));
    tdn_fhir_time(x->created, t);
    json_object_set_new(o, "effectiveDateTime", json_string(t));
    json_object_set_new(
        o, "valueCodeableConcept",
        tdn_fhir_concept(TDN_FHIR_NS "screening-decision", x->decision, NULL, x->decision));
    json_t *reasons = json_loads(x->reasons ? x->reasons : "[]", 0, NULL), *comps = json_array();
    size_t i;
    json_t *rs;
    json_array_foreach(reasons, i, rs)
    {
        const char *rule = json_string_value(json_object_get(rs, "rule"));
        const char *level = json_string_value(json_object_get(rs, "level"));
        const char *detail = json_string_value(json_object_get(rs, "detail"));
        if (!rule) continue;
        char text[600];
        snprintf(text, sizeof text, "%s%s%s", level ? level : "", level && detail ? ": " : "",
                 detail ? detail : "");
        json_array_append_new(
            comps, json_pack("{s:o, s:s}", "code",
                             tdn_fhir_concept(TDN_FHIR_NS "screening-rule", rule, NULL, NULL),
                             "valueString", *text ? text : rule));
    }
    json_decref(reasons);
    if (json_array_size(comps))
        json_object_set_new(o, "component", comps);
    else
        json_decref(comps);
    return o;
}

static int emit(tdn_fhir_emit_fn fn, void *ctx, json_t *res, tdn_err *err)
{
    if (!res) return tdn_err_set(err, TDN_ESYS, "fhir: out of memory");
    return fn(ctx, res, err);
}

int tdn_fhir_record(const tdn_fhir_map *m, const tdn_patient_record *r, tdn_fhir_ref_fn ref,
                    tdn_fhir_emit_fn fn, void *ctx, tdn_err *err)
{
    const tdn_chart *c = &r->chart;
    int rc = emit(fn, ctx, tdn_fhir_patient(&c->patient), err);
    for (size_t i = 0; !rc && i < r->n_clinicians; i++)
        rc = emit(fn, ctx, practitioner(&r->clinicians[i]), err);
    for (size_t i = 0; !rc && i < c->n_consents; i++)
        rc = emit(fn, ctx, consent(&c->consents[i], ref), err);
    for (size_t i = 0; !rc && i < c->n_screenings; i++)
        rc = emit(fn, ctx, screening(&c->screenings[i], ref), err);
    for (size_t i = 0; !rc && i < c->n_episodes; i++) {
        char codes[2][TDN_ICD_CODE_MAX];
        int n = condition_codes(m, &c->episodes[i], codes);
        for (int k = 0; !rc && k < (n ? n : 1); k++)
            rc = emit(fn, ctx, condition(m, &c->episodes[i], k, n ? codes[k] : NULL, ref), err);
    }
    if (!rc) rc = tdn_fhir_body_structures(m, r, ref, fn, ctx, err);
    for (size_t i = 0; !rc && i < c->n_sessions; i++) {
        rc = emit(fn, ctx, encounter(m, r, &c->sessions[i], ref), err);
        if (!rc) rc = tdn_fhir_session_clinical(m, r, &c->sessions[i], ref, fn, ctx, err);
    }
    return rc;
}

/* Appends a resource to a transaction Bundle as a PUT of Type/id. */
static int bundle_add(void *ctx, json_t *res, tdn_err *err)
{
    const char *type = json_string_value(json_object_get(res, "resourceType"));
    const char *id = json_string_value(json_object_get(res, "id"));
    char full[TDN_FHIR_REF_MAX], url[TDN_FHIR_REF_MAX];
    tdn_fhir_ref_uuid(type, id, full);
    tdn_fhir_ref_relative(type, id, url);
    json_t *entry = json_pack("{s:s, s:o, s:{s:s, s:s}}", "fullUrl", full, "resource", res,
                              "request", "method", "PUT", "url", url);
    if (!entry || json_array_append_new(ctx, entry))
        return tdn_err_set(err, TDN_ESYS, "fhir: out of memory");
    return TDN_OK;
}

json_t *tdn_fhir_transaction(const tdn_fhir_map *m, const tdn_patient_record *r, int64_t now,
                             tdn_err *err)
{
    json_t *entries = json_array();
    if (!entries) return tdn_err_set(err, TDN_ESYS, "fhir: out of memory"), NULL;
    if (tdn_fhir_record(m, r, tdn_fhir_ref_uuid, bundle_add, entries, err)) {
        json_decref(entries);
        return NULL;
    }
    char t[32];
    tdn_fhir_time(now, t);
    return json_pack("{s:s, s:s, s:s, s:o}", "resourceType", "Bundle", "type", "transaction",
                     "timestamp", t, "entry", entries);
}
