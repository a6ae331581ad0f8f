/* consent.h — e-consent shared by the CLI and the web: the consent text a
 * patient reads (the clinic's latest version, or tdn's default text built
 * from data/consent.tsv as version 0: what dry needling is, common effects,
 * rare serious risks, alternatives, the right to stop), and signing it by
 * typed full name and a ticked box, as the patient or a guardian (the age
 * rules of the screening then decide whether that is enough). */
#ifndef TDN_APP_CONSENT_H
#define TDN_APP_CONSENT_H

#include <stdbool.h>

#include "core/tsv.h"
#include "store/store.h"

/* The text to read now into *text (malloc'd, free() it) and its version. */
int tdn_consent_text_current(tdn_store *s, const tdn_text_file *files, size_t n, char **text,
                             int64_t *version, tdn_err *err);
/* What a signature needs. */
typedef struct tdn_consent_signature {
    int64_t patient_id;
    const char *by;      /* patient, guardian */
    const char *name;    /* full name as typed */
    bool agree;          /* the box was ticked */
    int64_t version;     /* the version that was read */
    const char *account; /* the login signing */
} tdn_consent_signature;
/* Checks and stores the signature: TDN_EINPUT naming "name" (empty),
 * "agree" (not ticked) or "version: refused: ..." (the text changed since
 * it was read; read it again), and nothing stored. */
int tdn_consent_sign(tdn_store *s, const tdn_act *act, const tdn_text_file *files, size_t n,
                     const tdn_consent_signature *sig, int64_t *id, tdn_err *err);

#endif
