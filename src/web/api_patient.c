/* api_patient.c — patient-level routes of the JSON API: register, find and
 * read patients (the chart for clinicians, demographics and visits for the
 * front desk), consent, episodes, pain maps, the diary (a patient only their
 * own), the audit trail and users. Checks come from core (record.h, the KB);
 * storage, ownership checks and auditing from the store; this file only
 * maps HTTP to those calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/painmap.h"
#include "app/record_json.h"
#include "app/screen_json.h"
#include "app/screening.h"
#include "core/locate.h"
#include "core/record.h"
#include "store/store.h"
#include "web/routes.h"

/* The store and the act (who, when) for this request, or an error answer. */
tdn_store *tdn_api_store(tdn_req *req, tdn_resp *resp, tdn_act *act)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) tdn_resp_err(resp, &err);
    *act = (tdn_act){.actor = req->user ? req->user->name : "web", .now = req->now};
    return st;
}

void tdn_api_created(tdn_resp *resp, int64_t id)
{
    tdn_resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void tdn_api_patients(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_patient *ps = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_patient_list(st, &act, tdn_in_str(req, "search"), &ps, &n, &err))
        return tdn_resp_err(resp, &err);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, tdn_patient_json(&ps[i]));
    free(ps);
    tdn_resp_json(resp, 200, json_pack("{s:o}", "patients", a));
}

