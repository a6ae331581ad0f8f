/* screening.h — recording a screening (issue 3 + issue 4), shared by
 * `tdn screening record` and the web API: run the screening engine on a
 * profile and store the normalised profile, the decision and the reasons in
 * one store call. */
#ifndef TDN_APP_SCREENING_H
#define TDN_APP_SCREENING_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/screen.h"
#include "store/store.h"

/* Evaluates profile (len bytes of JSON, DESIGN §6) with rules and kb, then
 * stores it for patient_id. On TDN_OK *id (may be NULL) is the new screening
 * and *result (may be NULL) a new JSON object {"id", "decision", "reasons",
 * "advice", "blocked_regions", "allowed_regions"} the caller releases. A bad
 * profile is TDN_EINPUT "profile: <field>: problem" and nothing is stored.
 * The patient's record completes the profile: no "age" → the age from the
 * birth date (a different one is refused); no "consent" → the consents on
 * record. */
int tdn_screening_record(tdn_store *s, const tdn_act *act, const tdn_screen_rules *rules,
                         const tdn_kb *kb, int64_t patient_id, const char *profile, size_t len,
                         int64_t *id, json_t **result, tdn_err *err);

/* What tdn_screening_record stores, judged but not stored (the caller stores
 * it, e.g. with a reviewed intake in one transaction): the completed,
 * normalised profile, the decision and the reasons as JSON text, and the
 * result object. Free with tdn_screening_judged_free (also after an error:
 * it is then empty). */
typedef struct tdn_screening_judged {
    char *profile, *reasons; /* owned JSON text */
    const char *decision;    /* inside result */
    json_t *result;          /* owned */
} tdn_screening_judged;
int tdn_screening_judge(tdn_store *s, const tdn_act *act, const tdn_screen_rules *rules,
                        const tdn_kb *kb, int64_t patient_id, const char *profile, size_t len,
                        tdn_screening_judged *out, tdn_err *err);
void tdn_screening_judged_free(tdn_screening_judged *j);

#endif
