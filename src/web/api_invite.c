/* api_invite.c — patient portal invitations on the web: the desk's
 * POST /api/patients/:id/invitation (JSON: the login's name and the
 * one-time code) and its printable page POST /patients/:id/invitation, and
 * the public /welcome page where the patient types the code and chooses a
 * password (the code is used by POST /api/login/invitation, auth.c). The
 * code is shown once and never stored. */
#include <stdio.h>

#include "app/invite.h"
#include "app/localtime.h"
#include "web/pages.h"

/* Invites req's patient for hours (0 = default); answers the error itself. */
static bool invite(tdn_req *req, tdn_resp *resp, int hours, char *code, tdn_invitation *inv,
                   bool page)
{
    tdn_act act;
    tdn_err err = {0};
    tdn_store *st = page ? tdn_page_store(req, resp, &act) : tdn_api_store(req, resp, &act);
    if (!st) return false;
    if (!tdn_invite_create(st, &act, req->id[0], hours, code, inv, &err)) return true;
    if (page)
        tdn_page_error(req, resp, &err);
    else
        tdn_resp_err(resp, &err);
    return false;
}

void tdn_api_invite(tdn_req *req, tdn_resp *resp)
{
    char code[TDN_INVITE_CODE_MAX + 1], until[TDN_LOCAL_TIME_LEN];
    tdn_invitation inv;
    if (!invite(req, resp, (int)tdn_in_int(req, "hours", 0), code, &inv, false)) return;
    tdn_local_time(inv.expires, until);
    tdn_resp_json(resp, 201,
                  json_pack("{s:I,s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)inv.id, "patient",
                            (json_int_t)inv.patient_id, "username", inv.username, "code", code,
                            "expires", (json_int_t)inv.expires, "expires_at", until));
}

void tdn_page_invite(tdn_req *req, tdn_resp *resp)
{
    char code[TDN_INVITE_CODE_MAX + 1], until[TDN_LOCAL_TIME_LEN];
    tdn_invitation inv;
    if (!invite(req, resp, 0, code, &inv, true)) return;
    tdn_local_time(inv.expires, until);
    tdn_page_begin(req, resp, "Portal invitation", "invitation");
    tdn_html(&resp->body,
             "<section class=\"card narrow\" id=\"invitation\">"
             "<p>Give this to the patient. The code works once; a new invitation replaces it.</p>"
             "<dl class=\"invite\"><dt>Web address</dt><dd>/welcome on this clinic's tdn</dd>"
             "<dt>User name</dt><dd id=\"invite-user\">%s</dd>"
             "<dt>Sign-in code</dt><dd id=\"invite-code\" class=\"code\">%s</dd>"
             "<dt>Use it before</dt><dd>%s</dd></dl>"
             "<p>Open the web address, type the code and choose a password of 12 or more "
             "characters.</p>"
             "<p class=\"no-print\"><button type=\"button\" data-print>Print</button> "
             "<a href=\"/patients/%lld\">Back to the patient</a></p></section>",
             inv.username, code, until, (long long)inv.patient_id);
    tdn_page_end(req, resp);
}

void tdn_page_welcome(tdn_req *req, tdn_resp *resp)
{
    tdn_page_begin(req, resp, "Welcome", "welcome");
    tdn_buf_put(&resp->body,
                "<form id=\"welcome\" class=\"card narrow\" method=\"post\" "
                "action=\"/api/login/invitation\">"
                "<p>Type the sign-in code the clinic gave you, then choose your password.</p>"
                "<p><label for=\"w-code\">Sign-in code</label>"
                "<input id=\"w-code\" name=\"code\" autocomplete=\"one-time-code\" "
                "autocapitalize=\"characters\" spellcheck=\"false\" required "
                "placeholder=\"ABCD-EFGH-JKLM\"></p>"
                "<p><label for=\"w-password\">New password (12 or more characters)</label>"
                "<input id=\"w-password\" name=\"password\" type=\"password\" "
                "autocomplete=\"new-password\" minlength=\"12\" maxlength=\"128\" required></p>"
                "<p><label for=\"w-again\">The same password again</label>"
                "<input id=\"w-again\" type=\"password\" autocomplete=\"new-password\" "
                "required></p>"
                "<p><button type=\"submit\">Set my password and sign in</button></p>"
                "<p class=\"error\" id=\"welcome-error\" role=\"alert\"></p>"
                "<p class=\"hint\">Already chose a password? <a href=\"/login\">Sign in</a>.</p>"
                "</form>");
    tdn_page_end(req, resp);
}
