/* painmap.h — turns a parsed pain map (core/body tdn_pain) into the store's
 * pain-map rows for a session or an episode. Shared by the CLI and the web. */
#ifndef TDN_APP_PAINMAP_H
#define TDN_APP_PAINMAP_H

#include <stdint.h>

#include "core/body.h"
#include "store/store.h"

/* Fills out[0..n) from pains[0..n); session_id or episode_id may be 0, and
 * patient_id (0 = any) is the patient the session or episode must belong to. */
void tdn_pain_map_entries(const tdn_pain *pains, int n, int64_t session_id, int64_t episode_id,
                          int64_t patient_id, tdn_pain_entry *out);

#endif
