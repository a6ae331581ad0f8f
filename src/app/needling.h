/* needling.h — the needling session (issue 5) as the CLI and the web drive
 * it: the session rules from the knowledge-base files, opening a session in
 * the state its screening and consent allow, one event (load, core/protocol
 * at act->now, save in one transaction), closing (CPT, note, handout saved
 * with the session), the note from the chart, and the JSON shapes of
 * needling_json.c. Every function returns TDN_OK, TDN_EINPUT (the event was
 * refused or the input is bad: nothing written, err names why) or TDN_ESYS.
 * Records are large: the caller allocates them (calloc) and frees them. */
#ifndef TDN_APP_NEEDLING_H
#define TDN_APP_NEEDLING_H

#include <jansson.h>

#include "core/aftercare.h"
#include "core/billing.h"
#include "core/buf.h"
#include "core/kb.h"
#include "app/verdict.h"
#include "core/protocol.h"
#include "store/store.h"

/* The clinical data of a session: protocol limits, billing rules, handout lines. */
typedef struct tdn_needling_rules {
    tdn_protocol_rules protocol;
    tdn_billing_rules billing;
    tdn_aftercare_rules aftercare;
} tdn_needling_rules;

/* Loads protocol.tsv, billing.tsv and aftercare.tsv from files[0..n). */
int tdn_needling_rules_load(tdn_needling_rules *r, const tdn_text_file *files, size_t n,
                            tdn_err *err);

/* Opens a session for in->patient_id (in->episode_id optional): screened when
 * the latest screening is go or caution and recent enough (the clinic's
 * setting, else protocol.screening_valid_days) and consent is on record.
 * The regions the screening blocked (its no_go reasons with a region; local
 * infection, lymphedema or skin lesion in the profile) are blocked, and its
 * planned regions kept so that needling elsewhere is flagged.
 * *id gets the new session; out (may be NULL) its state. */
int tdn_needling_open(tdn_store *s, const tdn_act *act, const tdn_needling_rules *r,
                      const tdn_session *in, int64_t *id, tdn_needling *out, tdn_err *err);

enum tdn_needling_event_kind {
    TDN_EV_INSERT = 1,
    TDN_EV_LTR,
    TDN_EV_REDIRECT,
    TDN_EV_WITHDRAW,
    TDN_EV_REINSERT,
    TDN_EV_ESTIM,
    TDN_EV_BROKEN,
    TDN_EV_AE,
    TDN_EV_ABORT,
};

typedef struct tdn_needling_event {
    int kind;              /* enum tdn_needling_event_kind */
    int needle;            /* 1-based number, for the per-needle events and AE (0 = none) */
    tdn_insert insert;     /* TDN_EV_INSERT */
    tdn_estim_input estim; /* TDN_EV_ESTIM */
    const char *ae_kind;   /* TDN_EV_AE */
    const char *severity;  /* TDN_EV_BROKEN, TDN_EV_AE */
    const char *text;      /* incident note (broken), note (AE), reason (abort) */
} tdn_needling_event;

/* What patient_id's latest screening says about e-stim through the needles
 * (not audited: the caller's read or event is). */
int tdn_needling_estim_screening(tdn_store *s, int64_t patient_id, tdn_estim_screening *out,
                                 tdn_err *err);

/* Applies ev to session_id at act->now and saves it. *after gets the session
 * as saved; res (may be NULL) the insert's number and warnings. E-stim is
 * checked against the patient's latest screening: a no_go e-stim rule
 * refuses it, its caution rules come back as warnings. */
int tdn_needling_apply(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                       const tdn_needling_rules *r, int64_t session_id,
                       const tdn_needling_event *ev, tdn_needling_record *after,
                       tdn_insert_result *res, tdn_err *err);

/* Closes session_id at act->now (refused while a needle is in: the message
 * lists them) and saves the CPT code, the note and the handout text with it.
 * *after gets the closed session, *bill its billing. */
int tdn_needling_close(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                       const tdn_needling_rules *r, int64_t session_id, tdn_needling_record *after,
                       tdn_billing *bill, tdn_err *err);

/* ---- the note as a clinical document (note.c) ---------------------------- */

/* Appends the generated note of session row (needling state n) to b, built
 * from the chart as it is now (audited read); saved with the session at
 * close. */
int tdn_needling_note_build(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                            const tdn_needling_rules *r, const tdn_session *row,
                            const tdn_needling *n, tdn_buf *b, tdn_err *err);
/* Appends the note document of rec to b: once signed, the note as signed and
 * its addenda; before, the generated note (saved at close, else a draft),
 * the clinician's text as it is now and "Not signed.". *final (may be NULL)
 * tells whether the generated part is final (the session closed or was
 * aborted). Audited reads. */
int tdn_needling_note(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                      const tdn_needling_rules *r, const tdn_needling_record *rec, tdn_buf *b,
                      bool *final, tdn_err *err);
/* Signs the note of session_id as act->actor (full name and credentials),
 * keeping the whole note as signed; refused unless the session is closed or
 * aborted, or when already signed (core rule note.sign). */
int tdn_needling_note_sign(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                           const tdn_needling_rules *r, int64_t session_id, tdn_err *err);
/* Adds an addendum to the signed note of session_id, signed by act->actor. */
int tdn_needling_note_addendum(tdn_store *s, const tdn_act *act, int64_t session_id,
                               const char *text, int64_t *id, tdn_err *err);
/* "Dr Jane Lee, PT, DPT": username's full name and credentials, or the
 * username itself when it is no login (a CLI actor). */
int tdn_signer_name(tdn_store *s, const char *username, char *out, size_t cap, tdn_err *err);
/* The handout of rec for its patient (name, screened conditions) from the
 * clinic (letterhead settings). Audited chart read. */
int tdn_needling_handout(tdn_store *s, const tdn_act *act, const tdn_kb *kb,
                         const tdn_needling_rules *r, const tdn_needling_record *rec,
                         tdn_handout *h, tdn_err *err);

/* The clinic's clock (app/localtime.h) over session n, from its opening to
 * its end or now, for core's note, handout and ledger messages. */
void tdn_needling_tz(const tdn_needling *n, int64_t now, tdn_tz *z);

/* ---- JSON (needling_json.c): new references, NULL only when out of memory */

json_t *tdn_needle_json(const tdn_needle *n);
/* {"inserted":…, "withdrawn":…, "broken":…, "in":…} */
json_t *tdn_ledger_json(const tdn_needling *n);
/* {"session", "state", "unscreened", "opened_at", "ended_at", "ledger",
 *  "needles":[…], "overrides":[…], "adverse_events":[…]} */
json_t *tdn_needling_json(int64_t session_id, const tdn_needling *n);
/* [{"needle", "kind", "rule", "due_at", "remaining_s", "due", "message"}, …] */
json_t *tdn_due_json(const tdn_due *due, int n);
/* {"session", "title", "kind":{deep, superficial, estim, lung},
 *  "sections":[{"id", "heading", "lines":[…]}, …]} */
json_t *tdn_handout_json(int64_t session_id, const tdn_handout *h);
const char *tdn_due_kind_name(int kind);

#endif
