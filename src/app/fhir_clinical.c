/* fhir_clinical.c — the needling part of a record as FHIR R4 (fhir.h):
 * a BodyStructure per muscle and side (laterality as an R4 location
 * qualifier), a Procedure per session with needles (CPT, body sites, the
 * needle ledger in its note), an Observation per measure and per palpation
 * finding, and an AdverseEvent per adverse event. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "app/fhir.h"
#include "core/words.h"

#define SNOMED "http://snomed.info/sct"
#define CPT "http://www.ama-assn.org/go/cpt"
#define UCUM "http://unitsofmeasure.org"
#define LOINC "http://loinc.org"
#define OBS_CATEGORY "http://terminology.hl7.org/CodeSystem/observation-category"
#define AE_SERIOUS "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
#define AE_SEVERITY "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
#define AE_OUTCOME "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
#define TARGET_BODY "http://hl7.org/fhir/StructureDefinition/procedure-targetBodyStructure"

/* The BodyStructure id of a muscle and side of patient pid ("3-upper-trapezius-L"). */
static void body_id(char out[TDN_FHIR_REF_MAX], int64_t pid, const char *muscle, const char *side)
{
    int n = snprintf(out, TDN_FHIR_REF_MAX, "%lld-", (long long)pid);
    for (const char *p = muscle; *p && n < 60; p++)
        out[n++] = *p == '_' ? '-' : *p;
    snprintf(out + n, TDN_FHIR_REF_MAX - (size_t)n, "-%s", side);
}

/* A muscle (and side) as a CodeableConcept: SNOMED CT when sourced, and text. */
static json_t *muscle_site(const tdn_fhir_map *m, const char *muscle, const char *side)
{
    char text[160];
    const char *name = tdn_fhir_muscle_name(m, muscle);
    if (side && *side)
        snprintf(text, sizeof text, "%s, %s", name, tdn_side_words(side[0]));
    else
        snprintf(text, sizeof text, "%s", name);
    const tdn_fhir_snomed *sc = tdn_fhir_snomed_of(m, muscle);
    return tdn_fhir_concept(SNOMED, sc ? sc->code : NULL, sc ? sc->display : NULL, text);
}

/* SNOMED CT laterality qualifiers of FHIR R4's bodystructure-relative-location. */
static json_t *laterality(const char *side)
{
    bool l = strcmp(side, "L") == 0, r = strcmp(side, "R") == 0;
    return tdn_fhir_concept(SNOMED,
                            l   ? "419161000"
                            : r ? "419465000"
                                : "51440002",
                            l   ? "Unilateral left"
                            : r ? "Unilateral right"
                                : "Bilateral",
                            NULL);
}

/* True when needle i of r is the first of its muscle and side among
 * needles[0..i] that pass keep (session_id 0 = any session). */
static bool first_site(const tdn_patient_record *r, size_t i, int64_t session_id)
{
    const tdn_needle_row *n = &r->needles[i];
    for (size_t j = 0; j < i; j++) {
        const tdn_needle_row *o = &r->needles[j];
        if (session_id && o->session_id != session_id) continue;
        if (strcmp(o->muscle, n->muscle) == 0 && strcmp(o->side, n->side) == 0) return false;
    }
    return true;
}

int tdn_fhir_body_structures(const tdn_fhir_map *m, const tdn_patient_record *r,
                             tdn_fhir_ref_fn ref, tdn_fhir_emit_fn emit, void *ctx, tdn_err *err)
{
    int64_t pid = r->chart.patient.id;
    char id[TDN_FHIR_REF_MAX], pidtext[32];
    tdn_fhir_id(pidtext, "", pid);
    int rc = TDN_OK;
    for (size_t i = 0; !rc && i < r->n_needles; i++) {
        const tdn_needle_row *n = &r->needles[i];
        if (!first_site(r, i, 0)) continue;
        body_id(id, pid, n->muscle, n->side);
        json_t *b = tdn_fhir_resource("BodyStructure", id);
        json_object_set_new(b, "active", json_true());
        json_object_set_new(b, "location", muscle_site(m, n->muscle, NULL));
        json_object_set_new(b, "locationQualifier", json_pack("[o]", laterality(n->side)));
        char text[160];
        snprintf(text, sizeof text, "%s, %s", tdn_fhir_muscle_name(m, n->muscle),
                 tdn_side_words(n->side[0]));
        json_object_set_new(b, "description", json_string(text));
        json_object_set_new(b, "patient", tdn_fhir_reference(ref, "Patient", pidtext));
        rc = emit(ctx, b, err);
    }
    return rc;
}

