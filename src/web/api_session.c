/* api_session.c — the needling session routes of the JSON API: open, read
 * (state, ledger, due timers), needle events, close (refused with the
 * reason while a needle is in), abort, note and handout. All through
 * app/needling.h, the same calls as `tdn needle` and `tdn session`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/needling.h"
#include "web/routes.h"

static tdn_act act_of(const tdn_req *req)
{
    return (tdn_act){.actor = req->user->name, .now = req->now};
}

void tdn_api_session_open(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) return tdn_resp_err(resp, &err);
    tdn_session in = {.patient_id = tdn_in_int(req, "patient", 0),
                      .episode_id = tdn_in_int(req, "episode", 0)};
    tdn_needling *n = calloc(1, sizeof *n);
    tdn_act act = act_of(req);
    int64_t id = 0;
    if (!n) return tdn_resp_error(resp, 500, "server: out of memory");
    if (tdn_needling_open(st, &act, tdn_req_needling_rules(req), &in, &id, n, &err))
        tdn_resp_err(resp, &err);
    else
        tdn_resp_json(resp, 201,
                      json_pack("{s:I,s:s,s:s?}", "id", (json_int_t)id, "state",
                                tdn_session_state_name(n->state), "unscreened",
                                n->unscreened[0] ? n->unscreened : NULL));
    free(n);
}

tdn_session_reader tdn_session_reader_of(const tdn_req *req)
{
    tdn_session_reader r = {0};
    if (req->user->role_bit == TDN_ROLE_PATIENT) r.patient_id = req->user->patient_id;
    if (req->user->role_bit == TDN_ROLE_FRONT_DESK)
        tdn_local_day(req->now, &r.opened_from, &r.opened_to);
    return r;
}

/* Loads session req->id[0] into a new record (audited read); NULL after
 * answering with the error. A patient may load only their own session, the
 * front desk only a session of today's list (a refusal is audited). */
static tdn_needling_record *load(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    tdn_needling_record *rec = st ? calloc(1, sizeof *rec) : NULL;
    tdn_act act = act_of(req);
    if (!st) return tdn_resp_err(resp, &err), NULL;
    if (!rec) return tdn_resp_error(resp, 500, "server: out of memory"), NULL;
    tdn_session_reader reader = tdn_session_reader_of(req);
    if (tdn_store_needling_load_as(st, &act, req->id[0], &reader, rec, &err)) {
        free(rec);
        return tdn_resp_err(resp, &err), NULL;
    }
    return rec;
}

static json_t *state_json(const tdn_req *req, const tdn_needling_record *rec)
{
    tdn_due due[TDN_SESSION_MAX_NEEDLES * 2];
    int n = tdn_protocol_due(&rec->needling, &tdn_req_needling_rules(req)->protocol, req->now, due,
                             TDN_SESSION_MAX_NEEDLES * 2);
    if (n > TDN_SESSION_MAX_NEEDLES * 2) n = TDN_SESSION_MAX_NEEDLES * 2;
    return json_pack("{s:I,s:I,s:I,s:s,s:o,s:o}", "now", (json_int_t)req->now, "patient",
                     (json_int_t)rec->session.patient_id, "episode",
                     (json_int_t)rec->session.episode_id, "cpt", rec->session.cpt, "needling",
                     tdn_needling_json(rec->session.id, &rec->needling), "due",
                     tdn_due_json(due, n));
}

void tdn_api_session(tdn_req *req, tdn_resp *resp)
{
    tdn_needling_record *rec = load(req, resp);
    if (!rec) return;
    tdn_resp_json(resp, 200, state_json(req, rec));
    free(rec);
}

/* Applies ev to the session and answers with the new state (+ warnings). */
static void apply(tdn_req *req, tdn_resp *resp, const tdn_needling_event *ev, int status)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    tdn_needling_record *after = st ? calloc(1, sizeof *after) : NULL;
    tdn_act act = act_of(req);
    if (!st) return tdn_resp_err(resp, &err);
    if (!after) return tdn_resp_error(resp, 500, "server: out of memory");
    tdn_insert_result res = {0};
    if (tdn_needling_apply(st, &act, tdn_req_kb(req), tdn_req_needling_rules(req), req->id[0], ev,
                           after, &res, &err)) {
        free(after);
        return tdn_resp_err(resp, &err);
    }
    json_t *out = state_json(req, after), *w = json_array();
    for (int i = 0; i < res.n_warnings; i++)
        json_array_append_new(w, json_string(res.warnings[i]));
    json_object_set_new(out, "warnings", w);
    if (ev->kind == TDN_EV_INSERT) json_object_set_new(out, "needle", json_integer(res.needle));
    free(after);
    tdn_resp_json(resp, status, out);
}

void tdn_api_needle_in(tdn_req *req, tdn_resp *resp)
{
    const char *side = tdn_in_str(req, "side"), *tech = tdn_in_str(req, "technique");
    tdn_needling_event ev = {.kind = TDN_EV_INSERT};
    ev.insert = (tdn_insert){.muscle = tdn_in_str(req, "muscle"),
                             .side = side[0],
                             .technique = tdn_technique_parse(tech),
                             .guide_tube = tdn_in_bool(req, "guide_tube", false),
                             .palpation = tdn_in_str(req, "palpation"),
                             .gauge_mm = tdn_in_num(req, "gauge_mm", 0),
                             .length_mm = (int)tdn_in_int(req, "length_mm", 0),
                             .override = tdn_in_str(req, "override")};
    apply(req, resp, &ev, 201);
}

