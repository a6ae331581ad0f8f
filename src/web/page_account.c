/* page_account.c — the signed-in user's own page (/account): who is signed
 * in, and "sign out everywhere", a plain form (no JavaScript needed) posting
 * to /logout-all with the CSRF token, which ends every session of the user
 * on every device, this one included. */
#include "web/pages.h"

void tdn_page_account(tdn_req *req, tdn_resp *resp)
{
    const tdn_web_user *u = req->user;
    tdn_page_begin(req, resp, "Your account", "account");
    tdn_buf *b = &resp->body;
    tdn_html(b,
             "<section class=\"card\"><p>Signed in as <strong>%s</strong> (%s).</p>"
             "<h2>Sign out everywhere</h2>"
             "<p class=\"hint\">Ends your sessions on every computer and phone, this one "
             "included: use it when you signed in on a shared computer or think someone "
             "else has your password.</p>"
             "<form method=\"post\" action=\"/logout-all\" id=\"logout-all\">"
             "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
             "<button type=\"submit\">Sign out everywhere</button></form></section>",
             u->name, u->role, u->csrf);
    tdn_page_end(req, resp);
}
