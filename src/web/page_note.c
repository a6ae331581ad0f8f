/* page_note.c — the body of the session note page (/sessions/:id/note) and
 * the admin's letterhead and signer forms: the clinic's letterhead, the note
 * text as a printable page, the clinician's S/O/A/P form while the note is
 * unsigned, "Sign note" once the session has ended, then only "Add
 * addendum" (the store refuses an edit of a signed note whatever the client
 * sends). User text reaches HTML only through tdn_html. */
#include <stdio.h>
#include <string.h>

#include "app/settings.h"
#include "web/pages.h"

/* Tells an admin that handouts lack the clinic's phone number. */
static void phone_hint(tdn_req *req, tdn_buf *b)
{
    if (req->user->role_bit == TDN_ROLE_ADMIN)
        tdn_buf_put(b, "<p class=\"hint noprint\" id=\"letterhead-hint\">The clinic's phone "
                       "number is not set, so handouts say only \"call the clinic\". Set the "
                       "letterhead on the <a href=\"/admin/users\">admin page</a>.</p>");
}

void tdn_page_phone_hint(tdn_req *req, tdn_store *st, tdn_buf *b)
{
    char phone[TDN_SETTING_VALUE_MAX + 1];
    tdn_err err = {0};
    if (!tdn_store_setting_get(st, "clinic_phone", phone, sizeof phone, NULL, &err) && !phone[0])
        phone_hint(req, b);
}

/* The clinic's letterhead; an admin is told when the phone is not set. */
void tdn_page_letterhead(tdn_req *req, tdn_store *st, tdn_buf *b)
{
    tdn_letterhead lh;
    tdn_err err = {0};
    if (tdn_letterhead_get(st, &lh, &err)) return;
    if (lh.name[0] || lh.address[0] || lh.phone[0]) {
        tdn_html(b, "<header class=\"letterhead\"><p class=\"clinic-name\">%s</p><p>%s", lh.name,
                 lh.address);
        if (lh.phone[0]) tdn_html(b, "%sPhone: %s", lh.address[0] ? " · " : "", lh.phone);
        tdn_buf_put(b, "</p></header>");
    }
    if (!lh.phone[0]) phone_hint(req, b);
}

static void soap_field(tdn_buf *b, const char *id, const char *name, const char *label,
                       const char *value, bool locked)
{
    tdn_html(b,
             "<p><label for=\"%s\">%s</label><textarea id=\"%s\" name=\"%s\" rows=\"4\" "
             "maxlength=\"8000\" data-empty%s>%s</textarea></p>",
             id, label, id, name, locked ? " disabled" : "", value);
}

static void soap_form(tdn_buf *b, int64_t sid, const tdn_note_record *nr, bool ended)
{
    bool locked = nr->signed_at != 0;
    tdn_html(b,
             "<section class=\"card noprint\" id=\"note-edit\"><h2>The clinician's notes</h2>"
             "<form data-api=\"/api/sessions/%lld/note\" data-then=\"reload\" id=\"note-form\">"
             "<fieldset%s><legend>Subjective, objective, assessment and plan</legend>",
             (long long)sid, locked ? " disabled" : "");
    soap_field(b, "n-subj", "subjective", "Subjective (the patient's account)", nr->subjective,
               locked);
    soap_field(b, "n-obj", "objective", "Objective notes", nr->objective, locked);
    soap_field(b, "n-assess", "assessment", "Assessment", nr->assessment, locked);
    soap_field(b, "n-plan", "plan", "Plan", nr->plan, locked);
    if (!locked) tdn_buf_put(b, "<p><button type=\"submit\">Save the note</button></p>");
    tdn_buf_put(b, "</fieldset><p class=\"error\" role=\"alert\"></p></form>");
    if (locked)
        tdn_buf_put(b, "<p class=\"ok\" id=\"note-locked\">Signed: the note is locked. Add an "
                       "addendum to correct or complete it.</p>");
    else if (ended)
        tdn_html(b,
                 "<form data-api=\"/api/sessions/%lld/note/sign\" data-then=\"reload\" "
                 "id=\"note-sign\"><p class=\"hint\">Signing locks the note: after that only "
                 "addenda can be added.</p><p><button type=\"submit\">Sign note</button></p>"
                 "<p class=\"error\" role=\"alert\"></p></form>",
                 (long long)sid);
    else
        tdn_buf_put(b, "<p class=\"hint\">Close the session to sign its note.</p>");
    tdn_buf_put(b, "</section>");
    if (locked)
        tdn_html(b,
                 "<section class=\"card noprint\" id=\"note-addendum\"><h2>Add an addendum</h2>"
                 "<form data-api=\"/api/sessions/%lld/note/addenda\" data-then=\"reload\" "
                 "id=\"addendum-form\"><p><label for=\"n-add\">Addendum</label><textarea "
                 "id=\"n-add\" name=\"text\" rows=\"3\" maxlength=\"8000\" required></textarea>"
                 "</p><p><button type=\"submit\">Add addendum</button></p><p class=\"error\" "
                 "role=\"alert\"></p></form></section>",
                 (long long)sid);
}