static void needle_event(tdn_req *req, tdn_resp *resp, int kind)
{
    tdn_needling_event ev = {.kind = kind, .needle = (int)req->id[1]};
    if (req->id[1] > TDN_SESSION_MAX_NEEDLES)
        return tdn_resp_error(resp, 404, "needle: no needle %lld", (long long)req->id[1]);
    if (kind == TDN_EV_BROKEN) {
        ev.severity = tdn_in_str(req, "severity");
        ev.text = tdn_in_str(req, "incident");
    } else if (kind == TDN_EV_ESTIM) {
        ev.estim = (tdn_estim_input){.freq_hz = tdn_in_num(req, "freq_hz", 0),
                                     .pulse_us = (int)tdn_in_int(req, "pulse_us", 0),
                                     .duration_s = (int)tdn_in_int(req, "duration_s", 0),
                                     .intensity = tdn_in_str(req, "intensity")};
    }
    apply(req, resp, &ev, 200);
}

void tdn_api_needle_ltr(tdn_req *req, tdn_resp *resp)
{
    needle_event(req, resp, TDN_EV_LTR);
}
void tdn_api_needle_redirect(tdn_req *req, tdn_resp *resp)
{
    needle_event(req, resp, TDN_EV_REDIRECT);
}
void tdn_api_needle_out(tdn_req *req, tdn_resp *resp)
{
    needle_event(req, resp, TDN_EV_WITHDRAW);
}
void tdn_api_needle_reinsert(tdn_req *req, tdn_resp *resp)
{
    needle_event(req, resp, TDN_EV_REINSERT);
}
void tdn_api_needle_broken(tdn_req *req, tdn_resp *resp)
{
    needle_event(req, resp, TDN_EV_BROKEN);
}
void tdn_api_needle_estim(tdn_req *req, tdn_resp *resp)
{
    needle_event(req, resp, TDN_EV_ESTIM);
}

void tdn_api_session_abort(tdn_req *req, tdn_resp *resp)
{
    tdn_needling_event ev = {.kind = TDN_EV_ABORT, .text = tdn_in_str(req, "reason")};
    apply(req, resp, &ev, 200);
}

void tdn_api_session_close(tdn_req *req, tdn_resp *resp)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    tdn_needling_record *after = st ? calloc(1, sizeof *after) : NULL;
    tdn_act act = act_of(req);
    if (!st) return tdn_resp_err(resp, &err);
    if (!after) return tdn_resp_error(resp, 500, "server: out of memory");
    tdn_billing bill;
    if (tdn_needling_close(st, &act, tdn_req_kb(req), tdn_req_needling_rules(req), req->id[0],
                           after, &bill, &err)) {
        free(after);
        /* a refusal (needles still in, already closed) is a conflict with the state */
        if (err.status == TDN_EINPUT && !strstr(err.msg, " with id "))
            return tdn_resp_error(resp, 409, "%s", err.msg);
        return tdn_resp_err(resp, &err);
    }
    json_t *out = state_json(req, after);
    json_object_set_new(out, "cpt",
                        bill.cpt ? json_pack("{s:s,s:s,s:s}", "code", bill.cpt->code, "descriptor",
                                             bill.cpt->descriptor, "rule", bill.cpt->id)
                                 : json_null());
    json_object_set_new(out, "distinct_muscles", json_integer(bill.distinct_muscles));
    free(after);
    tdn_resp_json(resp, 200, out);
}

void tdn_api_session_note(tdn_req *req, tdn_resp *resp)
{
    tdn_needling_record *rec = load(req, resp);
    if (!rec) return;
    tdn_buf b = {0};
    tdn_err err = {0};
    bool final = false;
    tdn_act act = act_of(req);
    tdn_note_record nr = {0};
    if (tdn_needling_note(req->store, &act, tdn_req_kb(req), tdn_req_needling_rules(req), rec, &b,
                          &final, &err) ||
        tdn_store_note_get(req->store, &act, rec->session.id, &nr, &err))
        tdn_resp_err(resp, &err);
    else /* final: the generated part is (session ended); signed: the whole note is */
        tdn_resp_json(resp, 200,
                      json_pack("{s:I,s:b,s:s,s:b,s:s?,s:s,s:s,s:s,s:s,s:I}", "session",
                                (json_int_t)rec->session.id, "final", final, "note",
                                tdn_buf_str(&b), "signed", nr.signed_at != 0, "signer",
                                nr.signed_at ? nr.signer : NULL, "subjective", nr.subjective,
                                "objective", nr.objective, "assessment", nr.assessment, "plan",
                                nr.plan, "addenda", (json_int_t)nr.n_addenda));
    tdn_note_record_free(&nr);
    tdn_buf_free(&b);
    free(rec);
}

/* Builds the handout of the loaded session into a new tdn_handout; NULL
 * after answering with the error (no needle inserted: 409). */
tdn_handout *tdn_session_handout(tdn_req *req, tdn_resp *resp, const tdn_needling_record *rec)
{
    tdn_handout *h = calloc(1, sizeof *h);
    tdn_err err = {0};
    if (!h) return tdn_resp_error(resp, 500, "server: out of memory"), NULL;
    tdn_act act = act_of(req);
    if (tdn_needling_handout(req->store, &act, tdn_req_kb(req), tdn_req_needling_rules(req), rec, h,
                             &err)) {
        free(h);
        if (err.status == TDN_ESYS) return tdn_resp_error(resp, 500, "%s", err.msg), NULL;
        return tdn_resp_error(resp, 409, "%s", err.msg), NULL;
    }
    return h;
}

void tdn_api_session_handout(tdn_req *req, tdn_resp *resp)
{
    tdn_needling_record *rec = load(req, resp);
    tdn_handout *h = rec ? tdn_session_handout(req, resp, rec) : NULL;
    if (h) tdn_resp_json(resp, 200, tdn_handout_json(rec->session.id, h));
    free(h);
    free(rec);
}
