/* page_session.c — the session pages: the session runner (choose muscles,
 * needle in/out, LTR counter, countdowns from the protocol's due timers,
 * hazard warnings, the ledger, close refused with the reason while a needle
 * is in; app.js drives it through the API), the session note, the printable
 * aftercare handout, and a patient's list of their handouts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "app/needling.h"
#include "core/locate.h"
#include "core/record.h"
#include "web/pages.h"

/* Loads session req->id[0] (audited); NULL after an error page. */
static tdn_needling_record *load_page(tdn_req *req, tdn_resp *resp, tdn_store *st,
                                      const tdn_act *act)
{
    tdn_needling_record *rec = calloc(1, sizeof *rec);
    tdn_err err = {0};
    if (!rec) tdn_err_set(&err, TDN_ESYS, "server: out of memory");
    tdn_session_reader reader = tdn_session_reader_of(req);
    if (rec && !tdn_store_needling_load_as(st, act, req->id[0], &reader, rec, &err)) return rec;
    free(rec);
    tdn_page_error(req, resp, &err);
    return NULL;
}

/* The session's palpation findings as locate evidence: an active trigger
 * point is one that reproduces the patient's pain (+), "none" a muscle
 * palpated without finding (-); a latent one is not used (it may lie in a
 * pain-free muscle: Celik D, Mutlu EK. Clinical implication of latent
 * myofascial trigger point. Curr Pain Headache Rep 2013;17(8):353). */
static int session_findings(const tdn_kb *kb, const tdn_chart *c, int64_t sid, tdn_palpation *out)
{
    int n = 0;
    for (size_t i = 0; i < c->n_findings && n < TDN_LOCATE_MAX_FINDINGS; i++) {
        const tdn_finding *f = &c->findings[i];
        int m = tdn_kb_muscle_find(kb, f->muscle);
        int sign = strcmp(f->tp_type, "active") == 0 ? 1 : strcmp(f->tp_type, "none") == 0 ? -1 : 0;
        if (f->session_id == sid && m >= 0 && sign) out[n++] = (tdn_palpation){m, f->side[0], sign};
    }
    return n;
}

/* Muscles ranked by locate from the session's (else the episode's) pain map
 * and the session's palpation findings (*n_found of them). */
static int suggested(tdn_req *req, const tdn_chart *c, const tdn_session *s, tdn_candidate *out,
                     int max, int *n_found)
{
    tdn_pain pains[TDN_LOCATE_MAX_PAIN];
    int n = 0;
    for (int pass = 0; pass < 2 && n == 0; pass++)
        for (size_t i = 0; i < c->n_pains && n < TDN_LOCATE_MAX_PAIN; i++) {
            const tdn_pain_entry *p = &c->pains[i];
            bool mine = pass == 0 ? p->session_id == s->id
                                  : s->episode_id && p->episode_id == s->episode_id;
            int r = tdn_region_find(p->region);
            if (mine && r >= 0) pains[n++] = (tdn_pain){r, p->side[0], p->intensity};
        }
    int got = 0;
    tdn_err err = {0};
    tdn_palpation found[TDN_LOCATE_MAX_FINDINGS];
    *n_found = session_findings(tdn_req_kb(req), c, s->id, found);
    if (n == 0 ||
        tdn_locate_palpated(tdn_req_kb(req), pains, n, -1, found, *n_found, out, max, &got, &err))
        return 0;
    return got;
}

/* " — blocked by the screening" after a muscle the session refuses without an override. */
static const char *blocked_note(const tdn_needling *n, const char *id)
{
    for (int i = 0; n && i < n->n_blocked_muscles; i++)
        if (strcmp(n->blocked_muscles[i], id) == 0) return " — blocked by the screening";
    return "";
}

