/* note.h — the SOAP-style session note: S = pain map, O = palpation findings
 * and pre/post measures, A/P = needling by muscle and side (technique, guide
 * tube, palpation, needle size, LTRs, redirections, dwell, e-stim), hazards,
 * adverse events (with action and outcome), overrides, the needle ledger, the
 * goals and plan, CPT and ICD-10-CM; its header names the patient, the
 * session, the clinician (full name and credentials) and the screening's
 * verdict with its reasons in words and the regions it blocked. Times are on
 * the clinic's clock; no rule id is printed. The generated note is saved at
 * close; the document a clinician signs is that note, then the clinician's
 * own text (Subjective, Objective notes, Assessment, Plan), then the
 * signature line, then any addenda.
 * Sign and lock (rules note.edit, note.sign, note.addendum): the text may be
 * edited until the note is signed; a note is signed once, after its session
 * closed or was aborted; after signing only addenda are added.
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
    bool none; /* palpated, no trigger point found */
} tdn_note_finding;

typedef struct tdn_note_measure {
    const char *kind;  /* nprs, ppt, rom, psfs */
    const char *site;  /* region, muscle or joint motion, with side */
    const char *phase; /* pre, post, followup */
    double value;
    const char *unit; /* "/10", "kg/cm2", "deg", ... or NULL */
} tdn_note_measure;

/* One reason of the screening, in words: level go|caution|no_go|info and
 * the advice text the screening gave (never its rule id). */
typedef struct tdn_note_reason {
    const char *level;
    const char *detail;
} tdn_note_reason;

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
    /* the screening the session opened with (decision NULL = none on record) */
    const char *screen_decision; /* go, caution, no_go */
    int64_t screened_at;
    const tdn_note_reason *screen_reasons;
    int n_screen_reasons;
} tdn_note_input;

/* Appends the note of session s to b. billing is tdn_billing_derive's answer. */
void tdn_session_note(const tdn_kb *kb, const tdn_needling *s, const tdn_billing *billing,
                      const tdn_note_input *in, tdn_buf *b);

/* The clinician's own text of the note (NULL or "" = not written). */
typedef struct tdn_note_soap {
    const char *subjective, *objective, *assessment, *plan;
} tdn_note_soap;

/* Appends the clinician's section: a heading and one labelled block per
 * field, further lines indented. */
void tdn_note_clinician(const tdn_note_soap *t, tdn_buf *b);
/* Appends "Signed electronically by <signer> on <date> at <time>", or "Not
 * signed." when signer is NULL or "". */
void tdn_note_signature(const char *signer, int64_t at, const tdn_tz *zone, tdn_buf *b);
/* Appends one addendum: "Addendum <date time> by <author>:" and the text,
 * indented. */
void tdn_note_addendum_text(const char *author, int64_t at, const char *text, const tdn_tz *zone,
                            tdn_buf *b);

/* The lock rules; each returns TDN_OK or TDN_EINPUT with a message that says
 * "refused" and why (the web answers 409). */
/* note.edit: the clinician's text changes only while the note is unsigned. */
int tdn_note_check_edit(bool is_signed, tdn_err *err);
/* note.sign: once, and only when the session is closed or aborted (state is
 * enum tdn_session_state); signer is the full name with credentials. */
int tdn_note_check_sign(int session_state, bool is_signed, const char *signer, tdn_err *err);
/* note.addendum: only on a signed note, and not empty. */
int tdn_note_check_addendum(bool is_signed, const char *text, tdn_err *err);

#endif
