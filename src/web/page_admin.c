/* page_admin.c — the admin's pages (users, the audit trail) and the
 * patient's diary page. Server-rendered from the store; forms post to the
 * JSON API through app.js. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "core/record.h"
#include "store/store.h"
#include "web/pages.h"
#include "web/plot.h"

static void user_form(tdn_buf *b)
{
    tdn_buf_put(b, "<section class=\"card\"><h2>Add a user</h2>"
                   "<form data-api=\"/api/users\" data-then=\"reload\" id=\"user-add\">"
                   "<div class=\"row\"><p><label for=\"u-name\">User name</label>"
                   "<input id=\"u-name\" name=\"username\" required maxlength=\"64\"></p>"
                   "<p><label for=\"u-display\">Display name</label>"
                   "<input id=\"u-display\" name=\"display\" maxlength=\"200\"></p>"
                   "<p><label for=\"u-role\">Role</label><select id=\"u-role\" name=\"role\">"
                   "<option value=\"clinician\">clinician</option>"
                   "<option value=\"front_desk\">front desk</option>"
                   "<option value=\"patient\">patient</option>"
                   "<option value=\"admin\">admin</option></select></p>"
                   "<p><label for=\"u-patient\">Patient id (patient logins only)</label>"
                   "<input id=\"u-patient\" name=\"patient\" type=\"number\" min=\"1\" "
                   "data-type=\"int\"></p>"
                   "<p><label for=\"u-pass\">Password (12 or more characters, not a common "
                   "one)</label>"
                   "<input id=\"u-pass\" name=\"password\" type=\"password\" minlength=\"12\" "
                   "autocomplete=\"new-password\" required></p></div>"
                   "<p><button type=\"submit\">Add user</button></p>"
                   "<p class=\"error\" role=\"alert\"></p></form></section>");
}

void tdn_page_users(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_user *u = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_user_list(st, &u, &n, &err)) return tdn_page_error(req, resp, &err);
    tdn_page_begin(req, resp, "Users", "users");
    tdn_buf *b = &resp->body;
    tdn_timezone_prompt(req, b, st);
    tdn_buf_put(b, "<section class=\"card\"><table id=\"users-table\"><thead><tr><th>User</th>"
                   "<th>Name</th><th>Role</th><th>Patient</th><th>Failed sign-ins</th>"
                   "<th>Sessions</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        tdn_html(b, "<tr><td>%s</td><td>%s%s%s</td><td>", u[i].username, u[i].display,
                 u[i].credentials[0] ? ", " : "", u[i].credentials);
        tdn_words_code(b, u[i].role);
        tdn_buf_put(b, "</td><td>");
        if (u[i].patient_id)
            tdn_html(b, "<a href=\"/patients/%lld\">%lld</a>", (long long)u[i].patient_id,
                     (long long)u[i].patient_id);
        tdn_html(b,
                 "</td><td>%d</td><td><form data-api=\"/api/users/%lld/logout-all\" "
                 "data-then=\"reload\"><button type=\"submit\">End sessions</button>"
                 "<span class=\"error\" role=\"alert\"></span></form></td></tr>",
                 u[i].failed_logins, (long long)u[i].id);
    }
    tdn_buf_put(b, "</tbody></table></section>");
    user_form(b);
    tdn_admin_note_forms(st, u, n, b);
    free(u);
    tdn_page_end(req, resp);
}

static void audit_row(tdn_buf *b, const tdn_audit_entry *e)
{
    char when[16 + TDN_CLOCK_LEN], day[16], clock[TDN_CLOCK_LEN];
    tdn_tz zone;
    tdn_tz_at(&zone, e->at);
    tdn_date(&zone, e->at, day);
    tdn_clock(&zone, e->at, clock);
    snprintf(when, sizeof when, "%s %s", day, clock);
    tdn_html(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s %lld</td><td>", when, e->actor,
             e->action, e->table, (long long)e->record_id);
    if (e->patient_id)
        tdn_html(b, "<a href=\"/patients/%lld\">%lld</a>", (long long)e->patient_id,
                 (long long)e->patient_id);
    tdn_html(b, "</td><td>%s</td></tr>", e->detail);
}

/* The filters of this page again, for the "older" link (values escaped). */
static void audit_older_link(tdn_req *req, tdn_buf *b, int64_t next)
{
    tdn_html(b, "<p><a id=\"audit-older\" href=\"/audit?before=%lld", (long long)next);
    if (tdn_in_int(req, "patient", 0))
        tdn_html(b, "&amp;patient=%lld", (long long)tdn_in_int(req, "patient", 0));
    const char *keys[] = {"actor", "action"};
    for (int i = 0; i < 2; i++) {
        const char *v = tdn_in_str(req, keys[i]);
        if (!v) continue;
        tdn_html(b, "&amp;%s=", keys[i]);
        for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                *p == '_' || *p == '-' || *p == '.')
                tdn_buf_putc(b, (char)*p);
            else
                tdn_buf_printf(b, "%%%02X", *p);
        }
    }
    tdn_buf_put(b, "\">Older entries</a></p>");
}

