/* page_chart.c — the patient chart page: screening verdict and reasons,
 * consent, episodes, pain maps, sessions, findings, adverse events, the
 * diary and outcome plots (page_outcomes.c). Rendered from
 * one audited chart read; the front desk gets demographics and visits only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/words.h"
#include "app/episode_code.h"
#include "app/localtime.h"
#include "core/body.h"
#include "core/record.h"
#include "store/store.h"
#include "web/pages.h"

/* The clinic's date of instant t. */
static const char *day_of(int64_t t, char out[16])
{
    tdn_local_date(t, out);
    return out;
}

static const char *str_or(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : "";
}

static void screening_section(const tdn_kb *kb, tdn_buf *b, const tdn_chart *c, int64_t now)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"screening\"><h2>Screening</h2>");
    if (c->n_screenings == 0) {
        tdn_buf_put(b, "<p class=\"hint\">No screening on record.</p>");
    } else {
        const tdn_screening *s = &c->screenings[c->n_screenings - 1];
        char d[16];
        tdn_html(b, "<p>Latest: <span class=\"badge %s\" id=\"verdict\">%s</span> on %s by %s</p>",
                 s->decision, tdn_level_words(s->decision, false), day_of(s->created, d),
                 s->recorded_by);
        json_t *reasons = json_loads(s->reasons ? s->reasons : "[]", 0, NULL);
        size_t i;
        json_t *r;
        tdn_buf_put(b, "<ul class=\"reasons-list\">");
        json_array_foreach(reasons, i, r)
        {
            const char *lvl = json_string_value(json_object_get(r, "level"));
            tdn_html(b, "<li data-rule=\"%s\"><span class=\"badge %s\">%s</span> ",
                     str_or(json_object_get(r, "rule")), lvl ? lvl : "",
                     tdn_level_words(lvl, json_is_true(json_object_get(r, "estim"))));
            tdn_words_text(kb, b, str_or(json_object_get(r, "detail")));
            tdn_buf_put(b, "</li>");
        }
        tdn_buf_put(b, "</ul>");
        json_decref(reasons);
    }
    tdn_buf_put(b, "<details><summary>Record a screening</summary>");
    tdn_screen_form(b, c, now);
    tdn_buf_put(b, "</details></section>");
}

static void consent_section(tdn_buf *b, const tdn_chart *c)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"consent\"><h2>Consent</h2><ul class=\"plain\">");
    bool in_force = false;
    for (size_t i = 0; i < c->n_consents; i++) {
        const tdn_consent *x = &c->consents[i];
        char d[16], w[16];
        tdn_html(b, "<li%s>Given by the %s on %s", x->withdrawn_at ? " class=\"withdrawn\"" : "",
                 x->given_by, day_of(x->given_at, d));
        if (x->signed_name[0])
            tdn_html(b, ", signed “%s” from login %s (text version %lld)", x->signed_name,
                     x->account, (long long)x->text_version);
        else
            tdn_html(b, " (recorded by %s)", x->recorded_by);
        if (x->withdrawn_at) tdn_html(b, " — withdrawn on %s", day_of(x->withdrawn_at, w));
        tdn_buf_put(b, "</li>");
        in_force |= !x->withdrawn_at;
    }
    if (!c->n_consents) tdn_buf_put(b, "<li class=\"hint\">No consent on record.</li>");
    if (c->n_consents && !in_force)
        tdn_buf_put(b, "<li class=\"error\" id=\"consent-withdrawn\">Consent was withdrawn: no "
                       "new session until it is given again.</li>");
    tdn_html(b,
             "</ul><form data-api=\"/api/patients/%lld/consent\" data-then=\"reload\" "
             "class=\"row\"><p><label for=\"c-by\">Consent given by</label>"
             "<select id=\"c-by\" name=\"by\"><option value=\"patient\">patient</option>"
             "<option value=\"guardian\">guardian</option></select></p>"
             "<p><button type=\"submit\">Record consent</button></p>"
             "<p class=\"error\" role=\"alert\"></p></form>",
             (long long)c->patient.id);
    if (in_force)
        tdn_html(b,
                 "<form data-api=\"/api/patients/%lld/consent/withdraw\" data-then=\"reload\">"
                 "<p><button type=\"submit\" class=\"secondary\">Record withdrawal</button></p>"
                 "<p class=\"error\" role=\"alert\"></p></form>",
                 (long long)c->patient.id);
    tdn_buf_put(b, "</section>");
}

