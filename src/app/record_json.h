/* record_json.h — the clinical record as JSON (jansson), shared by the CLI's
 * --json output and the web API so both speak the same shapes. Each function
 * returns a new reference (NULL only when out of memory); the caller owns it.
 * Times are unix seconds; absent ids are null. */
#ifndef TDN_RECORD_JSON_H
#define TDN_RECORD_JSON_H

#include <jansson.h>

#include "store/store.h"

json_t *tdn_patient_json(const tdn_patient *p);
json_t *tdn_user_json(const tdn_user *u);
json_t *tdn_consent_json(const tdn_consent *c);
json_t *tdn_screening_json(const tdn_screening *x);
json_t *tdn_episode_json(const tdn_episode *e);
json_t *tdn_session_json(const tdn_session *x);
json_t *tdn_pain_json(const tdn_pain_entry *p);
json_t *tdn_finding_json(const tdn_finding *f);
json_t *tdn_measure_json(const tdn_measure *m);
json_t *tdn_ae_json(const tdn_adverse_event *a);
json_t *tdn_diary_json(const tdn_diary_entry *d);
json_t *tdn_audit_json(const tdn_audit_entry *a);
/* {"patient":…, "consents":[…], "screenings":[…], "episodes":[…],
 *  "sessions":[…], "pain_map":[…], "findings":[…], "measures":[…],
 *  "adverse_events":[…], "diary":[…]} */
json_t *tdn_chart_json(const tdn_chart *c);

#endif
