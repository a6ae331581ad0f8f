/* page_intake.c — the intake pages: the patient's questionnaire in the
 * portal (GET /my/intake: each question of data/intake.tsv in plain words
 * with yes / no / not sure, a place for the questions that need one, where
 * it hurts with how much, and PSFS goals; app.js builds the JSON) and, for
 * the clinician's chart, the pending intake to confirm or correct item by
 * item (every "not sure" must be resolved) or, once reviewed, what the
 * patient said beside what the clinician recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/intake.h"
#include "app/localtime.h"
#include "core/body.h"
#include "web/pages.h"

static const char *answer_words(const char *a)
{
    if (!a) return "—";
    if (!strcmp(a, "unsure")) return "not sure";
    if (!strcmp(a, "first_trimester")) return "yes, first trimester";
    if (!strcmp(a, "second_trimester")) return "yes, second trimester";
    if (!strcmp(a, "third_trimester")) return "yes, third trimester";
    return a;
}

static void radio(tdn_buf *b, const char *q, const char *value, const char *label, bool checked)
{
    tdn_html(b, "<label><input type=\"radio\" name=\"a-%s\" value=\"%s\"%s> %s</label>", q, value,
             checked ? " checked" : "", label);
}

/* region and side selects named prefix-region / prefix-side. */
static void place_picker(tdn_buf *b, const char *prefix, const char *label)
{
    tdn_html(b,
             "<p class=\"row place\"><label>%s <select name=\"%s-region\" data-skip>"
             "<option value=\"\">choose</option>",
             label, prefix);
    tdn_words_region_options(b, NULL);
    tdn_html(b,
             "</select></label><label>Side <select name=\"%s-side\" data-skip>"
             "<option value=\"R\">right</option><option value=\"L\">left</option>"
             "<option value=\"B\">both / middle</option></select></label></p>",
             prefix);
}

static void question(tdn_buf *b, const tdn_intake_question *q)
{
    tdn_html(b, "<fieldset class=\"iq\" data-q=\"%s\" data-kind=\"%d\"><legend>%s</legend>", q->id,
             q->kind, q->question);
    if (q->help[0]) tdn_html(b, "<p class=\"hint\">%s</p>", q->help);
    if (q->kind == TDN_IQ_PREGNANCY) {
        radio(b, q->id, "no", "No", false);
        radio(b, q->id, "first_trimester", "Yes, weeks 1–12", false);
        radio(b, q->id, "second_trimester", "Yes, weeks 13–27", false);
        radio(b, q->id, "third_trimester", "Yes, week 28 or later", false);
    } else {
        radio(b, q->id, "yes", "Yes", false);
        radio(b, q->id, "no", "No", false);
    }
    radio(b, q->id, "unsure", "Not sure", false);
    if (q->kind == TDN_IQ_WHERE || q->kind == TDN_IQ_WHERE_OPTIONAL) {
        char prefix[48];
        snprintf(prefix, sizeof prefix, "p-%s", q->id);
        place_picker(b, prefix, "If yes, where?");
    }
    tdn_buf_put(b, "</fieldset>");
}

static void pains_and_goals(tdn_buf *b)
{
    tdn_buf_put(b, "<h2>Where it hurts</h2><p class=\"hint\">Choose up to three places and how "
                   "much each hurts now, from 0 (no pain) to 10 (the worst pain you can "
                   "imagine).</p>");
    for (int i = 1; i <= 3; i++) {
        char prefix[16], label[32];
        snprintf(prefix, sizeof prefix, "pain%d", i);
        snprintf(label, sizeof label, "Place %d", i);
        tdn_buf_put(b, "<div class=\"pain-row\">");
        place_picker(b, prefix, label);
        tdn_html(b,
                 "<p><label>How much (0–10) <input type=\"number\" name=\"pain%d-n\" min=\"0\" "
                 "max=\"10\" data-skip></label></p></div>",
                 i);
    }
    tdn_buf_put(b, "<h2>Your goals</h2><p class=\"hint\">Up to three activities you find hard "
                   "because of the pain, and how well you can do each now, from 0 (cannot do "
                   "it) to 10 (as well as before).</p>");
    for (int i = 1; i <= 3; i++)
        tdn_html(b,
                 "<p class=\"row\"><label>Activity %d <input name=\"goal%d\" maxlength=\"64\" "
                 "data-skip></label><label>How well now (0–10) <input type=\"number\" "
                 "name=\"goal%d-n\" min=\"0\" max=\"10\" data-skip></label></p>",
                 i, i, i);
}

void tdn_page_my_intake(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_err err = {0};
    tdn_intake_form *f = tdn_req_intake_form(req, &err);
    tdn_intake_record r = {0};
    bool found = false;
    if (!f || tdn_store_intake_latest(st, &act, req->user->patient_id, &r, &found, &err)) {
        free(f);
        return tdn_page_error(req, resp, &err);
    }
    tdn_page_begin(req, resp, "Health questions", "intake");
    tdn_buf *b = &resp->body;
    if (found) {
        char when[TDN_LOCAL_TIME_LEN];
        tdn_local_time(r.submitted_at, when);
        tdn_html(b,
                 "<p class=\"ok\" id=\"intake-sent\">Thank you: we have your answers of %s. "
                 "%s</p>",
                 when,
                 strcmp(r.status, "reviewed") ? "Your clinician will go through them with you."
                                              : "Your clinician has gone through them.");
    }
    tdn_buf_put(b, "<form id=\"intake-form\" class=\"card\" data-api=\"/api/my/intake\" "
                   "data-body=\"intake\" data-then=\"reload\" data-saved=\"Thank you: your "
                   "answers are sent.\"><p>Please answer every question. If you do not know, "
                   "choose “Not sure”: your clinician will ask you.</p>");
    for (int i = 0; i < f->n; i++)
        question(b, &f->q[i]);
    pains_and_goals(b);
    tdn_buf_put(b, "<p><button type=\"submit\">Send my answers</button></p>"
                   "<p class=\"error\" role=\"alert\" id=\"intake-error\"></p></form>");
    tdn_intake_record_free(&r);
    free(f);
    tdn_page_end(req, resp);
}