/* "Dry needling, exercise, stretching" for dry_needling,exercise,stretching. */
static void plan_words(tdn_buf *b, const char *plan)
{
    if (!plan[0]) return tdn_buf_put(b, "—");
    char item[64];
    for (const char *p = plan; *p;) {
        size_t n = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)(n < sizeof item ? n : sizeof item - 1), p);
        for (char *q = item; *q; q++)
            if (*q == '_') *q = ' ';
        if (p == plan && item[0] >= 'a' && item[0] <= 'z') item[0] = (char)(item[0] - 'a' + 'A');
        tdn_html(b, "%s%s", p == plan ? "" : ", ", item);
        p += n;
        if (*p == ',') p++;
    }
}

static void plan_boxes(tdn_buf *b)
{
    tdn_buf_put(b, "<fieldset><legend>Plan of care</legend>");
    for (int i = 0; tdn_plan_items[i]; i++) {
        const char *t = tdn_plan_items[i];
        bool usual =
            !strcmp(t, "dry_needling") || !strcmp(t, "exercise") || !strcmp(t, "stretching");
        tdn_html(b, "<label><input type=\"checkbox\" name=\"plan\" value=\"%s\" data-join%s> ", t,
                 usual ? " checked" : "");
        tdn_words_code(b, t);
        tdn_buf_put(b, "</label>");
    }
    tdn_buf_put(b, "</fieldset>");
}

/* The side and site of the diagnosis: they give the ICD-10-CM code its side
 * (M25.511, right shoulder) and site (M79.12 head and neck, wrist, ankle). */
static void side_site_fields(tdn_buf *b)
{
    tdn_buf_put(b,
                "<p><label for=\"e-side\">Affected side</label><select id=\"e-side\" name=\"side\">"
                "<option value=\"\">Not recorded</option><option value=\"R\">Right</option>"
                "<option value=\"L\">Left</option><option value=\"B\">Both sides</option>"
                "</select></p><p><label for=\"e-site\">Affected region</label>"
                "<select id=\"e-site\" name=\"site\"><option value=\"\">Not recorded</option>");
    const char *group = "";
    for (int i = 0; i < tdn_region_count(); i++) {
        const tdn_region_info *r = tdn_region_at(i);
        if (strcmp(r->group, group) != 0)
            tdn_html(b, "%s<optgroup label=\"%s\">", *group ? "</optgroup>" : "", r->group);
        group = r->group;
        tdn_html(b, "<option value=\"%s\">%s</option>", r->code, r->name);
    }
    tdn_buf_put(b, "</optgroup></select></p>");
}

static void episode_section(tdn_req *req, tdn_buf *b, const tdn_chart *c)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_buf_put(b, "<section class=\"card\" id=\"episodes\"><h2>Episodes of care</h2>"
                   "<ul class=\"plain\">");
    for (size_t i = 0; i < c->n_episodes; i++) {
        const tdn_episode *e = &c->episodes[i];
        char d[16];
        char code[TDN_EPISODE_CODE_TEXT_MAX];
        tdn_episode_code_text(kb, e, code, sizeof code);
        int site = e->site[0] ? tdn_region_find(e->site) : -1;
        tdn_html(b,
                 "<li><span><strong>%s</strong>%s%s%s%s (ICD-10-CM <span class=\"icd\">%s</span>) "
                 "since %s — goals: %s; plan: ",
                 tdn_words_condition(kb, e->condition), e->side[0] ? ", " : "",
                 tdn_side_words(e->side[0]), site >= 0 ? ", " : "",
                 site >= 0 ? tdn_region_at(site)->name : "", code, day_of(e->opened, d),
                 e->goals[0] ? e->goals : "—");
        plan_words(b, e->plan);
        tdn_buf_put(b, "</span></li>");
    }
    if (!c->n_episodes) tdn_buf_put(b, "<li class=\"hint\">No episode yet.</li>");
    tdn_html(b,
             "</ul><form data-api=\"/api/patients/%lld/episodes\" data-then=\"reload\">"
             "<div class=\"row\"><p><label for=\"e-cond\">Condition</label>"
             "<select id=\"e-cond\" name=\"condition\">",
             (long long)c->patient.id);
    for (int i = 0; i < kb->n_conditions; i++)
        tdn_html(b, "<option value=\"%s\">%s (%s)</option>", kb->conditions[i].id,
                 kb->conditions[i].name, kb->conditions[i].icd10);
    tdn_buf_put(b, "</select></p>");
    side_site_fields(b);
    tdn_buf_put(b, "<p><label for=\"e-goal\">Goal</label>"
                   "<input id=\"e-goal\" name=\"goal\" maxlength=\"2000\"></p></div>");
    plan_boxes(b);
    tdn_buf_put(b, "<p><button type=\"submit\">Open episode</button></p>"
                   "<p class=\"error\" role=\"alert\"></p></form></section>");
}

