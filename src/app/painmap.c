/* painmap.c — see painmap.h. No I/O. */
#include "app/painmap.h"

#include <stdio.h>

void tdn_pain_map_entries(const tdn_pain *pains, int n, int64_t session_id, int64_t episode_id,
                          int64_t patient_id, tdn_pain_entry *out)
{
    for (int i = 0; i < n; i++) {
        out[i] = (tdn_pain_entry){.session_id = session_id,
                                  .episode_id = episode_id,
                                  .patient_id = patient_id,
                                  .intensity = pains[i].intensity};
        snprintf(out[i].region, sizeof out[i].region, "%s", tdn_region_at(pains[i].region)->code);
        out[i].side[0] = pains[i].side;
        out[i].side[1] = '\0';
    }
}
