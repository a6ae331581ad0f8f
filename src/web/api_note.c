/* api_note.c — the session note as a clinical document over the JSON API:
 * the clinician's S/O/A/P text (refused with 409 once signed), signing and
 * addenda; and the admin's changes a note and handout show: a user's full
 * name and credentials, the clinic's letterhead settings. All through the
 * same app/store calls as `tdn note`, `tdn user set` and `tdn setting set`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/needling.h"
#include "app/settings.h"
#include "web/routes.h"

void tdn_api_note_edit(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_note_text t = {tdn_in_str(req, "subjective"), tdn_in_str(req, "objective"),
                       tdn_in_str(req, "assessment"), tdn_in_str(req, "plan")};
    tdn_err err = {0};
    if (!t.subjective && !t.objective && !t.assessment && !t.plan)
        return tdn_resp_error(resp, 400, "note: give subjective, objective, assessment or plan");
    if (tdn_store_note_edit(st, &act, req->id[0], &t, &err)) return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200,
                  json_pack("{s:I, s:b}", "session", (json_int_t)req->id[0], "saved", 1));
}

void tdn_api_note_sign(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    char signer[TDN_SIGNER_MAX + 1];
    if (tdn_needling_note_sign(st, &act, tdn_req_kb(req), tdn_req_needling_rules(req), req->id[0],
                               &err) ||
        tdn_signer_name(st, act.actor, signer, sizeof signer, &err))
        return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200,
                  json_pack("{s:I, s:s, s:I}", "session", (json_int_t)req->id[0], "signer", signer,
                            "signed_at", (json_int_t)act.now));
}

void tdn_api_note_addendum(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    int64_t id = 0;
    if (tdn_needling_note_addendum(st, &act, req->id[0], tdn_in_str(req, "text"), &id, &err))
        return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_user_set(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    const char *cred = tdn_in_str(req, "credentials");
    if (tdn_store_user_set_name(st, &act, req->seg[0], tdn_in_str(req, "display"), cred ? cred : "",
                                &err))
        return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200,
                  json_pack("{s:s, s:s, s:s}", "username", req->seg[0], "display",
                            tdn_in_str(req, "display"), "credentials", cred ? cred : ""));
}

/* The letterhead form sends the three settings at once; an empty one is
 * left unset. */
void tdn_api_letterhead(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    static const char *const keys[] = {"clinic_name", "clinic_address", "clinic_phone"};
    tdn_err err = {0};
    tdn_setting kv[3];
    size_t n = 0;
    for (int i = 0; i < 3; i++) { /* check all, then store them in one transaction */
        const char *v = tdn_in_str(req, keys[i]);
        if (!v || !*v) continue;
        if (tdn_setting_check(keys[i], v, &err)) return tdn_resp_err(resp, &err);
        snprintf(kv[n].key, sizeof kv[n].key, "%s", keys[i]);
        snprintf(kv[n].value, sizeof kv[n].value, "%s", v);
        n++;
    }
    if (tdn_store_setting_set_many(st, &act, kv, n, &err)) return tdn_resp_err(resp, &err);
    tdn_letterhead lh;
    if (tdn_letterhead_get(st, &lh, &err)) return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200,
                  json_pack("{s:s, s:s, s:s}", "clinic_name", lh.name, "clinic_address", lh.address,
                            "clinic_phone", lh.phone));
}
