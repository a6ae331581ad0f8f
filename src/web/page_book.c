/* page_book.c — the front desk's appointment book (GET /book): a day per
 * clinician or a week, the booking form, and each booked appointment's
 * buttons (check in, no-show, cancel, move) posting to the JSON API
 * (api_appointment.c) through app.js; and Today's appointments table
 * (checked in, consent on file or missing) for page_list.c. Names and
 * times only: nothing clinical. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/localtime.h"
#include "web/pages.h"

/* "HH:MM" of t on the clinic's clock. */
static const char *hhmm(int64_t t, char out[TDN_CLOCK_LEN])
{
    tdn_tz zone;
    tdn_clock(tdn_tz_at(&zone, t), t, out);
    out[5] = '\0';
    return out;
}

static const char *status_words(const char *status)
{
    if (!strcmp(status, "checked_in")) return "checked in";
    if (!strcmp(status, "no_show")) return "no-show";
    return status;
}

static void status_button(tdn_buf *b, int64_t id, const char *status, const char *label)
{
    tdn_html(b,
             "<form class=\"inline\" data-api=\"/api/appointments/%lld/status\" "
             "data-then=\"reload\"><input type=\"hidden\" name=\"status\" value=\"%s\">"
             "<button type=\"submit\" class=\"secondary\">%s</button></form>",
             (long long)id, status, label);
}

static void actions(tdn_buf *b, const tdn_appointment *a, bool clinical)
{
    bool booked = !strcmp(a->status, "booked");
    if (booked) status_button(b, a->id, "checked_in", "Check in");
    if (clinical && a->session_id)
        tdn_html(b, "<a class=\"button secondary\" href=\"/sessions/%lld\">Session</a>",
                 (long long)a->session_id);
    else if (clinical && (booked || !strcmp(a->status, "checked_in")))
        tdn_html(b,
                 "<form class=\"inline\" data-api=\"/api/appointments/%lld/session\" "
                 "data-then=\"goto:/sessions/{id}\"><button type=\"submit\">Open session"
                 "</button><span class=\"error\" role=\"alert\"></span></form>",
                 (long long)a->id);
}

static void move_form(tdn_buf *b, const tdn_appointment *a)
{
    char at[TDN_LOCAL_TIME_LEN];
    tdn_local_time(a->starts, at);
    at[10] = 'T';
    at[16] = '\0';
    tdn_html(b,
             "<details class=\"move\"><summary>Move or cancel</summary>"
             "<form data-api=\"/api/appointments/%lld/move\" data-then=\"reload\" class=\"row\">"
             "<p><label for=\"mv-%lld\">New time</label><input id=\"mv-%lld\" name=\"starts\" "
             "type=\"datetime-local\" value=\"%s\" required></p>"
             "<p><button type=\"submit\">Move</button></p>"
             "<p class=\"error\" role=\"alert\"></p></form>",
             (long long)a->id, (long long)a->id, (long long)a->id, at);
    status_button(b, a->id, "no_show", "No-show");
    status_button(b, a->id, "cancelled", "Cancel");
    tdn_buf_put(b, "</details>");
}

static void appt_row(tdn_buf *b, const tdn_appointment *a, bool clinical, bool today)
{
    char t[TDN_CLOCK_LEN];
    tdn_html(b,
             "<tr data-appointment=\"%lld\"><td>%s</td><td><a href=\"/patients/%lld\">%s</a>"
             "</td><td>%s</td><td>%lld min</td><td class=\"status-%s\">%s</td>",
             (long long)a->id, hhmm(a->starts, t), (long long)a->patient_id, a->patient_name,
             a->clinician_name, (long long)((a->ends - a->starts) / 60), a->status,
             status_words(a->status));
    if (today)
        tdn_html(b, "<td>%s</td><td>%s</td>",
                 !strcmp(a->intake, "reviewed")  ? "done"
                 : !strcmp(a->intake, "pending") ? "pending review"
                                                 : "not sent",
                 a->has_consent ? "on file" : "missing");
    tdn_buf_put(b, "<td class=\"actions\">");
    actions(b, a, clinical);
    if (!today && !strcmp(a->status, "booked")) move_form(b, a);
    tdn_buf_put(b, "</td></tr>");
}

