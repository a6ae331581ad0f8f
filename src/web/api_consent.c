/* api_consent.c — e-consent on the web: the patient (or a guardian, from
 * the patient's login) reads the clinic's consent text and signs it by
 * typed full name and a ticked box (GET/POST /api/my/consent, page
 * /my/consent); the patient or a clinician withdraws it (POST
 * /api/my/consent/withdraw, /api/patients/:id/consent/withdraw), which
 * blocks new sessions until consent is given again. */
#include <stdlib.h>
#include <string.h>

#include "app/consent.h"
#include "app/kbfiles.h"
#include "app/localtime.h"
#include "web/pages.h"

static int current_text(tdn_req *req, tdn_store *st, char **text, int64_t *version, tdn_err *err)
{
    const tdn_kbfiles *f = tdn_req_kbfiles(req);
    if (!f) return tdn_err_set(err, TDN_ESYS, "server: no knowledge base files");
    return tdn_consent_text_current(st, f->files, f->n, text, version, err);
}

void tdn_api_my_consent(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    char *text = NULL;
    int64_t version = 0;
    if (current_text(req, st, &text, &version, &err)) return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200, json_pack("{s:s,s:I}", "text", text, "version", (json_int_t)version));
    free(text);
}

void tdn_api_my_consent_sign(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    const tdn_kbfiles *f = tdn_req_kbfiles(req);
    tdn_err err = {0};
    tdn_consent_signature sig = {.patient_id = req->user->patient_id,
                                 .by = tdn_in_str(req, "by"),
                                 .name = tdn_in_str(req, "name"),
                                 .agree = tdn_in_bool(req, "agree", false),
                                 .version = tdn_in_int(req, "version", -1),
                                 .account = req->user->name};
    int64_t id = 0;
    if (!f) return tdn_resp_error(resp, 500, "server: no knowledge base files");
    if (tdn_consent_sign(st, &act, f->files, f->n, &sig, &id, &err))
        return tdn_resp_err(resp, &err);
    tdn_api_created(resp, id);
}

static void withdraw(tdn_req *req, tdn_resp *resp, int64_t patient_id)
{
    tdn_act act;
    tdn_store *st = tdn_api_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    int64_t n = 0;
    if (tdn_store_consent_withdraw(st, &act, patient_id, &n, &err)) return tdn_resp_err(resp, &err);
    tdn_resp_json(resp, 200, json_pack("{s:I}", "withdrawn", (json_int_t)n));
}

void tdn_api_my_consent_withdraw(tdn_req *req, tdn_resp *resp)
{
    withdraw(req, resp, req->user->patient_id);
}

void tdn_api_consent_withdraw(tdn_req *req, tdn_resp *resp)
{
    withdraw(req, resp, req->id[0]);
}

/* The consents in force, as a list, with a withdraw button; true when any. */
static bool in_force(tdn_buf *b, const tdn_chart *c)
{
    bool any = false;
    for (size_t i = 0; i < c->n_consents; i++) {
        const tdn_consent *x = &c->consents[i];
        if (x->withdrawn_at) continue;
        char when[TDN_LOCAL_TIME_LEN];
        tdn_local_time(x->given_at, when);
        tdn_html(b, "<li>Signed by %s (the %s) on %s</li>",
                 x->signed_name[0] ? x->signed_name : x->recorded_by, x->given_by, when);
        any = true;
    }
    return any;
}

void tdn_page_my_consent(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    char *text = NULL;
    int64_t version = 0;
    tdn_chart c = {0};
    if (current_text(req, st, &text, &version, &err) ||
        tdn_store_chart_read(st, &act, req->user->patient_id, &c, &err)) {
        free(text);
        return tdn_page_error(req, resp, &err);
    }
    tdn_page_begin(req, resp, "Consent to dry needling", "consent");
    tdn_buf *b = &resp->body;
    tdn_buf_put(b, "<section class=\"card\" id=\"consent-text\"><h2>Please read</h2>");
    for (char *p = text, *next; p && *p; p = next) { /* paragraphs are split by a blank line */
        next = strstr(p, "\n\n");
        if (next) *next = '\0', next += 2;
        tdn_html(b, "<p>%s</p>", p);
    }
    tdn_buf_put(b, "</section><section class=\"card\"><ul class=\"plain\" id=\"consent-list\">");
    bool any = in_force(b, &c);
    tdn_buf_put(b, "</ul>");
    if (any)
        tdn_buf_put(b, "<form data-api=\"/api/my/consent/withdraw\" data-then=\"reload\">"
                       "<p><button type=\"submit\" class=\"secondary\">Withdraw my consent"
                       "</button></p><p class=\"error\" role=\"alert\"></p></form>"
                       "<details id=\"consent-again\"><summary>Sign again (a parent's or "
                       "guardian's signature, or a new version of the text)</summary>");
    tdn_html(
        b,
        "<form id=\"consent-form\" data-api=\"/api/my/consent\" data-then=\"reload\" "
        "data-saved=\"Thank you: your consent is signed.\"><input type=\"hidden\" "
        "name=\"version\" value=\"%lld\" data-type=\"int\">"
        "<fieldset><legend>Who is signing?</legend><label><input type=\"radio\" "
        "name=\"by\" value=\"patient\" checked> I am the patient</label><label><input "
        "type=\"radio\" name=\"by\" value=\"guardian\"> I am the patient's parent or "
        "guardian</label></fieldset><p><label for=\"cs-name\">Your full name</label>"
        "<input id=\"cs-name\" name=\"name\" maxlength=\"200\" autocomplete=\"name\" "
        "required></p><p><label class=\"inline\"><input type=\"checkbox\" name=\"agree\" "
        "required> I have read the text above and I agree to dry needling</label></p>"
        "<p><button type=\"submit\">Sign my consent</button></p><p class=\"error\" role=\"alert\">"
        "</p></form>",
        (long long)version);
    tdn_buf_put(b, any ? "</details></section>" : "</section>");
    free(text);
    tdn_chart_free(&c);
    tdn_page_end(req, resp);
}
