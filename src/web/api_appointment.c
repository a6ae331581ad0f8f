/* api_appointment.c — the appointment book on the JSON API: list a day or a
 * week (of one clinician or all), book, move, change state (check in,
 * no-show, cancel) and open the needling session from an appointment.
 * Overlaps are 409s naming the other appointment (the store's words); times
 * are the clinic's local "YYYY-MM-DDTHH:MM". Names and times only: nothing
 * clinical is answered here, so the front desk may use all but the session. */
#include <stdlib.h>
#include <string.h>

#include "app/appointment.h"
#include "app/localtime.h"
#include "app/needling.h"
#include "web/routes.h"

/* [from, to) of ?date= or ?week= (a date in that week); today by default. */
int tdn_appt_span(tdn_req *req, int64_t *from, int64_t *to, tdn_err *err)
{
    const char *date = tdn_in_str(req, "date"), *week = tdn_in_str(req, "week");
    const char *day = week ? week : date;
    if (!day) {
        tdn_local_day(req->now, from, to);
        return TDN_OK;
    }
    int rc = tdn_local_date_span(week ? "week" : "date", day, from, to, err);
    if (!rc && week) tdn_local_week(*from + 12 * 3600, from, to);
    return rc;
}

void tdn_api_appointments(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    int64_t from = 0, to = 0;
    tdn_appointment *as = NULL;
    size_t n = 0;
    if (tdn_appt_span(req, &from, &to, &err) ||
        tdn_store_appt_list(st, &act, from, to, tdn_in_str(req, "clinician"),
                            tdn_in_bool(req, "all", false), &as, &n, &err))
        return tdn_resp_err(resp, &err);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, tdn_appt_json(&as[i]));
    free(as);
    tdn_resp_json(resp, 200,
                  json_pack("{s:I,s:I,s:o}", "from", (json_int_t)from, "to", (json_int_t)to,
                            "appointments", a));
}

void tdn_api_appointment_add(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    tdn_appointment a = {.patient_id = tdn_in_int(req, "patient", 0)};
    snprintf(a.clinician, sizeof a.clinician, "%s", tdn_in_str(req, "clinician"));
    int64_t id = 0;
    if (tdn_local_parse("starts", tdn_in_str(req, "starts"), &a.starts, &err)) {
        tdn_resp_err(resp, &err);
        return;
    }
    a.ends = a.starts + tdn_in_int(req, "minutes", 30) * 60;
    if (tdn_store_appt_add(st, &act, &a, &id, &err)) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

void tdn_api_appointment_move(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    int64_t starts = 0, minutes = tdn_in_int(req, "minutes", 0);
    if (tdn_local_parse("starts", tdn_in_str(req, "starts"), &starts, &err) ||
        tdn_store_appt_move(st, &act, req->id[0], starts, minutes ? starts + minutes * 60 : 0,
                            tdn_in_str(req, "clinician"), &err))
        return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200, json_pack("{s:I}", "id", (json_int_t)req->id[0]));
}

void tdn_api_appointment_status(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    const char *status = tdn_in_str(req, "status");
    if (tdn_store_appt_set_status(st, &act, req->id[0], status, &err))
        return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200,
                  json_pack("{s:I,s:s}", "id", (json_int_t)req->id[0], "status", status));
}

/* POST /api/appointments/:id/session: opens the patient's needling session
 * (the same checks as POST /api/sessions) and links it to the appointment,
 * which becomes checked in. */
void tdn_api_appointment_session(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    tdn_appointment a;
    if (tdn_store_appt_get(st, &act, req->id[0], &a, &err)) return tdn_resp_err(resp, &err);
    if (a.session_id)
        return tdn_resp_error(resp, 409,
                              "appointment: session %lld is open for it already; open that one",
                              (long long)a.session_id);
    if (strcmp(a.status, "booked") && strcmp(a.status, "checked_in"))
        return tdn_resp_error(resp, 409, "appointment: refused: the appointment is %s", a.status);
    tdn_session in = {.patient_id = a.patient_id};
    tdn_needling *n = calloc(1, sizeof *n);
    int64_t id = 0;
    if (!n) return tdn_resp_error(resp, 500, "server: out of memory");
    int rc = tdn_needling_open(st, &act, tdn_req_needling_rules(req), &in, &id, n, &err);
    free(n);
    if (!rc) rc = tdn_store_appt_link_session(st, &act, a.id, id, &err);
    if (rc) return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}
