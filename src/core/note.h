/* note.h — the SOAP-style session note: S = pain map, O = palpation findings
 * and pre/post measures, A/P = needling by muscle and side (technique, guide
 * tube, palpation, needle size, LTRs, redirections, dwell, e-stim), hazards,
 * adverse events (with action and outcome), overrides, the needle ledger, the
 * goals and plan, CPT and ICD-10-CM; its header names the patient, the
 * session and the clinician.
 * The caller passes the record data it holds (from the store) as plain
 * values; core formats. Pure: appends to a tdn_buf, no I/O. */
#ifndef TDN_NOTE_H
#define TDN_NOTE_H

#include <stdbool.h>

#include "core/billing.h"
#include "core/body.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/kb.h"
#include "core/protocol.h"

typedef struct tdn_note_finding {
    const char *muscle;
    char side;
    bool active; /* active (else latent) trigger point */
    bool taut_band, spot, ltr, referred;
} tdn_note_finding;

typedef struct tdn_note_measure {
    const char *kind;  /* nprs, ppt, rom, psfs */
    const char *site;  /* region, muscle or joint motion, with side */
    const char *phase; /* pre, post, followup */
    double value;
    const char *unit; /* "/10", "kg/cm2", "deg", ... or NULL */
} tdn_note_measure;

typedef struct tdn_note_input {
    const tdn_pain *pains; /* the pain map of the episode or session */
    int n_pains;
    const char *subjective; /* free text, or NULL */
    const tdn_note_finding *findings;
    int n_findings;
    const tdn_note_measure *measures;
    int n_measures;
    const char *condition; /* episode condition name, or NULL */
    const char *icd10;     /* its ICD-10-CM code, or NULL */
    const char *plan;      /* plan of care, or NULL */
    const char *goals;     /* the episode's goals, or NULL */
    /* who and by whom (NULL/0 = not given): the note names its patient */
    const char *patient_name, *patient_birth, *clinician;
    int64_t patient_id, session_id;
    const tdn_tz *zone; /* the clinic's clock for dates and times (NULL = UTC) */
} tdn_note_input;

/* Appends the note of session s to b. billing is tdn_billing_derive's answer. */
void tdn_session_note(const tdn_kb *kb, const tdn_needling *s, const tdn_billing *billing,
                      const tdn_note_input *in, tdn_buf *b);

#endif
