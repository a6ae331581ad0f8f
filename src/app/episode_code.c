/* episode_code.c — an episode's coded diagnosis (see episode_code.h). */
#include "app/episode_code.h"

#include <stdio.h>
#include <string.h>

#include "core/body.h"

void tdn_episode_code(const tdn_kb *kb, const tdn_episode *e, bool first, char *out, size_t cap)
{
    tdn_icd_query q = {e->icd10, e->condition, e->side[0],
                       e->site[0] ? tdn_region_find(e->site) : -1, first};
    tdn_icd_code(kb, &q, out, cap);
}

void tdn_episode_code_text(const tdn_kb *kb, const tdn_episode *e, char *out, size_t cap)
{
    char first[TDN_ICD_CODED_MAX], later[TDN_ICD_CODED_MAX];
    tdn_episode_code(kb, e, true, first, sizeof first);
    tdn_episode_code(kb, e, false, later, sizeof later);
    if (strcmp(first, later) == 0)
        snprintf(out, cap, "%s", first);
    else
        snprintf(out, cap, "%s (first session), %s (later sessions)", first, later);
}

bool tdn_session_is_episode_first(const tdn_chart *c, const tdn_session *s)
{
    for (size_t i = 0; s->episode_id && i < c->n_sessions; i++)
        if (c->sessions[i].episode_id == s->episode_id && c->sessions[i].id < s->id) return false;
    return true;
}