/* The needle ledger of session s in words: counts, LTRs, each needle. */
static json_t *ledger_note(const tdn_fhir_map *m, const tdn_patient_record *r, int64_t sid)
{
    int in = 0, out = 0, broken = 0, ltr = 0;
    char lines[3000] = "";
    size_t len = 0;
    for (size_t i = 0; i < r->n_needles; i++) {
        const tdn_needle_row *n = &r->needles[i];
        if (n->session_id != sid) continue;
        in++;
        out += strcmp(n->state, "out") == 0;
        broken += strcmp(n->state, "broken") == 0;
        ltr += n->ltr_count;
        if (len < sizeof lines - 200)
            len += (size_t)snprintf(
                lines + len, sizeof lines - len, "\n#%d %s, %s, %s: %s, %d LTR, %d redirection%s",
                n->number, tdn_fhir_muscle_name(m, n->muscle), tdn_side_words(n->side[0]),
                n->technique, n->state, n->ltr_count, n->redirections, tdn_plural(n->redirections));
    }
    char head[200];
    snprintf(head, sizeof head,
             "Needle ledger: %d needle%s in, %d out, %d broken; %d local twitch response%s.", in,
             tdn_plural(in), out, broken, ltr, tdn_plural(ltr));
    return json_pack("[{s:s+}]", "text", head, lines);
}

static json_t *procedure(const tdn_fhir_map *m, const tdn_patient_record *r, const tdn_session *s,
                         tdn_fhir_ref_fn ref)
{
    char id[32], pid[32], t[32], bid[TDN_FHIR_REF_MAX];
    tdn_fhir_id(id, "", s->id);
    tdn_fhir_id(pid, "", s->patient_id);
    json_t *p = tdn_fhir_resource("Procedure", id);
    json_t *sites = json_array(), *targets = json_array();
    int64_t start = 0, end = 0;
    bool all_out = true;
    for (size_t i = 0; i < r->n_needles; i++) {
        const tdn_needle_row *n = &r->needles[i];
        if (n->session_id != s->id) continue;
        if (!start || n->inserted_at < start) start = n->inserted_at;
        if (n->withdrawn_at > end) end = n->withdrawn_at;
        all_out = all_out && n->withdrawn_at;
        if (!first_site(r, i, s->id)) continue;
        json_array_append_new(sites, muscle_site(m, n->muscle, n->side));
        body_id(bid, s->patient_id, n->muscle, n->side);
        json_array_append_new(targets, json_pack("{s:s, s:o}", "url", TARGET_BODY, "valueReference",
                                                 tdn_fhir_reference(ref, "BodyStructure", bid)));
    }
    json_object_set_new(p, "extension", targets);
    bool closed = strcmp(s->state, "closed") == 0, aborted = strcmp(s->state, "aborted") == 0;
    json_object_set_new(p, "status",
                        json_string(closed    ? "completed"
                                    : aborted ? "stopped"
                                              : "in-progress"));
    json_object_set_new(p, "code",
                        tdn_fhir_concept(CPT, s->cpt, NULL, "trigger point dry needling"));
    json_object_set_new(p, "subject", tdn_fhir_reference(ref, "Patient", pid));
    json_object_set_new(p, "encounter", tdn_fhir_reference(ref, "Encounter", id));
    json_t *period = json_object();
    tdn_fhir_time(start, t);
    json_object_set_new(period, "start", json_string(t));
    if (!all_out) end = s->closed_at;
    if (end) {
        tdn_fhir_time(end, t);
        json_object_set_new(period, "end", json_string(t));
    }
    json_object_set_new(p, "performedPeriod", period);
    char cid[32] = "";
    for (size_t i = 0; i < r->n_clinicians; i++)
        if (strcmp(r->clinicians[i].username, s->clinician) == 0)
            tdn_fhir_id(cid, "", r->clinicians[i].id);
    json_object_set_new(p, "performer",
                        json_pack("[{s:o}]", "actor",
                                  *cid ? tdn_fhir_reference(ref, "Practitioner", cid)
                                       : json_pack("{s:s}", "display", s->clinician)));
    if (s->episode_id)
        json_object_set_new(p, "reasonReference",
                            tdn_fhir_condition_refs(m, r, s->episode_id, ref));
    json_object_set_new(p, "bodySite", sites);
    json_object_set_new(p, "note", ledger_note(m, r, s->id));
    return p;
}

