/* fhir.h — a patient's dry needling record as FHIR R4 resources (jansson
 * objects, never hand-built text), shared by `tdn export fhir` and the
 * read-only /fhir/ API.
 *
 * Every resource has a stable id derived from the tdn row it comes from
 * (Patient "1", Encounter "12", Observation "measure-40", ...), so that an
 * export sent twice updates rather than duplicates. References are made by a
 * caller-chosen function: "Type/id" for the API and bulk NDJSON, the
 * entry's urn:uuid inside a transaction Bundle.
 *
 * Resources (DESIGN and issue 12):
 *   Patient, Practitioner (a session's clinician), Encounter per session,
 *   Condition per episode (ICD-10-CM), Procedure per session with needles
 *   (CPT, body sites coded with SNOMED CT only where data/muscle_snomed.tsv
 *   has a sourced code, else text; laterality on a BodyStructure per muscle
 *   and side; the needle ledger in its note), BodyStructure, Observation per
 *   measure (NPRS: LOINC 72514-3; the others tdn codes) and per palpation
 *   finding, AdverseEvent, Consent, and the screening as a survey
 *   Observation with its decision and rule ids.
 * Times are the clinic's local time with its offset (the process TZ). */
#ifndef TDN_APP_FHIR_H
#define TDN_APP_FHIR_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"
#include "core/kb.h"
#include "core/tsv.h"
#include "store/store.h"

/* tdn's own namespaces (identifiers and code systems where no standard
 * code exists). */
#define TDN_FHIR_NS "urn:tdn:fhir:"

typedef struct tdn_fhir_snomed {
    char muscle[TDN_ID_MAX];
    char code[24];
    char display[96];
} tdn_fhir_snomed;

/* What the mapping needs besides the record: the knowledge base (names of
 * muscles and conditions) and the muscle → SNOMED CT map. */
typedef struct tdn_fhir_map {
    const tdn_kb *kb;
    tdn_fhir_snomed *snomed;
    size_t n_snomed;
} tdn_fhir_map;

/* Loads data/muscle_snomed.tsv (columns muscle, snomed, display, source)
 * from files[0..n); every muscle must be in kb and given once, every code
 * digits only. Free with tdn_fhir_map_free. */
int tdn_fhir_map_load(tdn_fhir_map *m, const tdn_kb *kb, const tdn_text_file *files, size_t n,
                      tdn_err *err);
void tdn_fhir_map_free(tdn_fhir_map *m);
/* The SNOMED CT code of a muscle, or NULL when no sourced code exists. */
const tdn_fhir_snomed *tdn_fhir_snomed_of(const tdn_fhir_map *m, const char *muscle);

/* How a resource names another: fills out (size TDN_FHIR_REF_MAX) for the
 * resource of type with id. */
#define TDN_FHIR_REF_MAX 96
typedef void (*tdn_fhir_ref_fn)(const char *type, const char *id, char *out);
/* "Type/id". */
void tdn_fhir_ref_relative(const char *type, const char *id, char *out);
/* "urn:uuid:..." derived from type and id (a stable name-based UUID). */
void tdn_fhir_ref_uuid(const char *type, const char *id, char *out);

/* Receives each resource (a new reference the callee owns). */
typedef int (*tdn_fhir_emit_fn)(void *ctx, json_t *resource, tdn_err *err);

/* Emits every resource of record r, Patient first, then the resources each
 * later one refers to before it. Stops at the first error of emit. */
int tdn_fhir_record(const tdn_fhir_map *m, const tdn_patient_record *r, tdn_fhir_ref_fn ref,
                    tdn_fhir_emit_fn emit, void *ctx, tdn_err *err);

/* The Patient resource of p. */
json_t *tdn_fhir_patient(const tdn_patient *p);

/* The whole record as one Bundle of type transaction: every entry has a
 * urn:uuid fullUrl, its resource and a request (PUT Type/id); references
 * are the entries' urn:uuids. NULL with err set on failure. */
json_t *tdn_fhir_transaction(const tdn_fhir_map *m, const tdn_patient_record *r, int64_t now,
                             tdn_err *err);

/* An OperationOutcome with one issue (severity error, code e.g.
 * "not-found", "invalid", "security"), diagnostics text. */
json_t *tdn_fhir_outcome(const char *code, const char *text);

/* t (unix seconds) as a FHIR dateTime on the clinic's clock with its offset:
 * "2026-11-23T11:33:00+01:00". */
void tdn_fhir_time(int64_t t, char out[32]);

/* ---- fhir_build.c: small builders shared by the mapping files ---------- */
json_t *tdn_fhir_coding(const char *system, const char *code, const char *display);
/* A CodeableConcept of one coding (system NULL: text only). */
json_t *tdn_fhir_concept(const char *system, const char *code, const char *display,
                         const char *text);
/* {"reference": ref(type, id)} */
json_t *tdn_fhir_reference(tdn_fhir_ref_fn ref, const char *type, const char *id);
/* Writes the decimal id of a row into out (size 32), with prefix ("" none). */
void tdn_fhir_id(char *out, const char *prefix, int64_t row);
/* A new resource {"resourceType": type, "id": id}. */
json_t *tdn_fhir_resource(const char *type, const char *id);
/* A muscle's words: the KB name, else the id. */
const char *tdn_fhir_muscle_name(const tdn_fhir_map *m, const char *muscle);

/* References to the Conditions of episode episode_id of r: one per ICD-10-CM
 * code of the episode (two for both sides coded apart). */
json_t *tdn_fhir_condition_refs(const tdn_fhir_map *m, const tdn_patient_record *r,
                                int64_t episode_id, tdn_fhir_ref_fn ref);

/* ---- fhir_clinical.c: the needling resources --------------------------- */
/* Emits one BodyStructure per muscle and side needled in r (any session). */
int tdn_fhir_body_structures(const tdn_fhir_map *m, const tdn_patient_record *r,
                             tdn_fhir_ref_fn ref, tdn_fhir_emit_fn emit, void *ctx, tdn_err *err);
/* Emits the Procedure, Observations and AdverseEvents of session s of r. */
int tdn_fhir_session_clinical(const tdn_fhir_map *m, const tdn_patient_record *r,
                              const tdn_session *s, tdn_fhir_ref_fn ref, tdn_fhir_emit_fn emit,
                              void *ctx, tdn_err *err);

#endif