static void audit_filters(tdn_req *req, tdn_buf *b)
{
    const char *actor = tdn_in_str(req, "actor"), *action = tdn_in_str(req, "action");
    int64_t patient = tdn_in_int(req, "patient", 0);
    tdn_buf_put(b, "<form method=\"get\" action=\"/audit\" class=\"card row\" role=\"search\" "
                   "id=\"audit-filter\"><p><label for=\"audit-patient\">Patient id</label>"
                   "<input id=\"audit-patient\" name=\"patient\" type=\"number\" min=\"1\"");
    if (patient) tdn_html(b, " value=\"%lld\"", (long long)patient);
    tdn_html(b,
             "></p><p><label for=\"a-actor\">Who</label><input id=\"a-actor\" name=\"actor\" "
             "maxlength=\"64\" value=\"%s\"></p>"
             "<p><label for=\"a-action\">What</label><input id=\"a-action\" name=\"action\" "
             "maxlength=\"24\" value=\"%s\" placeholder=\"login_failed\"></p>"
             "<p><button type=\"submit\">Filter</button> <a class=\"button secondary\" "
             "href=\"/audit\">Show all</a></p></form>",
             actor ? actor : "", action ? action : "");
}

/* GET /audit: a page of the audit trail, newest first, TDN_AUDIT_PAGE rows. */
void tdn_page_audit(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_audit_query q = tdn_audit_query_of(req, TDN_AUDIT_PAGE);
    tdn_audit_entry *a = NULL;
    size_t n = 0;
    int64_t next = 0;
    tdn_err err = {0};
    if (tdn_store_audit_page(st, &act, &q, &a, &n, &next, &err))
        return tdn_page_error(req, resp, &err);
    tdn_page_begin(req, resp, "Audit trail", "audit");
    tdn_buf *b = &resp->body;
    audit_filters(req, b);
    tdn_html(b, "<p class=\"hint\">%zu entr%s, the newest first%s.</p>", n, n == 1 ? "y" : "ies",
             q.before ? " (older page)" : "");
    tdn_buf_put(b, "<section class=\"card\"><table id=\"audit-table\"><thead><tr><th>When</th>"
                   "<th>Who</th><th>What</th><th>Record</th><th>Patient</th><th>Detail</th></tr>"
                   "</thead><tbody>");
    for (size_t k = 0; k < n; k++)
        audit_row(b, &a[k]);
    free(a);
    tdn_buf_put(b, "</tbody></table></section>");
    if (next) audit_older_link(req, b, next);
    tdn_page_end(req, resp);
}

