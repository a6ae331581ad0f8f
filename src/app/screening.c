/* screening.c — run the screening engine and store its decision (see
 * screening.h). */
#include "app/screening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screen_json.h"

/* reasons followed by advice: what the chart shows under the verdict. */
static char *reasons_text(json_t *res)
{
    json_t *all = json_array();
    json_array_extend(all, json_object_get(res, "reasons"));
    json_array_extend(all, json_object_get(res, "advice"));
    char *text = json_dumps(all, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(all);
    return text;
}

int tdn_screening_record(tdn_store *s, const tdn_act *act, const tdn_screen_rules *rules,
                         const tdn_kb *kb, int64_t patient_id, const char *profile, size_t len,
                         int64_t *id, json_t **result, tdn_err *err)
{
    tdn_screen_profile p;
    tdn_screen_result r = {0};
    tdn_err e = {0};
    if (tdn_screen_run(rules, kb, profile, len, &p, &r, &e)) {
        if (e.status != TDN_EINPUT) return tdn_err_set(err, e.status, "%s", e.msg);
        return tdn_err_set(err, TDN_EINPUT, "profile: %s", e.msg);
    }
    json_t *res = tdn_screen_result_json(&r);
    json_t *pj = tdn_screen_profile_json(&p);
    tdn_screen_result_free(&r);
    char *ptext = pj ? json_dumps(pj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    char *rtext = res ? reasons_text(res) : NULL;
    json_decref(pj);
    int64_t new_id = 0;
    int rc = TDN_OK;
    const char *decision = json_string_value(json_object_get(res, "decision"));
    if (!ptext || !rtext || !decision)
        rc = tdn_err_set(err, TDN_ESYS, "screening: out of memory");
    else
        rc = tdn_store_screening_add(s, act, patient_id, ptext, decision, rtext, &new_id, err);
    free(ptext);
    free(rtext);
    if (!rc && id) *id = new_id;
    if (!rc && result) {
        json_object_set_new(res, "id", json_integer(new_id));
        *result = res;
        res = NULL;
    }
    json_decref(res);
    return rc;
}