static void pain_section(tdn_buf *b, const tdn_chart *c)
{
    tdn_html(b,
             "<section class=\"card\" id=\"painmaps\"><h2>Pain maps</h2>"
             "<p><a class=\"button\" href=\"/bodychart?patient=%lld\">Mark a pain map on the "
             "body chart</a></p><ul class=\"plain\">",
             (long long)c->patient.id);
    for (size_t i = 0; i < c->n_pains; i++) {
        const tdn_pain_entry *p = &c->pains[i];
        char d[16];
        const tdn_region_info *r = tdn_region_at(tdn_region_find(p->region));
        tdn_html(b, "<li><span>%s (%s) — %d/10</span><span class=\"hint\">%s, %s %lld</span></li>",
                 r ? r->name : p->region, p->side, p->intensity, day_of(p->recorded_at, d),
                 p->session_id ? "session" : "episode",
                 (long long)(p->session_id ? p->session_id : p->episode_id));
    }
    if (!c->n_pains) tdn_buf_put(b, "<li class=\"hint\">No pain map yet.</li>");
    tdn_buf_put(b, "</ul></section>");
}

static int session_number(const tdn_chart *c, int64_t session_id)
{
    for (size_t i = 0; i < c->n_sessions; i++)
        if (c->sessions[i].id == session_id) return (int)i + 1;
    return 0;
}

static void sessions_section(const tdn_kb *kb, tdn_buf *b, const tdn_chart *c, bool clinical)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"sessions\"><h2>Sessions</h2><table><thead><tr>"
                   "<th>Session</th><th>Date</th><th>State</th><th>Clinician</th><th>CPT</th>"
                   "<th></th></tr></thead><tbody>");
    for (size_t i = 0; i < c->n_sessions; i++) {
        const tdn_session *s = &c->sessions[i];
        char d[16];
        tdn_html(b, "<tr><td>%zu</td><td>%s</td><td>", i + 1, day_of(s->opened_at, d));
        tdn_words_code(b, s->state);
        tdn_html(b, "</td><td>%s</td><td>%s</td><td>", s->clinician, s->cpt[0] ? s->cpt : "—");
        if (clinical) tdn_html(b, "<a href=\"/sessions/%lld\">open</a>", (long long)s->id);
        if (!strcmp(s->state, "closed") && s->cpt[0])
            tdn_html(b, "%s<a href=\"/sessions/%lld/handout\">handout</a>", clinical ? " · " : "",
                     (long long)s->id);
        tdn_buf_put(b, "</td></tr>");
    }
    if (!c->n_sessions)
        tdn_buf_put(b, "<tr><td colspan=\"6\" class=\"hint\">No session yet.</td></tr>");
    tdn_buf_put(b, "</tbody></table>");
    if (clinical) {
        tdn_html(b,
                 "<form data-api=\"/api/sessions\" data-then=\"goto:/sessions/{id}\" "
                 "class=\"row\" id=\"open-session\"><input type=\"hidden\" name=\"patient\" "
                 "value=\"%lld\" data-type=\"int\"><p><label for=\"s-ep\">Episode</label>"
                 "<select id=\"s-ep\" name=\"episode\" data-type=\"int\">",
                 (long long)c->patient.id);
        for (size_t i = c->n_episodes; i-- > 0;)
            tdn_html(b, "<option value=\"%lld\">%s</option>", (long long)c->episodes[i].id,
                     tdn_words_condition(kb, c->episodes[i].condition));
        tdn_buf_put(b, "<option value=\"\">none</option></select></p>"
                       "<p><button type=\"submit\">Open a session</button></p>"
                       "<p class=\"error\" role=\"alert\"></p></form>");
    }
    tdn_buf_put(b, "</section>");
}