void tdn_page_note_body(tdn_req *req, tdn_store *st, const tdn_act *act, int64_t sid, bool ended,
                        const char *note, tdn_buf *b)
{
    tdn_note_record nr;
    tdn_err err = {0};
    bool have = tdn_store_note_get(st, act, sid, &nr, &err) == TDN_OK;
    tdn_html(b,
             "<p class=\"noprint\"><a href=\"/sessions/%lld\">Back to the session</a> · "
             "<button type=\"button\" data-print>Print</button></p>"
             "<article class=\"note-doc\" id=\"note-doc\">",
             (long long)sid);
    tdn_page_letterhead(req, st, b);
    if (have && !nr.signed_at)
        tdn_buf_put(b, "<p class=\"warn\" id=\"note-status\">Draft: not signed.</p>");
    tdn_html(b, "<pre class=\"note\" id=\"note\">%s</pre>", note);
    if (have && !nr.signed_at)
        tdn_buf_put(b, "<footer class=\"signature-block\"><p>Signature: "
                       "________________________</p><p>Date: ____________</p></footer>");
    tdn_buf_put(b, "</article>");
    if (have)
        soap_form(b, sid, &nr, ended);
    else
        tdn_html(b, "<p class=\"error\">%s</p>", err.msg);
    tdn_note_record_free(&nr);
}

/* The admin's forms: the letterhead settings and a user's name and
 * credentials (the signature of their notes). */
void tdn_admin_note_forms(tdn_store *st, const tdn_user *users, size_t n, tdn_buf *b)
{
    tdn_letterhead lh = {0};
    tdn_err err = {0};
    tdn_letterhead_get(st, &lh, &err);
    tdn_html(b,
             "<section class=\"card\" id=\"letterhead\"><h2>Clinic letterhead</h2><p "
             "class=\"hint\">Printed on session notes and handouts; handouts tell patients to "
             "call this number.</p><form data-api=\"/api/settings/letterhead\" "
             "data-then=\"reload\" id=\"letterhead-form\"><div class=\"row\"><p><label "
             "for=\"lh-name\">Clinic name</label><input id=\"lh-name\" name=\"clinic_name\" "
             "maxlength=\"256\" value=\"%s\"></p><p><label for=\"lh-address\">Address</label>"
             "<input id=\"lh-address\" name=\"clinic_address\" maxlength=\"256\" value=\"%s\">"
             "</p><p><label for=\"lh-phone\">Phone</label><input id=\"lh-phone\" "
             "name=\"clinic_phone\" type=\"tel\" maxlength=\"40\" value=\"%s\"></p></div>"
             "<p><button type=\"submit\">Save the letterhead</button></p><p class=\"error\" "
             "role=\"alert\"></p></form></section>",
             lh.name, lh.address, lh.phone);
    tdn_buf_put(b, "<section class=\"card\" id=\"signer\"><h2>Full name and credentials</h2>"
                   "<p class=\"hint\">How a clinician signs notes, e.g. Dr Jane Lee, PT, DPT.</p>"
                   "<form id=\"signer-form\" data-api=\"/api/users/{username}\" "
                   "data-then=\"reload\"><div class=\"row\"><p><label "
                   "for=\"sg-user\">User</label><select id=\"sg-user\" name=\"username\" "
                   "data-skip>");
    for (size_t i = 0; i < n; i++)
        if (strcmp(users[i].role, "patient") != 0)
            tdn_html(b, "<option value=\"%s\">%s</option>", users[i].username, users[i].username);
    tdn_buf_put(b, "</select></p><p><label for=\"sg-display\">Full name</label><input "
                   "id=\"sg-display\" name=\"display\" maxlength=\"200\" required></p><p><label "
                   "for=\"sg-cred\">Credentials</label><input id=\"sg-cred\" name=\"credentials\" "
                   "maxlength=\"64\" placeholder=\"PT, DPT\"></p></div><p><button "
                   "type=\"submit\">Save name and credentials</button></p><p class=\"error\" "
                   "role=\"alert\"></p></form></section>");
}