/* The observation's frame: status, category, subject, encounter, time. */
static json_t *observation(const char *id, const char *category, int64_t pid, int64_t sid,
                           int64_t at, tdn_fhir_ref_fn ref)
{
    char p[32], e[32], t[32];
    tdn_fhir_id(p, "", pid);
    tdn_fhir_id(e, "", sid);
    tdn_fhir_time(at, t);
    json_t *o = tdn_fhir_resource("Observation", id);
    json_object_set_new(o, "status", json_string("final"));
    json_object_set_new(o, "category",
                        json_pack("[o]", tdn_fhir_concept(OBS_CATEGORY, category, NULL, NULL)));
    json_object_set_new(o, "subject", tdn_fhir_reference(ref, "Patient", p));
    json_object_set_new(o, "encounter", tdn_fhir_reference(ref, "Encounter", e));
    json_object_set_new(o, "effectiveDateTime", json_string(t));
    return o;
}

static json_t *measure(const tdn_fhir_map *m, const tdn_measure *x, int64_t pid,
                       tdn_fhir_ref_fn ref)
{
    char id[32], text[200];
    tdn_fhir_id(id, "measure-", x->id);
    bool nprs = strcmp(x->kind, "nprs") == 0, ppt = strcmp(x->kind, "ppt") == 0;
    bool rom = strcmp(x->kind, "rom") == 0;
    json_t *o = observation(id, nprs || !(ppt || rom) ? "survey" : "exam", pid, x->session_id,
                            x->recorded_at, ref);
    json_t *code;
    if (nprs)
        code = tdn_fhir_concept(LOINC, "72514-3",
                                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                                "Numeric pain rating (0-10)");
    else {
        snprintf(text, sizeof text, "%s%s%s",
                 ppt   ? "Pressure pain threshold"
                 : rom ? "Range of motion, "
                       : "Patient-Specific Functional Scale",
                 rom ? x->motion : "", rom ? " movement" : "");
        code = tdn_fhir_concept(TDN_FHIR_NS "measure", x->kind, NULL, text);
    }
    json_object_set_new(o, "code", code);
    const char *unit = ppt ? "kg/cm2" : rom ? "deg" : "{score}";
    json_object_set_new(o, "valueQuantity",
                        json_pack("{s:f, s:s, s:s, s:s}", "value", x->value, "unit", unit, "system",
                                  UCUM, "code", unit));
    snprintf(text, sizeof text, "%s, %s", x->site, tdn_side_words(x->side[0]));
    json_object_set_new(o, "bodySite",
                        ppt ? muscle_site(m, x->site, x->side)
                            : tdn_fhir_concept(NULL, NULL, NULL, text));
    const char *phase = strcmp(x->phase, "pre") == 0    ? "Before needling"
                        : strcmp(x->phase, "post") == 0 ? "After needling"
                                                        : "Follow-up";
    json_object_set_new(o, "note", json_pack("[{s:s}]", "text", phase));
    return o;
}

static json_t *finding(const tdn_fhir_map *m, const tdn_finding *f, int64_t pid,
                       tdn_fhir_ref_fn ref)
{
    char id[32];
    tdn_fhir_id(id, "finding-", f->id);
    json_t *o = observation(id, "exam", pid, f->session_id, f->recorded_at, ref);
    json_object_set_new(o, "code",
                        tdn_fhir_concept(TDN_FHIR_NS "finding", "trigger-point", NULL,
                                         "Myofascial trigger point on palpation"));
    json_object_set_new(
        o, "valueCodeableConcept",
        tdn_fhir_concept(TDN_FHIR_NS "trigger-point-type", f->tp_type, NULL, f->tp_type));
    json_object_set_new(o, "bodySite", muscle_site(m, f->muscle, f->side));
    static const char *const names[] = {"taut-band", "hyperirritable-spot", "local-twitch-response",
                                        "referred-pain"};
    const bool values[] = {f->taut_band, f->spot, f->ltr, f->referred};
    json_t *comps = json_array();
    for (int i = 0; i < 4; i++)
        json_array_append_new(
            comps, json_pack("{s:o, s:b}", "code",
                             tdn_fhir_concept(TDN_FHIR_NS "finding", names[i], NULL, NULL),
                             "valueBoolean", values[i]));
    json_object_set_new(o, "component", comps);
    return o;
}