static void findings_aes_section(const tdn_kb *kb, tdn_buf *b, const tdn_chart *c)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"findings\"><h2>Findings</h2><table><thead><tr>"
                   "<th>Session</th><th>Muscle</th><th>Side</th><th>Type</th><th>Signs</th>"
                   "</tr></thead><tbody>");
    for (size_t i = 0; i < c->n_findings; i++) {
        const tdn_finding *f = &c->findings[i];
        tdn_html(b, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s%s%s%s</td></tr>",
                 session_number(c, f->session_id), tdn_words_muscle(kb, f->muscle),
                 tdn_side_words(f->side[0]),
                 strcmp(f->tp_type, "none") == 0 ? "none found" : f->tp_type,
                 f->taut_band ? "taut band " : "", f->spot ? "spot " : "", f->ltr ? "LTR " : "",
                 f->referred ? "referred pain" : "");
    }
    if (!c->n_findings) tdn_buf_put(b, "<tr><td colspan=\"5\" class=\"hint\">None.</td></tr>");
    tdn_buf_put(b, "</tbody></table></section><section class=\"card\" id=\"aes\">"
                   "<h2>Adverse events</h2><table><thead><tr><th>Session</th><th>Kind</th>"
                   "<th>Severity</th><th>Action</th><th>Resolved</th></tr></thead><tbody>");
    for (size_t i = 0; i < c->n_aes; i++) {
        const tdn_adverse_event *a = &c->aes[i];
        tdn_html(b, "<tr><td>%d</td><td>", session_number(c, a->session_id));
        tdn_words_code(b, a->kind);
        tdn_html(b, "</td><td>%s</td><td>%s</td><td>%s</td></tr>", a->severity, a->action,
                 a->resolved ? "yes" : "no");
    }
    if (!c->n_aes) tdn_buf_put(b, "<tr><td colspan=\"5\" class=\"hint\">None recorded.</td></tr>");
    tdn_buf_put(b, "</tbody></table></section>");
}

static void diary_section(tdn_buf *b, const tdn_chart *c)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"diary\"><h2>Diary</h2><table><thead><tr>"
                   "<th>Day</th><th>Pain</th><th>Soreness</th><th>Note</th></tr></thead><tbody>");
    for (size_t i = 0; i < c->n_diary; i++)
        tdn_html(b, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%s</td></tr>", c->diary[i].day,
                 c->diary[i].pain, c->diary[i].soreness, c->diary[i].note);
    if (!c->n_diary) tdn_buf_put(b, "<tr><td colspan=\"4\" class=\"hint\">No entries.</td></tr>");
    tdn_buf_put(b, "</tbody></table></section>");
}

static void header(tdn_buf *b, const tdn_chart *c)
{
    tdn_html(
        b, "<p class=\"patient-head\" data-patient=\"%lld\">Born %s · sex %s · patient id %lld</p>",
        (long long)c->patient.id, c->patient.birth, c->patient.sex[0] ? c->patient.sex : "—",
        (long long)c->patient.id);
}

/* The desk's button: a one-time portal sign-in code (api_invite.c). */
static void portal_section(tdn_buf *b, const tdn_chart *c, const char *csrf)
{
    tdn_html(b,
             "<form class=\"card row\" id=\"portal\" method=\"post\" "
             "action=\"/patients/%lld/invitation\"><input type=\"hidden\" name=\"csrf\" "
             "value=\"%s\"><p>Patient portal: the patient answers the health questions and "
             "signs consent from home.</p><p><button type=\"submit\">Invite to the portal"
             "</button></p></form>",
             (long long)c->patient.id, csrf);
}

void tdn_page_chart(tdn_req *req, tdn_resp *resp)
{
    tdn_act act;
    tdn_store *st = tdn_page_store(req, resp, &act);
    if (!st) return;
    tdn_chart c = {0};
    tdn_err err = {0};
    if (tdn_store_chart_read(st, &act, req->id[0], &c, &err))
        return tdn_page_error(req, resp, &err);
    bool clinical = req->user->role_bit & TDN_ROLES_CLINICAL;
    tdn_page_begin(req, resp, c.patient.name, "chart");
    tdn_buf *b = &resp->body;
    header(b, &c);
    portal_section(b, &c, req->user->csrf);
    if (clinical) {
        tdn_buf_put(b, "<div class=\"grid2\">");
        screening_section(tdn_req_kb(req), b, &c, req->now);
        consent_section(b, &c);
        tdn_buf_put(b, "</div>");
        tdn_intake_section(req, b, st, &act, c.patient.id);
        tdn_outcomes_section(req, b, &c);
        tdn_buf_put(b, "<div class=\"grid2\">");
        episode_section(req, b, &c);
        pain_section(b, &c);
        tdn_buf_put(b, "</div>");
    }
    sessions_section(tdn_req_kb(req), b, &c, clinical);
    if (clinical) {
        tdn_buf_put(b, "<div class=\"grid2\">");
        findings_aes_section(tdn_req_kb(req), b, &c);
        tdn_buf_put(b, "</div>");
        diary_section(b, &c);
    }
    tdn_chart_free(&c);
    tdn_page_end(req, resp);
}
