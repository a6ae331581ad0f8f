/* screening.c — run the screening engine and store its decision (see
 * screening.h). */
#include "app/screening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/screen_json.h"
#include "core/record.h"

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

/* The patient's record completes and checks the profile: a missing age is
 * taken from the birth date and a given one must agree with it (a wrong age
 * would skip the under-12 and 12-17 consent rules); a missing "consent" is
 * the consent on record. *out is the completed text (caller frees), or NULL
 * to screen the text as given (not a JSON object: the engine names the
 * problem). */
static int complete_profile(tdn_store *s, const tdn_act *act, int64_t patient_id,
                            const char *profile, size_t len, char **out, tdn_err *err)
{
    *out = NULL;
    json_t *j = json_loadb(profile, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return TDN_OK;
    }
    tdn_needling_context ctx;
    int rc = tdn_store_needling_context(s, patient_id, &ctx, err);
    int age = 0;
    tdn_tz zone;
    if (!rc) rc = tdn_age_years(ctx.birth, act->now, tdn_tz_at(&zone, act->now), &age, err);
    json_t *given = json_object_get(j, "age");
    if (!rc && json_is_integer(given) && json_integer_value(given) != age)
        rc = tdn_err_set(err, TDN_EINPUT,
                         "profile: age: %lld does not match the patient's birth date %s "
                         "(%d today)",
                         (long long)json_integer_value(given), ctx.birth, age);
    if (!rc && !given) json_object_set_new(j, "age", json_integer(age));
    if (!rc && !json_object_get(j, "consent"))
        json_object_set_new(j, "consent",
                            json_pack("{s:b,s:b}", "patient", ctx.consent_by_patient, "guardian",
                                      ctx.consent_by_guardian));
    tdn_needling_context_free(&ctx);
    if (!rc && !(*out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)))
        rc = tdn_err_set(err, TDN_ESYS, "screening: out of memory");
    json_decref(j);
    return rc;
}

int tdn_screening_judge(tdn_store *s, const tdn_act *act, const tdn_screen_rules *rules,
                        const tdn_kb *kb, int64_t patient_id, const char *profile, size_t len,
                        tdn_screening_judged *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    char *completed = NULL;
    int rc0 = complete_profile(s, act, patient_id, profile, len, &completed, err);
    if (rc0) return rc0;
    if (completed) {
        profile = completed;
        len = strlen(completed);
    }
    tdn_screen_profile p;
    tdn_screen_result r = {0};
    tdn_err e = {0};
    int run = tdn_screen_run(rules, kb, profile, len, &p, &r, &e);
    free(completed);
    if (run) {
        if (e.status != TDN_EINPUT) return tdn_err_set(err, e.status, "%s", e.msg);
        return tdn_err_set(err, TDN_EINPUT, "profile: %s", e.msg);
    }
    out->result = tdn_screen_result_json(&r);
    json_t *pj = tdn_screen_profile_json(&p);
    tdn_screen_result_free(&r);
    out->profile = pj ? json_dumps(pj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    out->reasons = out->result ? reasons_text(out->result) : NULL;
    json_decref(pj);
    out->decision = json_string_value(json_object_get(out->result, "decision"));
    if (out->profile && out->reasons && out->decision) return TDN_OK;
    tdn_screening_judged_free(out);
    return tdn_err_set(err, TDN_ESYS, "screening: out of memory");
}

void tdn_screening_judged_free(tdn_screening_judged *j)
{
    json_decref(j->result);
    free(j->profile);
    free(j->reasons);
    memset(j, 0, sizeof *j);
}

int tdn_screening_record(tdn_store *s, const tdn_act *act, const tdn_screen_rules *rules,
                         const tdn_kb *kb, int64_t patient_id, const char *profile, size_t len,
                         int64_t *id, json_t **result, tdn_err *err)
{
    tdn_screening_judged j;
    int rc = tdn_screening_judge(s, act, rules, kb, patient_id, profile, len, &j, err);
    if (rc) return rc;
    int64_t new_id = 0;
    rc =
        tdn_store_screening_add(s, act, patient_id, j.profile, j.decision, j.reasons, &new_id, err);
    if (!rc && id) *id = new_id;
    if (!rc && result) {
        json_object_set_new(j.result, "id", json_integer(new_id));
        *result = json_incref(j.result);
    }
    tdn_screening_judged_free(&j);
    return rc;
}