void tdn_api_patient_add(tdn_req *req, tdn_resp *resp)
{
    tdn_patient p = {0};
    tdn_err err = {0};
    const char *birth = tdn_in_str(req, "birth"), *sex = tdn_in_str(req, "sex");
    tdn_tz zone;
    if (tdn_date_check("birth", birth, req->now, tdn_tz_at(&zone, req->now), NULL, &err) ||
        tdn_sex_check("sex", sex, &err))
        return tdn_resp_err(resp, &err);
    snprintf(p.name, sizeof p.name, "%s", tdn_in_str(req, "name"));
    snprintf(p.birth, sizeof p.birth, "%s", birth);
    snprintf(p.sex, sizeof p.sex, "%s", sex ? sex : "");
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_patient_add(st, &act, &p, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

/* The front desk's view: demographics and visits, nothing clinical. */
static json_t *desk_view(const tdn_chart *c)
{
    json_t *visits = json_array();
    for (size_t i = 0; i < c->n_sessions; i++) {
        const tdn_session *s = &c->sessions[i];
        json_array_append_new(
            visits, json_pack("{s:I,s:s,s:I,s:s}", "id", (json_int_t)s->id, "state", s->state,
                              "opened_at", (json_int_t)s->opened_at, "clinician", s->clinician));
    }
    return json_pack("{s:o,s:o,s:b}", "patient", tdn_patient_json(&c->patient), "sessions", visits,
                     "consent_on_record", c->n_consents > 0);
}

void tdn_api_patient(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_chart c = {0};
    tdn_err err = {0};
    if (tdn_store_chart_read(st, &act, req->id[0], &c, &err)) return tdn_resp_err(resp, &err);
    bool clinical = req->user->role_bit & TDN_ROLES_CLINICAL;
    tdn_resp_json(resp, 200, clinical ? tdn_chart_json(&c) : desk_view(&c));
    tdn_chart_free(&c);
}

void tdn_api_consent(tdn_req *req, tdn_resp *resp)
{
    tdn_consent c = {.patient_id = req->id[0]};
    snprintf(c.given_by, sizeof c.given_by, "%s", tdn_in_str(req, "by"));
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    tdn_err err = {0};
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_consent_add(st, &act, &c, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_episode(tdn_req *req, tdn_resp *resp)
{
    const tdn_kb *kb = tdn_req_kb(req);
    const char *cond = tdn_in_str(req, "condition"), *goal = tdn_in_str(req, "goal");
    int c = tdn_kb_condition_lookup(kb, cond);
    if (c < 0)
        return tdn_resp_error(resp, 400,
                              "condition: unknown condition '%.60s' (did you mean '%s'?)", cond,
                              tdn_kb_condition_closest(kb, cond));
    tdn_episode e = {.patient_id = req->id[0]};
    tdn_err err = {0};
    if (tdn_side_site_check("side", tdn_in_str(req, "side"), "site", tdn_in_str(req, "site"),
                            e.side, e.site, sizeof e.site, &err))
        return tdn_resp_err(resp, &err);
    snprintf(e.condition, sizeof e.condition, "%s", kb->conditions[c].id);
    snprintf(e.icd10, sizeof e.icd10, "%s", kb->conditions[c].icd10);
    snprintf(e.goals, sizeof e.goals, "%s", goal ? goal : "");
    snprintf(e.plan, sizeof e.plan, "%s",
             tdn_in_str(req, "plan") ? tdn_in_str(req, "plan") : "dry_needling");
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_episode_open(st, &act, &e, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_pain(tdn_req *req, tdn_resp *resp)
{
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    int n = 0;
    tdn_err err = {0};
    if (tdn_parse_pains(tdn_in_json(req, "pains"), pains, &n, &err))
        return tdn_resp_err(resp, &err);
    int64_t sid = tdn_in_int(req, "session", 0), eid = tdn_in_int(req, "episode", 0);
    if (!sid && !eid) return tdn_resp_error(resp, 400, "session: give a session or an episode");
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_pain_entry map[TDN_LOCATE_MAX_PAIN];
    int64_t ids[TDN_LOCATE_MAX_PAIN];
    tdn_pain_map_entries(pains, n, sid, eid, req->id[0], map);
    if (tdn_store_pain_map_add(st, &act, map, (size_t)n, ids, &err))
        return tdn_resp_err(resp, &err);
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, json_integer(ids[i]));
    tdn_resp_json(resp, 201, json_pack("{s:o}", "ids", out));
}

/* The patient a diary route acts on: a patient login only ever their own. */
static int64_t diary_patient(const tdn_req *req)
{
    return req->user->role_bit == TDN_ROLE_PATIENT ? req->user->patient_id : req->id[0];
}

void tdn_api_diary(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_chart c = {0};
    tdn_err err = {0};
    if (tdn_store_chart_read(st, &act, diary_patient(req), &c, &err))
        return tdn_resp_err(resp, &err);
    json_t *a = json_array();
    for (size_t i = 0; i < c.n_diary; i++)
        json_array_append_new(a, tdn_diary_json(&c.diary[i]));
    tdn_chart_free(&c);
    tdn_resp_json(resp, 200, json_pack("{s:o}", "diary", a));
}

void tdn_api_diary_add(tdn_req *req, tdn_resp *resp)
{
    tdn_diary_entry d = {.patient_id = diary_patient(req),
                         .session_id = tdn_in_int(req, "session", 0),
                         .pain = (int)tdn_in_int(req, "pain", 0),
                         .soreness = (int)tdn_in_int(req, "soreness", 0)};
    tdn_err err = {0};
    const char *day = tdn_in_str(req, "day"), *note = tdn_in_str(req, "note");
    tdn_tz zone;
    if (tdn_date_check("day", day, req->now, tdn_tz_at(&zone, req->now), NULL, &err))
        return tdn_resp_err(resp, &err);
    snprintf(d.day, sizeof d.day, "%s", day);
    snprintf(d.note, sizeof d.note, "%s", note ? note : "");
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_diary_add(st, &act, &d, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

tdn_audit_query tdn_audit_query_of(const tdn_req *req, int default_limit)
{
    return (tdn_audit_query){.patient_id = tdn_in_int(req, "patient", 0),
                             .before = tdn_in_int(req, "before", 0),
                             .limit = (int)tdn_in_int(req, "limit", default_limit),
                             .actor = tdn_in_str(req, "actor"),
                             .action = tdn_in_str(req, "action")};
}

/* GET /api/audit: one page, newest first (?before=ID for older pages). */
void tdn_api_audit(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_audit_query q = tdn_audit_query_of(req, TDN_AUDIT_PAGE_MAX);
    tdn_audit_entry *a = NULL;
    size_t n = 0;
    int64_t next = 0;
    tdn_err err = {0};
    if (tdn_store_audit_page(st, &act, &q, &a, &n, &next, &err)) return tdn_resp_err(resp, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, tdn_audit_json(&a[i]));
    free(a);
    tdn_resp_json(resp, 200,
                  json_pack("{s:o,s:o}", "audit", list, "next_before",
                            next ? json_integer(next) : json_null()));
}

void tdn_api_users(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_user *u = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_user_list(st, &u, &n, &err)) return tdn_resp_err(resp, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, tdn_user_json(&u[i]));
    free(u);
    tdn_resp_json(resp, 200, json_pack("{s:o}", "users", list));
}

void tdn_api_user_add(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    int64_t id = 0;
    const char *display = tdn_in_str(req, "display");
    if (tdn_store_user_add(st, &act, tdn_in_str(req, "username"), display ? display : "",
                           tdn_in_str(req, "role"), tdn_in_str(req, "password"),
                           tdn_in_int(req, "patient", 0), &id, &err))
        return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_screening(tdn_req *req, tdn_resp *resp)
{
    char *profile = json_dumps(tdn_in_json(req, "profile"), JSON_COMPACT);
    tdn_act act;
    tdn_store *st = profile ? tdn_api_store(req, resp, &act) : NULL;
    if (!profile) return tdn_resp_error(resp, 500, "server: out of memory");
    tdn_err err = {0};
    json_t *result = NULL;
    if (st && tdn_screening_record(st, &act, tdn_req_screen_rules(req), tdn_req_kb(req), req->id[0],
                                   profile, strlen(profile), NULL, &result, &err))
        tdn_resp_err(resp, &err);
    else if (st)
        tdn_resp_json(resp, 201, result);
    free(profile);
}

void tdn_api_screen(tdn_req *req, tdn_resp *resp)
{
    char *profile = json_dumps(tdn_in_json(req, "profile"), JSON_COMPACT);
    if (!profile) return tdn_resp_error(resp, 500, "server: out of memory");
    tdn_screen_result r = {0};
    tdn_err err = {0};
    if (tdn_screen_run(tdn_req_screen_rules(req), tdn_req_kb(req), profile, strlen(profile), NULL,
                       &r, &err)) {
        if (err.status == TDN_EINPUT)
            tdn_resp_error(resp, 400, "profile: %s", err.msg);
        else
            tdn_resp_err(resp, &err);
    } else {
        tdn_resp_json(resp, 200, tdn_screen_result_json(&r));
        tdn_screen_result_free(&r);
    }
    free(profile);
}
