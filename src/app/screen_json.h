/* screen_json.h — the JSON side of screening (DESIGN §6), shared by the CLI
 * (`tdn screen`), the record layer (`tdn screening record`) and the web API.
 * It lives in app/, not core/, because core does not use jansson (HACKING.md):
 * core/screen.h holds the profile type and the engine, this file turns JSON
 * text into a profile and a result into JSON.
 *
 * Profile: {"age": 34, "pregnancy": "none|first_trimester|...",
 *   "conditions": ["anticoagulant", ...],
 *   "local": [{"condition": "infection", "region": "calf:R"}],
 *   "planned_regions": ["lumbar:B", "calf:R"],
 *   "consent": {"patient": true, "guardian": false}}
 * Every key is optional except age (a whole number 0..130). Unknown keys,
 * wrong types and unknown values are errors naming the field path, e.g.
 * "local[1].region: unknown region 'calfs' (did you mean 'calf'?)". A region
 * without a side means B. Consent values: true (given), false (not given),
 * null or absent (not stated). Duplicate planned regions count once. */
#ifndef TDN_SCREEN_JSON_H
#define TDN_SCREEN_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "core/err.h"
#include "core/kb.h"
#include "core/screen.h"

/* Parses len bytes of JSON text into *out. Returns TDN_OK, or TDN_EINPUT with
 * a message naming the field (then *out is unspecified). Never crashes on
 * any input; allocates nothing that outlives the call. */
int tdn_screen_profile_parse(const char *text, size_t len, tdn_screen_profile *out, tdn_err *err);

/* The profile as normalised JSON (sides explicit, consent as true/false/null),
 * suitable for storing with a screening record. New reference, NULL when out
 * of memory. */
json_t *tdn_screen_profile_json(const tdn_screen_profile *p);

/* The decision as JSON:
 *   {"decision": "go|caution|no_go",
 *    "reasons": [{"rule", "level": "no_go|caution", "detail", "region"?}, ...],
 *    "advice": [{"rule", "level": "info", "detail", "region"?}, ...],
 *    "blocked_regions": ["calf:R"], "allowed_regions": ["calf:L"],
 *    "blocked_muscles": ["iliopsoas", ...]}
 * reasons are most severe first; "region" is present for region rules,
 * "muscles" (ids) for muscle rules, "estim": true for rules about electrical
 * stimulation of the needles; blocked_muscles gathers the muscles of
 * the no_go muscle rules (needling them takes an override). New
 * reference, NULL when out of memory. */
json_t *tdn_screen_result_json(const tdn_screen_result *r);

/* The rules as JSON: {"rules": [{"id", "level", "trigger", "scope", "advice",
 * "source"}, ...]} in file order. New reference, NULL when out of memory. */
json_t *tdn_screen_rules_json(const tdn_screen_rules *rules);

/* Parses profile_json and evaluates it (tdn_screen_profile_parse, then
 * tdn_screen_eval). On TDN_OK the caller frees *out with
 * tdn_screen_result_free (before freeing rules). On error (TDN_EINPUT for a
 * bad profile, TDN_ESYS) *out is empty. If profile is not NULL it receives the
 * parsed profile. */
int tdn_screen_run(const tdn_screen_rules *rules, const tdn_kb *kb, const char *profile_json,
                   size_t len, tdn_screen_profile *profile, tdn_screen_result *out, tdn_err *err);

#endif