static void muscle_select(tdn_req *req, tdn_buf *b, const tdn_needling *nd,
                          const tdn_candidate *cand, int n_cand)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_buf_put(b, "<select id=\"rs-muscle\" name=\"muscle\" required><option value=\"\">choose"
                   "</option>");
    if (n_cand) {
        tdn_buf_put(b, "<optgroup label=\"Suggested by the pain map\">");
        for (int i = 0; i < n_cand; i++)
            tdn_html(b, "<option value=\"%s\">%s (%c, score %.2f)%s</option>",
                     kb->muscles[cand[i].muscle].id, kb->muscles[cand[i].muscle].name, cand[i].side,
                     cand[i].score, blocked_note(nd, kb->muscles[cand[i].muscle].id));
        tdn_buf_put(b, "</optgroup>");
    }
    const char *area = "";
    for (int i = 0; i < kb->n_muscles; i++) {
        const tdn_muscle *m = &kb->muscles[i];
        if (strcmp(area, m->area) != 0) {
            tdn_html(b, "%s<optgroup label=\"%s\">", *area ? "</optgroup>" : "", m->area);
            area = m->area;
        }
        tdn_html(b, "<option value=\"%s\">%s%s</option>", m->id, m->name, blocked_note(nd, m->id));
    }
    tdn_buf_put(b, "</optgroup></select>");
}

static void insert_form(tdn_req *req, tdn_buf *b, const tdn_needling *nd, const tdn_candidate *cand,
                        int n_cand)
{
    tdn_buf_put(b, "<section class=\"card\"><h2>Needle in</h2><form id=\"rs-insert\">"
                   "<p><label for=\"rs-muscle\">Muscle</label>");
    muscle_select(req, b, nd, cand, n_cand);
    tdn_buf_put(
        b, "</p><div id=\"rs-hazards\" aria-live=\"polite\"></div>"
           "<fieldset><legend>Side</legend><label><input type=\"radio\" name=\"side\" value=\"R\" "
           "checked> Right</label><label><input type=\"radio\" name=\"side\" value=\"L\"> Left"
           "</label></fieldset><fieldset><legend>Technique</legend><label><input type=\"radio\" "
           "name=\"technique\" value=\"deep\" checked> Deep (to LTR, up to 15 min)</label>"
           "<label><input type=\"radio\" name=\"technique\" value=\"superficial\"> Superficial "
           "(30 s, then 2 min)</label></fieldset><div class=\"row\">"
           "<p><label for=\"rs-palp\">Palpation</label><select id=\"rs-palp\" name=\"palpation\">"
           "<option value=\"\">not recorded</option><option>pincer</option><option>flat</option>"
           "</select></p><p><label for=\"rs-gauge\">Gauge (mm)</label><input id=\"rs-gauge\" "
           "name=\"gauge_mm\" type=\"number\" step=\"0.01\" min=\"0.1\" max=\"0.5\" "
           "value=\"0.25\"></p><p><label for=\"rs-length\">Length (mm)</label><input "
           "id=\"rs-length\" name=\"length_mm\" type=\"number\" min=\"7\" max=\"150\" "
           "value=\"40\" data-type=\"int\"></p></div><p><label><input type=\"checkbox\" "
           "name=\"guide_tube\" checked> Guide tube</label></p>"
           "<p><label for=\"rs-override\">Override reason (only to needle despite a refusal)"
           "</label><input id=\"rs-override\" name=\"override\" maxlength=\"255\"></p>"
           "<p><button type=\"submit\">Needle in</button></p></form></section>");
}

/* Which sites to palpate first to tell the suggested muscles apart (before
 * any finding), then the suggested muscles first in the muscle list. */
