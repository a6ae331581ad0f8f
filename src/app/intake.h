/* intake.h — the patient's intake between JSON and the store, shared by the
 * CLI (`tdn intake show|confirm`) and the web (the portal's form, the
 * chart's review): checking a submission, the clinician's confirmation that
 * records the screening from it (the screening engine decides), and the
 * JSON of an intake with what the patient said beside what the clinician
 * confirmed.
 *
 * A submission: {"answers": {"<question id>": "yes|no|unsure|<trimester>"},
 *   "places": {"<question id>": "region:S"}, "pains": ["region:S=N", ...],
 *   "goals": [{"activity": "...", "score": 0-10}, ...]} — answers for every
 * question of data/intake.tsv, a place for each "yes" that needs one, up to
 * TDN_INTAKE_MAX_PAINS pains with an intensity and TDN_INTAKE_MAX_GOALS PSFS
 * activities. A confirmation: {"answers": {...}, "places": {...},
 * "planned_regions": ["region:S", ...]}: each answer given replaces the
 * patient's, every "unsure" must be replaced, and the planned regions
 * default to the patient's pain map. */
#ifndef TDN_APP_INTAKE_H
#define TDN_APP_INTAKE_H

#include <jansson.h>

#include "core/intake.h"
#include "core/kb.h"
#include "core/screen.h"
#include "store/store.h"

#define TDN_INTAKE_MAX_PAINS 16
#define TDN_INTAKE_MAX_GOALS 5
#define TDN_INTAKE_ACTIVITY_MAX 64

/* Checks submission (patient's "unsure" allowed) and stores it for
 * patient_id. TDN_EINPUT naming the field ("answers.bleeding: please answer
 * this question", "pains[1]: ...") and nothing stored otherwise. */
int tdn_intake_submit(tdn_store *s, const tdn_act *act, const tdn_intake_form *f,
                      int64_t patient_id, json_t *submission, int64_t *id, tdn_err *err);
/* Confirms patient_id's pending intake with confirmation and records the
 * screening from it in one store call; *result (may be NULL) gets the
 * screening's JSON with its "id" (caller releases). TDN_EINPUT "intake: ..."
 * when there is no pending intake, naming the answer still "unsure". */
int tdn_intake_confirm(tdn_store *s, const tdn_act *act, const tdn_intake_form *f,
                       const tdn_screen_rules *rules, const tdn_kb *kb, int64_t patient_id,
                       json_t *confirmation, json_t **result, tdn_err *err);
/* The intake as JSON: {"id", "status", "submitted_at", "submitted_by",
 * "reviewed_at", "reviewed_by", "screening", "items": [{"id", "question",
 * "help", "kind", "patient", "patient_place", "confirmed", "confirmed_place"}],
 * "pains", "goals"}. New reference (NULL when out of memory). */
json_t *tdn_intake_json(const tdn_intake_form *f, const tdn_intake_record *r);
/* The questions as JSON: [{"id", "question", "help", "kind", "fills", "source"}]. */
json_t *tdn_intake_form_json(const tdn_intake_form *f);

#endif
