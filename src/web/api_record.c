/* api_record.c — session-level record routes of the JSON API: open a
 * session, palpation findings, outcome measures, adverse events, and
 * screenings. Values are checked with the same core checks as the CLI
 * (core/record.h, the KB) before the store is touched, so a bad field
 * answers 400 naming it and writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/record.h"
#include "store/store.h"
#include "web/routes.h"

/* One side letter from the field (allowed: "LR" or "LRB"); 400 when wrong. */
static bool side_of(tdn_req *req, tdn_resp *resp, const char *field, const char *allowed,
                    char out[2])
{
    const char *text = tdn_in_str(req, field);
    char side = tdn_side_parse(text ? text : "B");
    if (!side || !strchr(allowed, side)) {
        tdn_resp_error(resp, 400, "%s: must be %s", field,
                       strlen(allowed) == 2 ? "L or R" : "L, R or B");
        return false;
    }
    out[0] = side;
    out[1] = '\0';
    return true;
}

void tdn_api_finding(tdn_req *req, tdn_resp *resp)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_finding f = {.session_id = req->id[0],
                     .taut_band = tdn_in_bool(req, "taut_band", false),
                     .spot = tdn_in_bool(req, "spot", false),
                     .ltr = tdn_in_bool(req, "ltr", false),
                     .referred = tdn_in_bool(req, "referred", false)};
    const char *muscle = tdn_in_str(req, "muscle");
    if (tdn_kb_muscle_find(kb, muscle) < 0)
        return tdn_resp_error(resp, 400, "muscle: unknown muscle '%.60s' (did you mean '%s'?)",
                              muscle, tdn_kb_muscle_closest(kb, muscle));
    if (!side_of(req, resp, "side", "LR", f.side)) return;
    snprintf(f.muscle, sizeof f.muscle, "%s", muscle);
    snprintf(f.tp_type, sizeof f.tp_type, "%s", tdn_in_str(req, "type"));
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    tdn_err err = {0};
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_finding_add(st, &act, &f, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_measure(tdn_req *req, tdn_resp *resp)
{
    tdn_measure m = {.session_id = req->id[0]};
    const char *kind = tdn_in_str(req, "kind"), *site = tdn_in_str(req, "site"),
               *motion = tdn_in_str(req, "motion");
    char value[32];
    snprintf(value, sizeof value, "%g", tdn_in_num(req, "value", 0));
    if (!side_of(req, resp, "side", "LRB", m.side)) return;
    const char *unit = NULL;
    tdn_err err = {0};
    if (tdn_measure_check(tdn_req_kb(req), kind, site, value, motion, &m.value, &unit, &err))
        return tdn_resp_err(resp, &err);
    snprintf(m.phase, sizeof m.phase, "%s", tdn_in_str(req, "phase"));
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    snprintf(m.site, sizeof m.site, "%s", site);
    snprintf(m.unit, sizeof m.unit, "%s", unit);
    snprintf(m.motion, sizeof m.motion, "%s", motion ? motion : "");
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_measure_add(st, &act, &m, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_ae(tdn_req *req, tdn_resp *resp)
{
    tdn_adverse_event ae = {.session_id = req->id[0],
                            .needle_number =
                                (int)tdn_in_int(req, "needle", 0), /* #N, as in the URLs */
                            .resolved = tdn_in_bool(req, "resolved", false)};
    const char *kind = tdn_in_str(req, "kind"), *severity = tdn_in_str(req, "severity");
    const char *action = tdn_in_str(req, "action"), *note = tdn_in_str(req, "note");
    tdn_err err = {0};
    if (tdn_ae_kind_check("kind", kind, &err) || tdn_ae_severity_check("severity", severity, &err))
        return tdn_resp_err(resp, &err);
    snprintf(ae.kind, sizeof ae.kind, "%s", kind);
    snprintf(ae.severity, sizeof ae.severity, "%s", severity);
    snprintf(ae.action, sizeof ae.action, "%s", action ? action : "");
    snprintf(ae.note, sizeof ae.note, "%s", note ? note : "");
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    int64_t id = 0;
    if (!st) return;
    if (tdn_store_ae_add(st, &act, &ae, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}