static void finding_form(tdn_req *req, tdn_buf *b, int64_t sid, const tdn_candidate *cand,
                         int n_cand, int n_found)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_html(b, "<section class=\"card\"><h2>Palpation finding</h2>");
    tdn_buf hints = {0};
    if (!n_found) tdn_locate_palpate_first(kb, cand, n_cand, &hints);
    if (hints.data) {
        tdn_buf_put(b, "<p class=\"hint\">Palpate first:</p><ul id=\"f-palpate-first\">");
        for (char *p = hints.data, *nl; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            *nl = '\0';
            tdn_html(b, "<li>%s</li>", p);
        }
        tdn_buf_put(b, "</ul>");
    }
    tdn_buf_free(&hints);
    tdn_html(b,
             "<form data-api=\"/api/sessions/%lld/findings\" data-then=\"none\" "
             "id=\"rs-finding\"><p><label for=\"f-muscle\">Muscle palpated</label><select "
             "id=\"f-muscle\" name=\"muscle\">",
             (long long)sid);
    for (int i = 0; i < n_cand; i++)
        tdn_html(b, "<option value=\"%s\">%s (suggested)</option>", kb->muscles[cand[i].muscle].id,
                 kb->muscles[cand[i].muscle].name);
    for (int i = 0; i < kb->n_muscles; i++)
        tdn_html(b, "<option value=\"%s\">%s</option>", kb->muscles[i].id, kb->muscles[i].name);
    tdn_buf_put(b, "</select></p><div class=\"row\"><p><label for=\"f-side\">Side</label>"
                   "<select id=\"f-side\" name=\"side\"><option value=\"R\">right</option>"
                   "<option value=\"L\">left</option>"
                   "</select></p><p><label for=\"f-type\">Trigger point</label><select "
                   "id=\"f-type\" name=\"type\"><option value=\"active\">active (reproduces the "
                   "patient's pain)</option><option value=\"latent\">latent</option><option "
                   "value=\"none\">none found (palpated, nothing found)</option>"
                   "</select></p></div><fieldset><legend>Signs</legend><label><input "
                   "type=\"checkbox\" name=\"taut_band\"> taut band</label><label><input "
                   "type=\"checkbox\" name=\"spot\"> hyperirritable spot</label><label><input "
                   "type=\"checkbox\" name=\"ltr\"> LTR on palpation</label><label><input "
                   "type=\"checkbox\" name=\"referred\"> referred pain reproduced</label>"
                   "</fieldset><p><button type=\"submit\">Record finding</button> <span "
                   "class=\"ok\" role=\"status\"></span></p><p class=\"error\" role=\"alert\">"
                   "</p></form></section>");
}

static void ae_form(tdn_buf *b, int64_t sid)
{
    tdn_html(b,
             "<section class=\"card\"><h2>Adverse event</h2><form data-api=\"/api/sessions/%lld/"
             "aes\" data-then=\"none\" id=\"rs-ae\"><div class=\"row\"><p><label for=\"a-kind\">"
             "Kind</label><select id=\"a-kind\" name=\"kind\"><option>bruising</option><option>"
             "bleeding</option><option value=\"pain_during\">pain during needling</option><option "
             "value=\"pain_after\">pain after needling</option><option>"
             "soreness</option><option>drowsiness</option><option>syncope</option><option>nausea"
             "</option><option>headache</option><option>aggravation</option><option>other"
             "</option></select></p><p><label for=\"a-sev\">Severity</label><select id=\"a-sev\" "
             "name=\"severity\"><option>mild</option><option>moderate</option><option>significant"
             "</option><option>serious</option></select></p></div><p><label "
             "for=\"a-action\">Action taken</label><input "
             "id=\"a-action\" name=\"action\"></p><p><button type=\"submit\">Record adverse event"
             "</button> <span class=\"ok\" role=\"status\"></span></p><p class=\"error\" "
             "role=\"alert\"></p></form></section>",
             (long long)sid);
}

/* The patient and the verdict of the screening the session opened with
 * (its blocked regions as the session keeps them); its e-stim reasons go
 * into estim. */
static void runner_verdict(const tdn_kb *kb, tdn_buf *b, const tdn_chart *c,
                           const tdn_needling_record *rec, int64_t now, tdn_buf *estim)
{
    tdn_page_patient_head(b, &c->patient, now);
    tdn_verdict *v = calloc(1, sizeof *v);
    if (!v) return;
    for (size_t i = 0; i < c->n_screenings; i++)
        if (rec->session.screening_id && c->screenings[i].id == rec->session.screening_id)
            tdn_verdict_of(&c->screenings[i], v);
    v->n_blocked = rec->needling.n_blocked;
    memcpy(v->blocked, rec->needling.blocked, sizeof v->blocked);
    v->n_blocked_muscles = rec->needling.n_blocked_muscles;
    memcpy(v->blocked_muscles, rec->needling.blocked_muscles, sizeof v->blocked_muscles);
    tdn_page_verdict(kb, b, v);
    for (int i = 0; i < v->n_reasons; i++) /* cautions about electrical stimulation */
        if (v->reasons[i].estim) {
            tdn_buf_put(estim, "<p class=\"danger-box es-caution\" role=\"note\">");
            tdn_words_text(kb, estim, v->reasons[i].detail);
            tdn_buf_put(estim, "</p>");
        }
    free(v);
}

