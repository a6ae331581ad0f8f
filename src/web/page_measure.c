/* page_measure.c — the runner's "Measures" form with the site picked from
 * lists in words, never typed as a code: NPRS at a region (the session's or
 * the episode's pain map first, then every region by body area), PPT at a
 * muscle (the ranked muscles first, then the KB by area), ROM of a joint
 * motion (with active or passive), PSFS of an activity (those already
 * measured for the patient, or a new one typed in words). The lists for the
 * kinds not chosen wait in <template>s; app.js swaps them in (initMeasure). */
#include <string.h>

#include "core/record.h"
#include "web/pages.h"

static void nprs_options(tdn_buf *b, const tdn_chart *c, const tdn_session *s)
{
    bool any = false;
    for (size_t i = 0; i < c->n_pains; i++) {
        const tdn_pain_entry *p = &c->pains[i];
        bool mine = p->session_id == s->id || (s->episode_id && p->episode_id == s->episode_id);
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(c->pains[j].region, p->region) && !strcmp(c->pains[j].side, p->side);
        if (!mine || seen) continue;
        if (!any) tdn_buf_put(b, "<optgroup label=\"On the pain map\">");
        any = true;
        char side = p->side[0] ? p->side[0] : 'B';
        tdn_html(b, "<option value=\"%s\" data-side=\"%c\">", p->region, side);
        tdn_words_region(b, p->region, side);
        tdn_buf_put(b, "</option>");
    }
    if (any) tdn_buf_put(b, "</optgroup>");
    tdn_words_region_options(b, NULL);
}

static void ppt_options(const tdn_kb *kb, tdn_buf *b, const tdn_candidate *cand, int n_cand)
{
    if (n_cand) {
        tdn_buf_put(b, "<optgroup label=\"Suggested by the pain map\">");
        for (int i = 0; i < n_cand; i++)
            tdn_html(b, "<option value=\"%s\" data-side=\"%c\">%s</option>",
                     kb->muscles[cand[i].muscle].id, cand[i].side,
                     kb->muscles[cand[i].muscle].name);
        tdn_buf_put(b, "</optgroup>");
    }
    const char *area = "";
    for (int i = 0; i < kb->n_muscles; i++) {
        const tdn_muscle *m = &kb->muscles[i];
        if (strcmp(area, m->area) != 0) {
            if (*area) tdn_buf_put(b, "</optgroup>");
            tdn_buf_put(b, "<optgroup label=\"");
            tdn_words_code(b, m->area);
            tdn_buf_put(b, "\">");
            area = m->area;
        }
        tdn_html(b, "<option value=\"%s\">%s</option>", m->id, m->name);
    }
    if (*area) tdn_buf_put(b, "</optgroup>");
}

static void rom_options(tdn_buf *b)
{
    for (int i = 0; tdn_joint_motions[i]; i++) {
        tdn_html(b, "<option value=\"%s\">", tdn_joint_motions[i]);
        tdn_words_code(b, tdn_joint_motions[i]);
        tdn_buf_put(b, "</option>");
    }
}

static void psfs_options(tdn_buf *b, const tdn_chart *c)
{
    for (size_t i = 0; i < c->n_measures; i++) {
        const tdn_measure *m = &c->measures[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(c->measures[j].kind, "psfs") && !strcmp(c->measures[j].site, m->site);
        if (!seen && !strcmp(m->kind, "psfs"))
            tdn_html(b, "<option value=\"%s\">%s</option>", m->site, m->site);
    }
    tdn_buf_put(b, "<option value=\"\">A new activity (type it below)</option>");
}

void tdn_measure_form(tdn_req *req, tdn_buf *b, const tdn_chart *c, const tdn_session *s,
                      const tdn_candidate *cand, int n_cand)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_html(
        b,
        "<section class=\"card\"><h2>Measures</h2><form data-api=\"/api/sessions/%lld/"
        "measures\" data-then=\"none\" id=\"rs-measure\"><div class=\"row\"><p><label "
        "for=\"m-phase\">Phase</label><select id=\"m-phase\" name=\"phase\"><option "
        "value=\"pre\">before needling</option><option value=\"post\">after needling</option>"
        "<option value=\"followup\">follow-up</option></select></p><p><label "
        "for=\"m-kind\">Kind</label><select id=\"m-kind\" name=\"kind\"><option value=\"nprs\">"
        "Pain (NPRS 0-10) at a region</option><option value=\"ppt\">Pressure pain threshold "
        "(kg/cm²) at a muscle</option><option value=\"rom\">Range of motion (degrees)</option>"
        "<option value=\"psfs\">Function (PSFS 0-10) in an activity</option></select></p></div>"
        "<div class=\"row\"><p><label for=\"m-site\">Site</label><select id=\"m-site\" "
        "name=\"site\" required>",
        (long long)s->id);
    nprs_options(b, c, s);
    tdn_buf_put(b, "</select></p><p id=\"m-activity-p\" class=\"hidden\"><label "
                   "for=\"m-activity\">New activity</label><input id=\"m-activity\" "
                   "name=\"site\" maxlength=\"64\" disabled placeholder=\"e.g. turning the head "
                   "to reverse the car\"></p><p id=\"m-motion-p\" class=\"hidden\"><label "
                   "for=\"m-motion\">Motion</label><select id=\"m-motion\" name=\"motion\" "
                   "disabled><option value=\"active\">active</option><option "
                   "value=\"passive\">passive</option></select></p><p><label for=\"m-side\">Side"
                   "</label><select id=\"m-side\" name=\"side\"><option value=\"R\">right</option>"
                   "<option value=\"L\">left</option><option value=\"B\">both sides</option>"
                   "</select></p><p><label for=\"m-value\">Value</label><input id=\"m-value\" "
                   "name=\"value\" type=\"number\" step=\"0.1\" required></p></div>"
                   "<template id=\"m-sites-nprs\">");
    nprs_options(b, c, s);
    tdn_buf_put(b, "</template><template id=\"m-sites-ppt\">");
    ppt_options(kb, b, cand, n_cand);
    tdn_buf_put(b, "</template><template id=\"m-sites-rom\">");
    rom_options(b);
    tdn_buf_put(b, "</template><template id=\"m-sites-psfs\">");
    psfs_options(b, c);
    tdn_buf_put(b, "</template><p><button type=\"submit\">Add measure</button> <span class=\"ok\" "
                   "role=\"status\"></span></p><p class=\"error\" role=\"alert\"></p></form>"
                   "</section>");
}
