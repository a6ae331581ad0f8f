/* episode_code.h — an episode's coded ICD-10-CM diagnosis (core/icd.h) from
 * its record: the stored code, condition, side and site, and whether the
 * encounter is the episode's first session (decided from the chart: the
 * session with the lowest id in that episode). */
#ifndef TDN_EPISODE_CODE_H
#define TDN_EPISODE_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/icd.h"
#include "store/store.h"

/* The code of episode e at its first session (first) or a later one. */
void tdn_episode_code(const tdn_kb *kb, const tdn_episode *e, bool first, char *out, size_t cap);

/* The code as the chart shows it: "M25.511", or, when the encounter changes
 * it, "S13.4XXA (first session), S13.4XXD (later sessions)". */
#define TDN_EPISODE_CODE_TEXT_MAX 96
void tdn_episode_code_text(const tdn_kb *kb, const tdn_episode *e, char *out, size_t cap);

/* True when session s is its episode's first in chart c (no session of that
 * episode has a lower id); sessions without an episode count as first. */
bool tdn_session_is_episode_first(const tdn_chart *c, const tdn_session *s);

#endif
