/* api_intake.c — the patient's intake on the JSON API: the questions and
 * the patient's own latest intake (GET /api/my/intake), sending it (POST
 * /api/my/intake: a patient only ever their own record), and for
 * clinicians a patient's latest intake with what the patient said beside
 * what was confirmed (GET /api/patients/:id/intake, 404 for an unknown
 * patient) and the confirmation that records the screening (POST
 * /api/patients/:id/intake/confirm). The front desk has no route here. */
#include <stdlib.h>

#include "app/intake.h"
#include "app/kbfiles.h"
#include "web/routes.h"

tdn_intake_form *tdn_req_intake_form(tdn_req *req, tdn_err *err)
{
    const tdn_kbfiles *files = tdn_req_kbfiles(req);
    tdn_intake_form *f = calloc(1, sizeof *f);
    if (!f) {
        tdn_err_set(err, TDN_ESYS, "server: out of memory");
        return NULL;
    }
    if (!files || tdn_intake_form_load(f, files->files, files->n, err)) {
        if (!files) tdn_err_set(err, TDN_ESYS, "server: no knowledge base files");
        free(f);
        return NULL;
    }
    return f;
}

/* {"questions": [...], "intake": {...} | null} for patient_id. */
static void answer_latest(tdn_req *req, tdn_resp *resp, int64_t patient_id, bool questions)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    tdn_intake_form *f = tdn_req_intake_form(req, &err);
    tdn_intake_record r = {0};
    bool found = false;
    if (!f || tdn_store_intake_latest(st, &act, patient_id, &r, &found, &err)) {
        free(f);
        return tdn_resp_err(resp, &err);
    }
    json_t *j = json_pack("{s:o}", "intake", found ? tdn_intake_json(f, &r) : json_null());
    if (questions) json_object_set_new(j, "questions", tdn_intake_form_json(f));
    tdn_intake_record_free(&r);
    free(f);
    tdn_resp_json(resp, 200, j);
}

void tdn_api_my_intake(tdn_req *req, tdn_resp *resp)
{
    answer_latest(req, resp, req->user->patient_id, true);
}

void tdn_api_patient_intake(tdn_req *req, tdn_resp *resp)
{
    answer_latest(req, resp, req->id[0], false);
}

void tdn_api_my_intake_add(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    tdn_intake_form *f = tdn_req_intake_form(req, &err);
    int64_t id = 0;
    if (!f || tdn_intake_submit(st, &act, f, req->user->patient_id, tdn_in_json(req, "intake"), &id,
                                &err)) {
        free(f);
        return tdn_resp_err(resp, &err);
    }
    free(f);
    tdn_api_created(resp, id);
}

void tdn_api_intake_confirm(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    tdn_intake_form *f = tdn_req_intake_form(req, &err);
    json_t *result = NULL;
    if (!f || tdn_intake_confirm(st, &act, f, tdn_req_screen_rules(req), tdn_req_kb(req),
                                 req->id[0], tdn_in_json(req, "confirmation"), &result, &err)) {
        free(f);
        return tdn_resp_err(resp, &err);
    }
    free(f);
    tdn_resp_json(resp, 201, result);
}
