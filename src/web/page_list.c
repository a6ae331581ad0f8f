/* page_list.c — the front pages for staff: today's sessions (and those of
 * earlier days not yet closed or aborted) and the patient
 * search with the registration form. Server-rendered from the store; the
 * forms post to the JSON API through app.js (data-api). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "store/store.h"
#include "web/pages.h"

static void register_form(tdn_buf *b)
{
    tdn_buf_put(b, "<section class=\"card\"><h2>Register a patient</h2>"
                   "<form data-api=\"/api/patients\" data-then=\"goto:/patients/{id}\" "
                   "id=\"register\"><div class=\"row\">"
                   "<p><label for=\"r-name\">Full name</label>"
                   "<input id=\"r-name\" name=\"name\" required maxlength=\"200\"></p>"
                   "<p><label for=\"r-birth\">Date of birth</label>"
                   "<input id=\"r-birth\" name=\"birth\" type=\"date\" required></p>"
                   "<p><label for=\"r-sex\">Sex</label><select id=\"r-sex\" name=\"sex\">"
                   "<option value=\"\">not given</option><option value=\"F\">F</option>"
                   "<option value=\"M\">M</option><option value=\"X\">X</option></select></p>"
                   "</div><p><button type=\"submit\">Register</button></p>"
                   "<p class=\"error\" role=\"alert\"></p></form></section>");
}

static void patient_rows(tdn_buf *b, const tdn_patient *ps, size_t n)
{
    tdn_buf_put(b, "<table id=\"patient-table\"><thead><tr><th>Name</th><th>Born</th>"
                   "<th>Sex</th><th>Id</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        tdn_html(b,
                 "<tr><td><a href=\"/patients/%lld\">%s</a></td><td>%s</td><td>%s</td>"
                 "<td>%lld</td></tr>",
                 (long long)ps[i].id, ps[i].name, ps[i].birth, ps[i].sex, (long long)ps[i].id);
    if (n == 0) tdn_buf_put(b, "<tr><td colspan=\"4\" class=\"hint\">No patient found.</td></tr>");
    tdn_buf_put(b, "</tbody></table>");
}

static void search_section(tdn_req *req, tdn_resp *resp, tdn_store *st, const tdn_act *act)
{
    tdn_buf *b = &resp->body;
    const char *q = tdn_in_str(req, "search");
    tdn_html(b,
             "<section class=\"card\"><h2>Find a patient</h2>"
             "<form method=\"get\" action=\"/patients\" class=\"row\" role=\"search\">"
             "<p><label for=\"search\">Name contains</label>"
             "<input id=\"search\" name=\"search\" value=\"%s\" maxlength=\"100\"></p>"
             "<p><button type=\"submit\">Search</button></p></form>",
             q ? q : "");
    tdn_patient *ps = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_patient_list(st, act, q, &ps, &n, &err))
        tdn_html(b, "<p class=\"error\">%s</p>", tdn_words_message(err.msg));
    else
        patient_rows(b, ps, n > 200 ? 200 : n);
    free(ps);
    tdn_buf_put(b, "</section>");
}

void tdn_page_patients(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_page_begin(req, resp, "Patients", "patients");
    tdn_buf_put(&resp->body, "<div class=\"grid2\">");
    search_section(req, resp, st, &act);
    register_form(&resp->body);
    tdn_buf_put(&resp->body, "</div>");
    tdn_page_end(req, resp);
}

/* earlier: the unfinished sessions of earlier days (dated), else today's. */
static void day_table(tdn_buf *b, const tdn_day_entry *d, size_t n, bool clinical, bool earlier)
{
    tdn_html(b,
             "<table id=\"%s\"><thead><tr><th>%s</th><th>Patient</th><th>State</th>"
             "<th>Clinician</th><th></th></tr></thead><tbody>",
             earlier ? "unfinished-table" : "today-table", earlier ? "Opened" : "Time");
    for (size_t i = 0; i < n; i++) {
        char hm[TDN_CLOCK_LEN], day[16]; /* "HH:MM LABEL" on the clinic's clock */
        tdn_tz zone;
        int64_t t = d[i].session.opened_at;
        tdn_clock(tdn_tz_at(&zone, t), t, hm);
        tdn_date(&zone, t, day);
        memmove(hm + 5, hm + 8, strlen(hm + 8) + 1);
        tdn_html(b, "<tr><td>%s%s%s</td><td><a href=\"/patients/%lld\">%s</a></td><td>",
                 earlier ? day : "", earlier ? " " : "", hm, (long long)d[i].session.patient_id,
                 d[i].patient_name);
        tdn_words_code(b, d[i].session.state);
        tdn_html(b, "</td><td>%s</td><td>", d[i].session.clinician);
        if (clinical)
            tdn_html(b, "<a class=\"button secondary\" href=\"/sessions/%lld\">Open</a>",
                     (long long)d[i].session.id);
        tdn_buf_put(b, "</td></tr>");
    }
    if (n == 0)
        tdn_buf_put(b, "<tr><td colspan=\"5\" class=\"hint\">No session yet today.</td></tr>");
    tdn_buf_put(b, "</tbody></table>");
}

/* Sessions of earlier days still open: shown until closed or aborted. */
static void unfinished_section(tdn_req *req, tdn_buf *b, tdn_store *st, const tdn_act *act,
                               int64_t day_start)
{
    tdn_day_entry *d = NULL;
    size_t n = 0;
    tdn_err err = {0};
    int rc = tdn_store_session_unfinished(st, act, day_start, &d, &n, &err);
    if (rc)
        tdn_html(b, "<p class=\"error\">%s</p>", tdn_words_message(err.msg));
    else if (n) {
        tdn_buf_put(b, "<h2>Still open from earlier days</h2><p class=\"hint\">Close or abort "
                       "them so that every needle is accounted for.</p>");
        day_table(b, d, n, req->user->role_bit & TDN_ROLES_CLINICAL, true);
    }
    free(d);
}

void tdn_page_today(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    int64_t from, to; /* the clinic's day */
    tdn_local_day(req->now, &from, &to);
    char date[16];
    tdn_local_date(req->now, date);
    tdn_day_entry *d = NULL;
    size_t n = 0;
    tdn_err err = {0};
    int rc = tdn_store_session_list(st, &act, from, to, &d, &n, &err);
    tdn_page_begin(req, resp, "Today", "today");
    tdn_buf *b = &resp->body;
    tdn_timezone_prompt(req, b, st);
    tdn_today_appointments(req, b, st, &act, from, to);
    tdn_html(
        b,
        "<section class=\"card\"><h2>Today's sessions <span class=\"hint\" id=\"today-date\">%s"
        "</span></h2>",
        date);
    if (rc)
        tdn_html(b, "<p class=\"error\">%s</p>", tdn_words_message(err.msg));
    else
        day_table(b, d, n, req->user->role_bit & TDN_ROLES_CLINICAL, false);
    free(d);
    unfinished_section(req, b, st, &act, from);
    tdn_buf_put(b, "</section><div class=\"grid2\">");
    search_section(req, resp, st, &act);
    register_form(b);
    tdn_buf_put(b, "</div>");
    tdn_page_end(req, resp);
}
