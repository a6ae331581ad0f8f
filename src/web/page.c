/* page.c — the HTML shell every page shares: head with the embedded CSS and
 * JS under the build id, the CSRF token for the JS, the navigation for the
 * signed-in role, and the closing tags. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "web/pages.h"

static void nav_link(tdn_buf *b, const char *href, const char *label, const char *page_id,
                     const char *id)
{
    tdn_html(b, "<a href=\"%s\"", href);
    if (strcmp(page_id, id) == 0) tdn_buf_put(b, " aria-current=\"page\"");
    tdn_html(b, ">%s</a>", label);
}

static void nav(tdn_req *req, tdn_buf *b, const char *page_id)
{
    const tdn_web_user *u = req->user;
    tdn_buf_put(b, "<header class=\"top\"><a class=\"brand\" href=\"/\">tdn</a><nav>");
    if (u && u->role_bit != TDN_ROLE_PATIENT) {
        nav_link(b, "/today", "Today", page_id, "today");
        nav_link(b, "/patients", "Patients", page_id, "patients");
        nav_link(b, "/book", "Appointments", page_id, "book");
    }
    if (u && (u->role_bit & TDN_ROLES_CLINICAL)) {
        nav_link(b, "/bodychart", "Body chart", page_id, "bodychart");
        nav_link(b, "/reports", "Reports", page_id, "reports");
    }
    if (u && u->role_bit == TDN_ROLE_PATIENT) {
        nav_link(b, "/my/intake", "Health questions", page_id, "intake");
        nav_link(b, "/my/consent", "Consent", page_id, "consent");
        nav_link(b, "/diary", "My diary", page_id, "diary");
        nav_link(b, "/my/handouts", "My aftercare", page_id, "handouts");
    }
    if (u && u->role_bit == TDN_ROLE_ADMIN) {
        nav_link(b, "/admin/users", "Users", page_id, "users");
        nav_link(b, "/audit", "Audit", page_id, "audit");
    }
    tdn_buf_put(b, "</nav>");
    if (u) {
        tdn_html(b,
                 "<form class=\"logout\" method=\"post\" action=\"/logout\">"
                 "<a class=\"who\" href=\"/account\">%s (%s)</a>"
                 "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                 "<button type=\"submit\">Sign out</button></form>",
                 u->display[0] ? u->display : u->name,
                 strcmp(u->role, "front_desk") == 0 ? "front desk" : u->role, u->csrf);
    }
    tdn_buf_put(b, "</header>");
}

void tdn_page_begin(tdn_req *req, tdn_resp *resp, const char *title, const char *page_id)
{
    tdn_buf *b = &resp->body;
    resp->status = 200;
    resp->ctype = "text/html; charset=utf-8";
    const char *id = tdn_req_build_id(req);
    tdn_html(b,
             "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             "<title>%s · tdn</title>"
             "<link rel=\"icon\" href=\"/assets/%s/favicon.svg\">"
             "<link rel=\"stylesheet\" href=\"/assets/%s/app.css\">"
             "<script defer src=\"/assets/%s/app.js\"></script>"
             "<meta name=\"csrf\" content=\"%s\"></head><body data-page=\"%s\">",
             title, id, id, id, req->user ? req->user->csrf : "", page_id);
    nav(req, b, page_id);
    tdn_html(b, "<main id=\"main\"><h1>%s</h1>", title);
}

void tdn_page_end(tdn_req *req, tdn_resp *resp)
{
    (void)req;
    tdn_buf_put(&resp->body, "</main></body></html>\n");
}

tdn_store *tdn_page_store(tdn_req *req, tdn_resp *resp, tdn_act *act)
{
    tdn_err err = {0};
    tdn_store *st = tdn_req_store(req, &err);
    if (!st) tdn_page_error(req, resp, &err);
    *act = (tdn_act){.actor = req->user ? req->user->name : "web", .now = req->now};
    return st;
}

void tdn_page_error(tdn_req *req, tdn_resp *resp, const tdn_err *err)
{
    tdn_resp probe = {0};
    tdn_resp_err(&probe, err); /* the same status mapping as the API */
    tdn_buf_free(&probe.body);
    tdn_buf_reset(&resp->body);
    const char *title = probe.status == 404                  ? "Not found"
                        : strncmp(err->msg, "role:", 5) == 0 ? "Not for your role"
                                                             : "Something went wrong";
    tdn_page_begin(req, resp, title, "error");
    resp->status = probe.status;
    tdn_resp_reason(resp, err->msg);
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", tdn_words_message(err->msg));
    msg[0] = (char)toupper((unsigned char)msg[0]);
    tdn_html(&resp->body, "<p class=\"error\">%s</p><p><a href=\"/\">Back to the start</a></p>",
             msg);
    tdn_page_end(req, resp);
}
