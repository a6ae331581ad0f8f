/* kbjson.h — the knowledge base and locate results as JSON (jansson), shared
 * by the CLI (`--json`) and the web API so both speak the same shapes
 * (DESIGN §6). Every function returns a new reference the caller releases
 * with json_decref, or NULL when out of memory. */
#ifndef TDN_KBJSON_H
#define TDN_KBJSON_H

#include <jansson.h>

#include "core/body.h"
#include "core/buf.h"
#include "core/kb.h"
#include "core/locate.h"

/* {"candidates":[...], "palpate_first":[...]} for out[0..n), one object per
 * ranked candidate: muscle, name, side, score, pattern (label of the best
 * matching trigger point pattern, "a+b" for several at once, null for a
 * single-pattern muscle), reasons, explains {essential, spillover,
 * unexplained}, coverage, specificity, tp_sites, palpation, palpable, hazards;
 * a candidate palpated (tdn_locate_palpated) has "palpated": "+" or "-". With
 * hints, palpate_first says in words which sites to palpate first to tell the
 * leading candidates apart (tdn_locate_palpate_first), else it is empty. */
json_t *tdn_json_candidates(const tdn_kb *kb, const tdn_candidate *out, int n,
                            const tdn_pain *pains, int n_pain, bool hints);
/* The same JSON appended to b as compact text (the web API's answer). */
void tdn_json_candidates_text(const tdn_kb *kb, const tdn_candidate *out, int n,
                              const tdn_pain *pains, int n_pain, bool hints, tdn_buf *b);
/* Everything the KB knows about muscle m (`tdn muscle --json`); "essential"
 * and "spillover" are the union over its patterns, "patterns" lists each
 * trigger point's own zones. */
json_t *tdn_json_muscle(const tdn_kb *kb, const tdn_muscle *m);
/* {"regions":[{"code","name","group","view"}...],"sides":["L","R","B"]}. */
json_t *tdn_json_regions(void);
/* {"conditions":[{"id","name","icd10","muscles","source"}...]}. */
json_t *tdn_json_conditions(const tdn_kb *kb);
/* Array of region codes for regions[0..n). */
json_t *tdn_json_region_list(const short *regions, int n);

#endif