void tdn_page_session(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    tdn_needling_record *rec = st ? load_page(req, resp, st, &act) : NULL;
    if (!rec) return;
    tdn_chart c = {0};
    tdn_err err = {0};
    if (tdn_store_chart_read(st, &act, rec->session.patient_id, &c, &err)) {
        free(rec);
        return tdn_page_error(req, resp, &err);
    }
    tdn_candidate cand[8];
    int n_found = 0;
    int n_cand = suggested(req, &c, &rec->session, cand, 8, &n_found);
    char title[300];
    snprintf(title, sizeof title, "Session %lld — %s", (long long)rec->session.id, c.patient.name);
    tdn_page_begin(req, resp, title, "session");
    tdn_buf *b = &resp->body;
    tdn_html(b,
             "<div id=\"runner\" data-session=\"%lld\"><p><a href=\"/patients/%lld\">Back to the "
             "chart</a> · state <span id=\"rs-state\" class=\"badge\">%s</span></p>"
             "<p id=\"rs-unscreened\" class=\"danger-box hidden\" role=\"alert\"></p>"
             "<p id=\"runner-msg\" role=\"status\" aria-live=\"assertive\"></p>",
             (long long)rec->session.id, (long long)rec->session.patient_id,
             tdn_session_state_name(rec->needling.state));
    tdn_buf estim = {0};
    runner_verdict(tdn_req_kb(req), b, &c, rec, req->now, &estim);
    /* what the server checks e-stim against; if it cannot be read the button
     * stays enabled and the server still refuses */
    tdn_estim_screening es;
    bool estim_no_go =
        !tdn_needling_estim_screening(st, rec->session.patient_id, &es, &err) && es.forbidden[0];
    tdn_buf_put(b, "<div class=\"bodychart-layout runner\">");
    insert_form(req, b, &rec->needling, cand, n_cand);
    tdn_buf_put(b, "<section class=\"card\"><h2>Needles</h2><p id=\"rs-ledger\" class=\"ledger\">"
                   "</p><div id=\"rs-needles\"></div><p><button type=\"button\" id=\"rs-close\">"
                   "Close the session</button> <button type=\"button\" id=\"rs-abort\" "
                   "class=\"secondary\">Abort…</button></p>");
    tdn_html(b, "<details id=\"rs-estim\"><summary>Electrical stimulation%s</summary>",
             estim_no_go ? " (not for this patient)"
             : estim.len ? " (see the caution)"
                         : "");
    tdn_buf_put(b, tdn_buf_str(&estim)); /* built with tdn_words_text: escaped */
    tdn_html(b,
             "<form "
             "id=\"rs-estim-form\"><div class=\"row\"><p><label for=\"es-needle\">Needle (in)"
             "</label><select id=\"es-needle\" required></select></p><p><label for=\"es-freq\">"
             "Frequency (Hz)</label><input id=\"es-freq\" name=\"freq_hz\" type=\"number\" "
             "min=\"0.5\" max=\"250\" step=\"0.5\" value=\"2\"></p><p><label for=\"es-pulse\">"
             "Pulse width (µs)</label><input id=\"es-pulse\" name=\"pulse_us\" type=\"number\" "
             "min=\"20\" max=\"1000\" value=\"250\" data-type=\"int\"></p><p><label "
             "for=\"es-dur\">Duration (s)</label><input id=\"es-dur\" name=\"duration_s\" "
             "type=\"number\" min=\"1\" max=\"3600\" value=\"600\" data-type=\"int\"></p>"
             "</div><p><label for=\"es-int\">Intensity (the patient's tolerance, in words)"
             "</label><input id=\"es-int\" name=\"intensity\" maxlength=\"63\" "
             "value=\"%s\" required></p><p><button type=\"submit\"%s>%s"
             "</button></p></form></details>"
             "<p id=\"rs-links\" class=\"hidden\"><a class=\"button secondary\" "
             "href=\"/sessions/%lld/note\">Session note</a> <a class=\"button secondary\" "
             "href=\"/sessions/%lld/handout\">Aftercare handout</a></p></section><div>",
             estim.len ? "" : "strong but comfortable", estim_no_go ? " disabled" : "",
             estim_no_go ? "E-stim refused by the screening" : "Start e-stim",
             (long long)rec->session.id, (long long)rec->session.id);
    tdn_buf_free(&estim);
    finding_form(req, b, rec->session.id, cand, n_cand, n_found);
    tdn_measure_form(req, b, &c, &rec->session, cand, n_cand);
    ae_form(b, rec->session.id);
    tdn_buf_put(b, "</div></div></div>");
    tdn_chart_free(&c);
    free(rec);
    tdn_page_end(req, resp);
}

