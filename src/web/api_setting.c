/* api_setting.c — the clinic settings an admin changes from the web app:
 * the time zone (POST /api/settings/timezone {"timezone": "Europe/Madrid"}),
 * checked and stored by app/settings.h (audited). The running server keeps
 * the zone it started with (app/localtime.h sets it once, before threads);
 * the answer says so. */
#include "app/settings.h"
#include "web/routes.h"

void tdn_api_setting_timezone(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    tdn_act act = {.actor = req->user->name, .now = req->now};
    const char *zone = tdn_in_str(req, "timezone");
    if (!st || tdn_setting_set(st, &act, "timezone", zone, &err)) return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200, json_pack("{s:s,s:b}", "timezone", zone, "restart_needed", 1));
}
