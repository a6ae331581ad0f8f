/* pages.c — the public pages (root redirect, login) and the body chart with
 * the ranked trigger points beside it. Server-rendered; app.js adds the
 * behaviour. User text only reaches HTML through tdn_html. */
#include <stdlib.h>
#include <string.h>

#include "web/pages.h"

void tdn_page_root(tdn_req *req, tdn_resp *resp)
{
    if (!req->user) return tdn_resp_redirect(resp, "/login");
    tdn_resp_redirect(resp, req->user->role_bit == TDN_ROLE_PATIENT ? "/diary" : "/today");
}

static bool safe_next(const char *next)
{
    return next && next[0] == '/' && next[1] != '/' && !strpbrk(next, "\\\r\n\"'<>");
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
             safe_next(next) ? next : "/");
    tdn_page_end(req, resp);
}

static void pain_panel(tdn_buf *b)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"pain-panel\" aria-label=\"Mark pain\">"
                   "<h2>Mark pain</h2>"
                   "<p class=\"hint\">Click a region on the chart, or choose it here.</p>"
                   "<p><label for=\"pp-region\">Region</label><select id=\"pp-region\">");
    const char *group = "";
    for (int i = 0; i < tdn_region_count(); i++) {
        const tdn_region_info *r = tdn_region_at(i);
        if (strcmp(group, r->group) != 0) {
            if (*group) tdn_buf_put(b, "</optgroup>");
            tdn_html(b, "<optgroup label=\"%s\">", r->group);
            group = r->group;
        }
        tdn_html(b, "<option value=\"%s\">%s</option>", r->code, r->name);
    }
    tdn_buf_put(b,
                "</optgroup></select></p>"
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
    tdn_page_begin(req, resp, "Body chart", "bodychart");
    tdn_buf *b = &resp->body;
    if (!tdn_in_int(req, "patient", 0)) patient_picker(req, b);
    tdn_buf_put(b, "<div class=\"bodychart-layout\"><section class=\"card chart\" "
                   "aria-label=\"Body chart\">");
    tdn_bodychart_svg(b);
    tdn_buf_put(b, "</section>");
    pain_panel(b);
    tdn_buf_put(b, "<section class=\"card\" id=\"candidates\" aria-label=\"Ranked trigger points\">"
                   "<h2>Likely trigger points</h2><ol id=\"cand-list\" class=\"cands\">"
                   "<li class=\"hint\">Mark a pain region to see the ranked muscles.</li></ol>"
                   "<div id=\"muscle-detail\" class=\"detail\" aria-live=\"polite\"></div>"
                   "</section></div>");
    int64_t patient = tdn_in_int(req, "patient", 0);
    if (patient)
        tdn_html(b,
                 "<section class=\"card\" id=\"save-map\" data-patient=\"%lld\">"
                 "<h2>Save to the chart</h2><div class=\"row\"><p><label for=\"save-target\">"
                 "Save the pain map to</label><select id=\"save-target\"></select></p>"
                 "<p><button type=\"button\" id=\"save-map-btn\">Save pain map</button></p>"
                 "</div><p id=\"save-map-msg\" role=\"status\"></p>"
                 "<p><a href=\"/patients/%lld\">Back to the chart</a></p></section>",
                 (long long)patient, (long long)patient);
    tdn_page_end(req, resp);
}