/* One row of the review: the question, what the patient said and the
 * clinician's choice (pre-set to the patient's answer unless "not sure"). */
static void review_row(tdn_buf *b, json_t *it, bool pending)
{
    const char *id = json_string_value(json_object_get(it, "id"));
    const char *pa = json_string_value(json_object_get(it, "patient"));
    const char *pp = json_string_value(json_object_get(it, "patient_place"));
    const char *ca = json_string_value(json_object_get(it, "confirmed"));
    bool preg = !strcmp(json_string_value(json_object_get(it, "kind")), "pregnancy");
    tdn_html(b, "<tr data-q=\"%s\"><td>%s</td><td class=\"said%s\">%s", id,
             json_string_value(json_object_get(it, "question")),
             pa && !strcmp(pa, "unsure") ? " unsure" : "", answer_words(pa));
    if (pp) {
        tdn_buf_put(b, " (");
        tdn_words_region(b, pp, pp[strlen(pp) - 1]);
        tdn_buf_put(b, ")");
    }
    tdn_buf_put(b, "</td><td>");
    if (!pending) {
        tdn_html(b, "%s</td></tr>", answer_words(ca));
        return;
    }
    static const char *const yn[] = {"yes", "no", NULL};
    static const char *const pg[] = {"no", "first_trimester", "second_trimester", "third_trimester",
                                     NULL};
    tdn_html(b, "<select class=\"confirm\" name=\"c-%s\" aria-label=\"Confirmed: %s\" data-skip>",
             id, id);
    if (pa && !strcmp(pa, "unsure")) tdn_buf_put(b, "<option value=\"\">resolve: ask</option>");
    for (const char *const *o = preg ? pg : yn; *o; o++)
        tdn_html(b, "<option value=\"%s\"%s>%s</option>", *o,
                 pa && !strcmp(pa, *o) ? " selected" : "", answer_words(*o));
    tdn_buf_put(b, "</select></td></tr>");
}

/* The patient's pain map and PSFS goals in words. */
static void pains_goals_words(tdn_buf *b, json_t *j)
{
    size_t i;
    json_t *v;
    tdn_buf_put(b, "<p>Where it hurts: ");
    json_array_foreach(json_object_get(j, "pains"), i, v)
    {
        tdn_pain p;
        if (tdn_pain_parse(json_string_value(v), &p, NULL)) continue;
        tdn_buf_put(b, i ? "; " : "");
        tdn_words_region(b, tdn_region_at(p.region)->code, p.side);
        tdn_html(b, " %d/10", p.intensity);
    }
    if (!json_array_size(json_object_get(j, "pains"))) tdn_buf_put(b, "not given");
    tdn_buf_put(b, "</p><p>Goals (PSFS): ");
    json_array_foreach(json_object_get(j, "goals"), i, v) tdn_html(
        b, "%s%s %lld/10", i ? "; " : "", json_string_value(json_object_get(v, "activity")),
        (long long)json_integer_value(json_object_get(v, "score")));
    if (!json_array_size(json_object_get(j, "goals"))) tdn_buf_put(b, "not given");
    tdn_buf_put(b, "</p>");
}

void tdn_intake_section(tdn_req *req, tdn_buf *b, tdn_store *st, const tdn_act *act,
                        int64_t patient_id)
{
    tdn_err err = {0};
    tdn_intake_form *f = tdn_req_intake_form(req, &err);
    tdn_intake_record r = {0};
    bool found = false;
    tdn_buf_put(b, "<section class=\"card\" id=\"intake\"><h2>Intake</h2>");
    if (!f || tdn_store_intake_latest(st, act, patient_id, &r, &found, &err)) {
        tdn_html(b, "<p class=\"error\">%s</p></section>", tdn_words_message(err.msg));
        free(f);
        return;
    }
    if (!found) tdn_buf_put(b, "<p class=\"hint\">No intake from the patient yet.</p>");
    json_t *j = found ? tdn_intake_json(f, &r) : NULL;
    bool pending = found && !strcmp(r.status, "pending");
    char when[TDN_LOCAL_TIME_LEN];
    if (found) {
        tdn_local_time(r.submitted_at, when);
        tdn_html(b, "<p><span class=\"badge %s\" id=\"intake-status\">%s</span> answered %s</p>",
                 pending ? "caution" : "go", pending ? "pending review" : "reviewed", when);
        tdn_html(b,
                 "<form id=\"intake-review\" data-api=\"/api/patients/%lld/intake/confirm\" "
                 "data-body=\"confirm\" data-then=\"reload\"><table class=\"review\"><thead><tr>"
                 "<th>Question</th><th>The patient said</th><th>%s</th></tr></thead><tbody>",
                 (long long)patient_id, pending ? "Confirmed" : "The clinician recorded");
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(j, "items"), i, it) review_row(b, it, pending);
        tdn_buf_put(b, "</tbody></table>");
        pains_goals_words(b, j);
        if (pending)
            tdn_buf_put(b, "<p><button type=\"submit\">Record the screening from it</button></p>"
                           "<p class=\"error\" role=\"alert\"></p>");
        tdn_buf_put(b, "</form>");
    }
    json_decref(j);
    tdn_intake_record_free(&r);
    free(f);
    tdn_buf_put(b, "</section>");
}