static void appt_table(tdn_buf *b, const char *id, const tdn_appointment *as, size_t n,
                       bool clinical, bool today)
{
    tdn_html(b,
             "<table id=\"%s\" class=\"book\"><thead><tr><th>Time</th><th>Patient</th>"
             "<th>Clinician</th><th>Length</th><th>Status</th>",
             id);
    if (today) tdn_buf_put(b, "<th>Intake</th><th>Consent</th>");
    tdn_buf_put(b, "<th></th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        appt_row(b, &as[i], clinical, today);
    if (n == 0)
        tdn_html(b, "<tr><td colspan=\"%d\" class=\"hint\">No appointments.</td></tr>",
                 today ? 8 : 6);
    tdn_buf_put(b, "</tbody></table>");
}

void tdn_today_appointments(tdn_req *req, tdn_buf *b, tdn_store *st, const tdn_act *act,
                            int64_t from, int64_t to)
{
    tdn_appointment *as = NULL;
    size_t n = 0;
    tdn_err err = {0};
    tdn_buf_put(b, "<section class=\"card\" id=\"today-appointments\"><h2>Today's appointments "
                   "<a class=\"hint\" href=\"/book\">appointment book</a></h2>");
    if (tdn_store_appt_list(st, act, from, to, NULL, false, &as, &n, &err))
        tdn_html(b, "<p class=\"error\">%s</p>", tdn_words_message(err.msg));
    else
        appt_table(b, "today-appt-table", as, n, req->user->role_bit & TDN_ROLES_CLINICAL, true);
    free(as);
    tdn_buf_put(b, "</section>");
}

/* The booking form: patient, clinician, time, length. */
static void book_form(tdn_buf *b, const tdn_patient *ps, size_t np, const tdn_user *us, size_t nu,
                      const char *date)
{
    tdn_buf_put(b, "<section class=\"card\"><h2>Book</h2><form id=\"book-form\" "
                   "data-api=\"/api/appointments\" data-then=\"reload\"><div class=\"row\">"
                   "<p><label for=\"bk-patient\">Patient</label><select id=\"bk-patient\" "
                   "name=\"patient\" data-type=\"int\" required><option value=\"\">choose"
                   "</option>");
    for (size_t i = 0; i < np && i < 500; i++)
        tdn_html(b, "<option value=\"%lld\">%s (born %s)</option>", (long long)ps[i].id, ps[i].name,
                 ps[i].birth);
    tdn_buf_put(b, "</select></p><p><label for=\"bk-clinician\">Clinician</label>"
                   "<select id=\"bk-clinician\" name=\"clinician\" required>");
    for (size_t i = 0; i < nu; i++)
        if (!strcmp(us[i].role, "clinician"))
            tdn_html(b, "<option value=\"%s\">%s</option>", us[i].username, us[i].display);
    tdn_html(b,
             "</select></p><p><label for=\"bk-starts\">Starts</label><input id=\"bk-starts\" "
             "name=\"starts\" type=\"datetime-local\" value=\"%sT09:00\" required></p>"
             "<p><label for=\"bk-minutes\">Minutes</label><input id=\"bk-minutes\" "
             "name=\"minutes\" type=\"number\" data-type=\"int\" min=\"5\" max=\"480\" "
             "value=\"30\"></p></div><p><button type=\"submit\">Book</button></p>"
             "<p class=\"error\" role=\"alert\"></p></form></section>",
             date);
}

/* One day's appointments, a table per clinician. */
static void day_view(tdn_buf *b, const tdn_appointment *as, size_t n, const tdn_user *us, size_t nu,
                     const char *only, bool clinical)
{
    for (size_t u = 0; u < nu; u++) {
        if (strcmp(us[u].role, "clinician") || (only && strcmp(only, us[u].username))) continue;
        tdn_appointment *mine = calloc(n ? n : 1, sizeof *mine);
        size_t k = 0;
        for (size_t i = 0; mine && i < n; i++)
            if (!strcmp(as[i].clinician, us[u].username)) mine[k++] = as[i];
        tdn_html(b, "<section class=\"card\"><h2>%s</h2>", us[u].display);
        char id[96];
        snprintf(id, sizeof id, "book-%s", us[u].username);
        appt_table(b, id, mine, k, clinical, false);
        tdn_buf_put(b, "</section>");
        free(mine);
    }
}

/* Seven columns, Monday first: each day's appointments as "09:00 name". */
static void week_view(tdn_buf *b, const tdn_appointment *as, size_t n, int64_t from)
{
    tdn_buf_put(b, "<section class=\"card\"><div class=\"scroll\"><table id=\"book-week\" "
                   "class=\"week\"><thead><tr>");
    int64_t starts[8];
    for (int d = 0; d < 7; d++) {
        int64_t end;
        tdn_local_day(from + d * 86400 + 12 * 3600, &starts[d], &end);
        char date[16];
        tdn_local_date(starts[d], date);
        tdn_html(b, "<th><a href=\"/book?date=%s\">%s</a></th>", date, date);
        starts[d + 1] = end;
    }
    tdn_buf_put(b, "</tr></thead><tbody><tr>");
    for (int d = 0; d < 7; d++) {
        tdn_buf_put(b, "<td><ul class=\"plain\">");
        for (size_t i = 0; i < n; i++) {
            if (as[i].starts < starts[d] || as[i].starts >= starts[d + 1]) continue;
            char t[TDN_CLOCK_LEN];
            tdn_html(b, "<li class=\"status-%s\">%s %s <span class=\"hint\">%s · %s</span></li>",
                     as[i].status, hhmm(as[i].starts, t), as[i].patient_name, as[i].clinician,
                     status_words(as[i].status));
        }
        tdn_buf_put(b, "</ul></td>");
    }
    tdn_buf_put(b, "</tr></tbody></table></div></section>");
}

static void book_nav(tdn_buf *b, bool week, int64_t from, int64_t to, const char *clinician)
{
    char prev[16], next[16], here[16];
    int64_t s, e;
    tdn_local_day(from - 12 * 3600, &s, &e);
    tdn_local_date(week ? from - 6 * 86400 : s, prev);
    tdn_local_date(to + 12 * 3600, next);
    tdn_local_date(from, here);
    const char *v = week ? "week" : "date";
    tdn_html(b,
             "<nav class=\"row book-nav\" aria-label=\"Book pages\"><a href=\"/book?%s=%s%s%s\">"
             "Earlier</a><a href=\"/book?%s=%s%s%s\">Later</a><a href=\"/book?%s=%s\">%s</a>"
             "</nav>",
             v, prev, clinician ? "&clinician=" : "", clinician ? clinician : "", v, next,
             clinician ? "&clinician=" : "", clinician ? clinician : "", week ? "date" : "week",
             here, week ? "Day view" : "Week view");
}

void tdn_page_book(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    int64_t from = 0, to = 0;
    const char *clinician = tdn_in_str(req, "clinician");
    bool week = tdn_in_str(req, "week") != NULL;
    tdn_appointment *as = NULL;
    tdn_patient *ps = NULL;
    tdn_user *us = NULL;
    size_t n = 0, np = 0, nu = 0;
    if (tdn_appt_span(req, &from, &to, &err) ||
        tdn_store_appt_list(st, &act, from, to, clinician, false, &as, &n, &err) ||
        tdn_store_patient_list(st, &act, NULL, &ps, &np, &err) ||
        tdn_store_user_list(st, &us, &nu, &err)) {
        free(as);
        free(ps);
        return tdn_page_error(req, resp, &err);
    }
    char date[16];
    tdn_local_date(from, date);
    tdn_page_begin(req, resp, week ? "Appointments this week" : "Appointments", "book");
    tdn_buf *b = &resp->body;
    tdn_html(b, "<p class=\"hint\" id=\"book-date\">%s %s</p>", week ? "Week of" : "Day:", date);
    book_nav(b, week, from, to, clinician);
    if (week)
        week_view(b, as, n, from);
    else
        day_view(b, as, n, us, nu, clinician, req->user->role_bit & TDN_ROLES_CLINICAL);
    book_form(b, ps, np, us, nu, date);
    free(as);
    free(ps);
    free(us);
    tdn_page_end(req, resp);
}
