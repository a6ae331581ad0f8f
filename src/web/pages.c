/* pages.c — the public pages (root redirect, login) and the body chart with
 * the ranked trigger points beside it. Server-rendered; app.js adds the
 * behaviour. User text only reaches HTML through tdn_html. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/needling.h"
#include "web/pages.h"

void tdn_page_root(tdn_req *req, tdn_resp *resp)
{
    if (!req->user) return tdn_resp_redirect(resp, "/login");
    tdn_resp_redirect(resp, req->user->role_bit == TDN_ROLE_PATIENT ? "/diary" : "/today");
}

bool tdn_safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/') return false;
    for (const char *p = next; *p; p++) /* browsers drop tabs and newlines: "/\t/x" is "//x" */
        if ((unsigned char)*p < 0x21 || *p == 0x7f || strchr("\\\"'<>", *p)) return false;
    return true;
}

void tdn_page_login(tdn_req *req, tdn_resp *resp)
{
    const char *next = tdn_in_str(req, "next");
    tdn_page_begin(req, resp, "Sign in", "login");
    tdn_html(&resp->body,
             "<form id=\"login\" class=\"card narrow\" method=\"post\" action=\"/api/login\">"
             "<p><label for=\"username\">User name</label>"
             "<input id=\"username\" name=\"username\" autocomplete=\"username\" required></p>"
             "<p><label for=\"password\">Password</label>"
             "<input id=\"password\" name=\"password\" type=\"password\" "
             "autocomplete=\"current-password\" required></p>"
             "<input type=\"hidden\" name=\"next\" value=\"%s\">"
             "<p><button type=\"submit\">Sign in</button></p>"
             "<p class=\"error\" id=\"login-error\" role=\"alert\"></p></form>",
             tdn_safe_next(next) ? next : "/");
    tdn_page_end(req, resp);
}

static void pain_panel(tdn_buf *b)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"pain-panel\" aria-label=\"Mark pain\">"
                   "<h2>Mark pain</h2>"
                   "<p class=\"hint\">Click a region on the chart, or choose it here.</p>"
                   "<p><label for=\"pp-region\">Region</label><select id=\"pp-region\">");
    tdn_words_region_options(b, NULL);
    tdn_buf_put(b,
                "</select></p>"
                "<fieldset class=\"sides\"><legend>Side</legend>"
                "<label><input type=\"radio\" name=\"pp-side\" value=\"R\" checked> Right</label>"
                "<label><input type=\"radio\" name=\"pp-side\" value=\"L\"> Left</label>"
                "<label><input type=\"radio\" name=\"pp-side\" value=\"B\"> Both / midline</label>"
                "</fieldset>"
                "<p><label for=\"pp-intensity\">Intensity (0–10): <output id=\"pp-int-out\">5"
                "</output></label><input id=\"pp-intensity\" type=\"range\" min=\"0\" max=\"10\" "
                "value=\"5\"></p>"
                "<p><button type=\"button\" id=\"pp-add\">Add to pain map</button> "
                "<button type=\"button\" id=\"pp-clear\" class=\"secondary\">Clear map</button></p>"
                "<h3>Pain map</h3><ul id=\"pain-list\" class=\"plain\"></ul>"
                "<p><label for=\"pp-condition\">Condition (optional)</label>"
                "<select id=\"pp-condition\"><option value=\"\">—</option></select></p>"
                "</section>");
}

/* For ?patient=ID: the patient (audited chart read) and the verdict of
 * their latest screening; NULL after an error page. */
static tdn_verdict *patient_verdict(tdn_req *req, tdn_resp *resp, int64_t patient, tdn_chart *c)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return NULL;
    tdn_err err = {0};
    tdn_verdict *v = calloc(1, sizeof *v);
    if (!v) tdn_err_set(&err, TDN_ESYS, "server: out of memory");
    if (v && !tdn_store_chart_read(st, &act, patient, c, &err) &&
        !tdn_verdict_latest(st, &tdn_req_needling_rules(req)->protocol, patient, req->now, v, &err))
        return v;
    tdn_chart_free(c);
    free(v);
    tdn_page_error(req, resp, &err);
    return NULL;
}

