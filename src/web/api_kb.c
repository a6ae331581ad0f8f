/* api_kb.c — knowledge-base routes of the JSON API: regions, conditions,
 * one muscle, and locate (pain map -> ranked trigger points). The same
 * builders as `tdn ... --json` (app/kbjson.h); no clinical logic here. */
#include <string.h>

#include "app/kbjson.h"
#include "core/locate.h"
#include "web/routes.h"

void tdn_api_regions(tdn_req *req, tdn_resp *resp)
{
    (void)req;
    tdn_resp_json(resp, 200, tdn_json_regions());
}

void tdn_api_conditions(tdn_req *req, tdn_resp *resp)
{
    tdn_resp_json(resp, 200, tdn_json_conditions(tdn_req_kb(req)));
}

void tdn_api_muscle(tdn_req *req, tdn_resp *resp)
{
    const tdn_kb *kb = tdn_req_kb(req);
    const char *id = req->seg[0];
    int mi = tdn_kb_muscle_find(kb, id);
    if (mi < 0)
        return tdn_resp_error(resp, 404, "muscle: unknown muscle '%.60s' (did you mean '%s'?)", id,
                              tdn_kb_muscle_closest(kb, id));
    tdn_resp_json(resp, 200, tdn_json_muscle(kb, &kb->muscles[mi]));
}

/* Parses "a:R=7,b:L" (the query form) or a JSON array of such strings. */
int tdn_parse_pains(json_t *v, tdn_pain *pains, int *n, tdn_err *err)
{
    *n = 0;
    if (json_is_string(v)) {
        const char *p = json_string_value(v);
        while (*p) {
            size_t len = strcspn(p, ", ");
            char one[96];
            if (len >= sizeof one) return tdn_err_set(err, TDN_EINPUT, "pains: entry too long");
            if (len) {
                if (*n == TDN_LOCATE_MAX_PAIN)
                    return tdn_err_set(err, TDN_EINPUT, "pains: at most %d regions",
                                       TDN_LOCATE_MAX_PAIN);
                memcpy(one, p, len);
                one[len] = '\0';
                if (tdn_pain_parse(one, &pains[*n], err)) return TDN_EINPUT;
                (*n)++;
            }
            p += len + (p[len] != '\0');
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            if (*n == TDN_LOCATE_MAX_PAIN)
                return tdn_err_set(err, TDN_EINPUT, "pains: at most %d regions",
                                   TDN_LOCATE_MAX_PAIN);
            if (!json_is_string(x))
                return tdn_err_set(err, TDN_EINPUT, "pains[%zu]: must be REGION[:SIDE][=0-10]", i);
            if (tdn_pain_parse(json_string_value(x), &pains[*n], err)) return TDN_EINPUT;
            (*n)++;
        }
    }
    if (*n == 0)
        return tdn_err_set(err, TDN_EINPUT, "pains: give at least one region, e.g. temple:R=6");
    return TDN_OK;
}

/* Parses "upper_trapezius:R=-,levator_scapulae=+" (NULL = none). */
static int tdn_parse_palpated(const tdn_kb *kb, const char *text, tdn_palpation *out, int *n,
                              tdn_err *err)
{
    *n = 0;
    for (const char *p = text; p && *p;) {
        size_t len = strcspn(p, ", ");
        char one[96];
        if (len >= sizeof one) return tdn_err_set(err, TDN_EINPUT, "palpated: entry too long");
        if (len) {
            if (*n == TDN_LOCATE_MAX_FINDINGS)
                return tdn_err_set(err, TDN_EINPUT, "palpated: at most %d findings",
                                   TDN_LOCATE_MAX_FINDINGS);
            memcpy(one, p, len);
            one[len] = '\0';
            if (tdn_palpation_parse(kb, one, &out[(*n)++], err)) return TDN_EINPUT;
        }
        p += len + (p[len] != '\0');
    }
    return TDN_OK;
}

void tdn_api_locate(tdn_req *req, tdn_resp *resp)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    int n_pain = 0, cond = -1;
    tdn_err err = {0};
    if (tdn_parse_pains(tdn_in_json(req, "pains"), pains, &n_pain, &err))
        return tdn_resp_err(resp, &err);
    const char *condition = tdn_in_str(req, "condition");
    if (condition && (cond = tdn_kb_condition_lookup(kb, condition)) < 0)
        return tdn_resp_error(resp, 400,
                              "condition: unknown condition '%.60s' (did you mean '%s'?)",
                              condition, tdn_kb_condition_closest(kb, condition));
    tdn_palpation found[TDN_LOCATE_MAX_FINDINGS];
    int n_found = 0;
    if (tdn_parse_palpated(kb, tdn_in_str(req, "palpated"), found, &n_found, &err))
        return tdn_resp_err(resp, &err);
    tdn_candidate out[64];
    int n = 0;
    if (tdn_locate_palpated(kb, pains, n_pain, cond, found, n_found, out,
                            (int)tdn_in_int(req, "limit", 10), &n, &err))
        return tdn_resp_err(resp, &err);
    tdn_buf_reset(&resp->body);
    tdn_json_candidates_text(kb, out, n, pains, n_pain, n_found == 0, &resp->body);
    resp->status = 200;
    resp->ctype = "application/json";
}