static void diary_form(tdn_buf *b, const char *today)
{
    tdn_html(b,
             "<section class=\"card\"><h2>How are you today?</h2>"
             "<form data-api=\"/api/my/diary\" data-then=\"reload\" id=\"diary-form\" "
             "data-saved=\"Saved your entry for {day}: pain {pain}, soreness {soreness}.\">"
             "<div class=\"row\"><p><label for=\"d-day\">Day</label>"
             "<input id=\"d-day\" name=\"day\" type=\"date\" value=\"%s\" required></p>"
             "<p><label for=\"d-pain\">Pain (0 none – 10 worst): <output id=\"d-pain-out\">"
             "not set</output></label><input id=\"d-pain\" name=\"pain\" type=\"range\" "
             "min=\"0\" max=\"10\" value=\"5\" data-type=\"int\" data-echo=\"d-pain-out\" "
             "data-must-set=\"Move the pain slider to today's pain (0 is none)\"></p>"
             "<p><label for=\"d-sore\">Soreness (0 none – 10 worst): <output "
             "id=\"d-sore-out\">not set</output></label><input id=\"d-sore\" name=\"soreness\" "
             "type=\"range\" min=\"0\" max=\"10\" value=\"5\" data-type=\"int\" "
             "data-echo=\"d-sore-out\" data-must-set=\"Move the soreness slider to today's "
             "soreness (0 is none)\"></p></div>"
             "<p><label for=\"d-note\">Note (optional)</label>"
             "<textarea id=\"d-note\" name=\"note\" maxlength=\"2000\"></textarea></p>"
             "<p><button type=\"submit\">Save today's entry</button></p>"
             "<p class=\"error\" role=\"alert\"></p></form></section>",
             today);
}

void tdn_page_diary(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_chart c = {0};
    tdn_err err = {0};
    if (tdn_store_chart_read(st, &act, req->user->patient_id, &c, &err))
        return tdn_page_error(req, resp, &err);
    tdn_page_begin(req, resp, "My diary", "diary");
    tdn_buf *b = &resp->body;
    char today[16];
    tdn_local_date(req->now, today);
    tdn_buf_put(b, "<p class=\"hint\">Soreness for a day or two after dry needling is normal. "
                   "Call the clinic if you have a fever, spreading redness, or shortness of breath."
                   "</p><div class=\"grid2\">");
    diary_form(b, today);
    tdn_plot_point *pts = calloc(2 * c.n_diary + 1, sizeof *pts);
    char(*days)[16] = calloc(c.n_diary + 1, sizeof *days);
    tdn_buf_put(b, "<section class=\"card\"><h2>My entries</h2>");
    if (pts && days && c.n_diary) {
        for (size_t i = 0; i < c.n_diary; i++) {
            pts[2 * i] = (tdn_plot_point){(int)i + 1, c.diary[i].pain, "pre"};
            pts[2 * i + 1] = (tdn_plot_point){(int)i + 1, c.diary[i].soreness, "post"};
            snprintf(days[i], sizeof days[i], "%s", c.diary[i].day);
        }
        tdn_buf_put(b, "<p class=\"legend\"><span class=\"pre-key\">━ pain</span> · "
                       "<span class=\"post-key\">╍ soreness</span> (by day)</p>");
        tdn_plot_svg(b, &(tdn_plot_spec){.title = "Pain and soreness",
                                         .unit = "0-10",
                                         .lo = 0,
                                         .hi = 10,
                                         .pts = pts,
                                         .n = (int)(2 * c.n_diary),
                                         .x_labels = (const char(*)[16])days,
                                         .n_x = (int)c.n_diary,
                                         .over = "by day",
                                         .series = {"pain", "soreness", NULL}});
    }
    free(days);
    free(pts);
    tdn_buf_put(b, "<table><thead><tr><th>Day</th><th>Pain</th><th>Soreness</th><th>Note</th>"
                   "</tr></thead><tbody>");
    for (size_t i = c.n_diary; i-- > 0;)
        tdn_html(b, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%s</td></tr>", c.diary[i].day,
                 c.diary[i].pain, c.diary[i].soreness, c.diary[i].note);
    if (!c.n_diary)
        tdn_buf_put(b, "<tr><td colspan=\"4\" class=\"hint\">No entries yet.</td></tr>");
    tdn_buf_put(b, "</tbody></table></section></div>");
    tdn_chart_free(&c);
    tdn_page_end(req, resp);
}