/* Without ?patient=: whose chart? A list of the patients to open it for. */
static void patient_picker(tdn_req *req, tdn_buf *b)
{
    tdn_act act = {.actor = req->user->name, .now = req->now};
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    tdn_patient *ps = NULL;
    size_t n = 0;
    if (!st || tdn_store_patient_list(st, &act, NULL, &ps, &n, &err)) {
        tdn_html(b, "<p class=\"error\">%s</p>", tdn_words_message(err.msg));
        return;
    }
    tdn_buf_put(b, "<form method=\"get\" action=\"/bodychart\" class=\"card row\" "
                   "id=\"pick-patient\"><p><label for=\"bc-patient\">Patient</label>"
                   "<select id=\"bc-patient\" name=\"patient\" required><option value=\"\">"
                   "choose a patient</option>");
    for (size_t i = 0; i < n && i < 500; i++)
        tdn_html(b, "<option value=\"%lld\">%s (born %s)</option>", (long long)ps[i].id, ps[i].name,
                 ps[i].birth);
    free(ps);
    tdn_buf_put(
        b, "</select></p><p><button type=\"submit\">Open their body chart</button></p></form>");
}

void tdn_page_bodychart(tdn_req *req, tdn_resp *resp)
{
    int64_t patient = tdn_in_int(req, "patient", 0);
    tdn_chart c = {0};
    tdn_verdict *v = patient ? patient_verdict(req, resp, patient, &c) : NULL;
    if (patient && !v) return;
    char title[300];
    snprintf(title, sizeof title, "Body chart%s%s", v ? " — " : "", v ? c.patient.name : "");
    tdn_page_begin(req, resp, title, "bodychart");
    tdn_buf *b = &resp->body;
    if (v) {
        tdn_page_patient_head(b, &c.patient, req->now);
        tdn_page_verdict(tdn_req_kb(req), b, v);
    } else
        patient_picker(req, b);
    tdn_bodychart_marks marks = {v ? v->blocked : NULL, v ? v->n_blocked : 0};
    tdn_buf_put(b, "<div class=\"bodychart-layout\"><section class=\"card chart\" "
                   "aria-label=\"Body chart\">");
    tdn_bodychart_svg(b, &marks);
    tdn_buf_put(b, "</section>");
    pain_panel(b);
    tdn_buf_put(b, "<section class=\"card\" id=\"candidates\" data-blocked=\"");
    for (int i = 0; v && i < v->n_blocked_muscles; i++)
        tdn_html(b, "%s%s", i ? "," : "", v->blocked_muscles[i]);
    tdn_buf_put(b, "\" aria-label=\"Ranked trigger points\">"
                   "<h2>Likely trigger points</h2><ol id=\"cand-list\" class=\"cands\">"
                   "<li class=\"hint\">Mark a pain region to see the ranked muscles.</li></ol>"
                   "<div id=\"muscle-detail\" class=\"detail\" aria-live=\"polite\"></div>"
                   "</section></div>");
    if (patient)
        tdn_html(b,
                 "<section class=\"card\" id=\"save-map\" data-patient=\"%lld\">"
                 "<h2>Save to the chart</h2><div class=\"row\"><p><label for=\"save-target\">"
                 "Save the pain map to</label><select id=\"save-target\"></select></p>"
                 "<p><button type=\"button\" id=\"save-map-btn\">Save pain map</button></p>"
                 "</div><p id=\"save-map-msg\" role=\"status\"></p>"
                 "<p><a href=\"/patients/%lld\">Back to the chart</a></p></section>",
                 (long long)patient, (long long)patient);
    tdn_chart_free(&c);
    free(v);
    tdn_page_end(req, resp);
}