void tdn_page_note(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    tdn_needling_record *rec = st ? load_page(req, resp, st, &act) : NULL;
    if (!rec) return;
    tdn_buf note = {0};
    tdn_err err = {0};
    bool final = false;
    if (tdn_needling_note(st, &act, tdn_req_kb(req), tdn_req_needling_rules(req), rec, &note,
                          &final, &err)) {
        free(rec);
        tdn_buf_free(&note);
        return tdn_page_error(req, resp, &err);
    }
    char title[64];
    snprintf(title, sizeof title, "Session note %lld", (long long)rec->session.id);
    tdn_page_begin(req, resp, title, "note");
    int state = rec->needling.state;
    tdn_page_note_body(req, st, &act, rec->session.id,
                       state == TDN_SESSION_CLOSED || state == TDN_SESSION_ABORTED,
                       tdn_buf_str(&note), &resp->body);
    tdn_buf_free(&note);
    free(rec);
    tdn_page_end(req, resp);
}

void tdn_page_handout(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    tdn_needling_record *rec = st ? load_page(req, resp, st, &act) : NULL;
    if (!rec) return;
    tdn_resp probe = {0};
    tdn_handout *h = tdn_session_handout(req, &probe, rec);
    tdn_page_begin(req, resp, "Aftercare", "handout");
    tdn_buf *b = &resp->body;
    tdn_buf_put(b, "<p class=\"noprint\"><button type=\"button\" data-print>Print the handout"
                   "</button></p>");
    tdn_page_phone_hint(req, st, b);
    if (h)
        tdn_handout_html(h, b); /* core escapes every line */
    else
        tdn_buf_put(b, "<p class=\"hint\">No handout: no needle was inserted in this session."
                       "</p>");
    tdn_buf_free(&probe.body);
    free(h);
    free(rec);
    tdn_page_end(req, resp);
}

void tdn_page_my_handouts(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_chart c = {0};
    tdn_err err = {0};
    if (tdn_store_chart_read(st, &act, req->user->patient_id, &c, &err))
        return tdn_page_error(req, resp, &err);
    tdn_page_begin(req, resp, "My aftercare", "handouts");
    tdn_buf *b = &resp->body;
    tdn_buf_put(b, "<section class=\"card\"><ul class=\"plain\">");
    int n = 0;
    for (size_t i = c.n_sessions; i-- > 0;) {
        const tdn_session *s = &c.sessions[i];
        if (strcmp(s->state, "closed") != 0 || !s->cpt[0]) continue;
        char day[16];
        tdn_local_date(s->opened_at, day);
        tdn_html(b,
                 "<li><a href=\"/sessions/%lld/handout\">Aftercare after the session of %s"
                 "</a></li>",
                 (long long)s->id, day);
        n++;
    }
    if (!n) tdn_buf_put(b, "<li class=\"hint\">No handout yet.</li>");
    tdn_buf_put(b, "</ul></section>");
    tdn_chart_free(&c);
    tdn_page_end(req, resp);
}