static json_t *adverse_event(const tdn_adverse_event *a, int64_t pid, bool has_procedure,
                             tdn_fhir_ref_fn ref)
{
    char id[32], p[32], e[32], t[32];
    tdn_fhir_id(id, "", a->id);
    tdn_fhir_id(p, "", pid);
    tdn_fhir_id(e, "", a->session_id);
    json_t *x = tdn_fhir_resource("AdverseEvent", id);
    json_object_set_new(x, "actuality", json_string("actual"));
    json_object_set_new(x, "event",
                        tdn_fhir_concept(TDN_FHIR_NS "adverse-event", a->kind, NULL, a->kind));
    json_object_set_new(x, "subject", tdn_fhir_reference(ref, "Patient", p));
    json_object_set_new(x, "encounter", tdn_fhir_reference(ref, "Encounter", e));
    tdn_fhir_time(a->onset ? a->onset : a->recorded_at, t);
    json_object_set_new(x, "date", json_string(t));
    tdn_fhir_time(a->recorded_at, t);
    json_object_set_new(x, "recordedDate", json_string(t));
    /* tdn's tiers are the survey's (Brady 2014): "serious" (hospital
     * admission, lasting disability or death) is FHIR's seriousness
     * "serious"; "significant" and "serious" are both severity "severe", as
     * FHIR's severity has only mild, moderate and severe. */
    bool serious = strcmp(a->severity, "serious") == 0;
    bool severe = serious || strcmp(a->severity, "significant") == 0;
    json_object_set_new(x, "seriousness",
                        tdn_fhir_concept(AE_SERIOUS, serious ? "serious" : "non-serious",
                                         serious ? "Serious" : "Non-serious", NULL));
    json_object_set_new(
        x, "severity",
        tdn_fhir_concept(AE_SEVERITY, severe ? "severe" : a->severity, NULL, a->severity));
    json_object_set_new(
        x, "outcome",
        tdn_fhir_concept(AE_OUTCOME, a->resolved ? "resolved" : "ongoing", NULL, NULL));
    if (has_procedure)
        json_object_set_new(
            x, "suspectEntity",
            json_pack("[{s:o}]", "instance", tdn_fhir_reference(ref, "Procedure", e)));
    return x;
}

static int put(tdn_fhir_emit_fn emit, void *ctx, json_t *res, tdn_err *err)
{
    if (!res) return tdn_err_set(err, TDN_ESYS, "fhir: out of memory");
    return emit(ctx, res, err);
}

int tdn_fhir_session_clinical(const tdn_fhir_map *m, const tdn_patient_record *r,
                              const tdn_session *s, tdn_fhir_ref_fn ref, tdn_fhir_emit_fn emit,
                              void *ctx, tdn_err *err)
{
    const tdn_chart *c = &r->chart;
    int64_t pid = c->patient.id;
    bool needled = false;
    for (size_t i = 0; i < r->n_needles && !needled; i++)
        needled = r->needles[i].session_id == s->id;
    int rc = needled ? put(emit, ctx, procedure(m, r, s, ref), err) : TDN_OK;
    for (size_t i = 0; !rc && i < c->n_findings; i++)
        if (c->findings[i].session_id == s->id)
            rc = put(emit, ctx, finding(m, &c->findings[i], pid, ref), err);
    for (size_t i = 0; !rc && i < c->n_measures; i++)
        if (c->measures[i].session_id == s->id)
            rc = put(emit, ctx, measure(m, &c->measures[i], pid, ref), err);
    for (size_t i = 0; !rc && i < c->n_aes; i++)
        if (c->aes[i].session_id == s->id)
            rc = put(emit, ctx, adverse_event(&c->aes[i], pid, needled, ref), err);
    return rc;
}
