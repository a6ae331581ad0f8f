/* page_verdict.c — where needling happens (the session runner, the body
 * chart of a patient) the page names the patient with their age and shows
 * the screening verdict in words: go / caution / no-go, each reason as the
 * rule's advice (never its id), the regions and muscles it blocks, and, for the body
 * chart, why it is not valid now. The verdict comes from app/verdict.h. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "app/localtime.h"
#include "core/record.h"
#include "web/pages.h"

const char *tdn_level_words(const char *d, bool estim)
{
    if (!d || !*d) return "no screening";
    if (strcmp(d, "go") == 0) return "go";
    if (strcmp(d, "info") == 0) return "info";
    if (strcmp(d, "caution") == 0) return estim ? "e-stim caution" : "caution";
    if (strcmp(d, "no_go") == 0) return estim ? "no e-stim" : "no-go";
    return "not screened";
}

void tdn_page_patient_head(tdn_buf *b, const tdn_patient *p, int64_t now)
{
    int years = 0;
    tdn_err ignored = {0};
    tdn_tz zone;
    bool aged = tdn_age_years(p->birth, now, tdn_tz_at(&zone, now), &years, &ignored) == TDN_OK;
    tdn_html(b, "<p class=\"patient-id\" id=\"patient-id\"><strong>%s</strong>", p->name);
    if (aged) tdn_html(b, ", %d years", years);
    tdn_html(b, " · born %s</p>", p->birth);
}

/* The reasons of one kind: the notes (level info) or the others. */
static void reasons(const tdn_kb *kb, tdn_buf *b, const tdn_verdict *v, bool notes)
{
    for (int i = 0; i < v->n_reasons; i++) {
        const tdn_verdict_reason *r = &v->reasons[i];
        if ((strcmp(r->level, "info") == 0) != notes) continue;
        tdn_buf_put(b, "<li>");
        if (!notes)
            tdn_html(b, "<span class=\"badge %s\">%s</span> ", r->level,
                     tdn_level_words(r->level, r->estim));
        tdn_words_text(kb, b, r->detail); /* codes in the advice as words, escaped */
        tdn_buf_put(b, "</li>");
    }
}

/* The regions the screening blocks, in words. */
static void blocked_line(tdn_buf *b, const tdn_verdict *v)
{
    tdn_buf_put(b, "<p id=\"sv-blocked\"><strong>Blocked regions:</strong> ");
    for (int i = 0; i < v->n_blocked; i++) {
        const tdn_region_info *r = tdn_region_at(v->blocked[i].region);
        char side = v->blocked[i].side;
        tdn_html(b, "%s%s (%s)", i ? ", " : "", r ? r->name : "?",
                 side == 'R'   ? "right"
                 : side == 'L' ? "left"
                               : "both sides");
    }
    if (!v->n_blocked) tdn_buf_put(b, "none");
    tdn_buf_put(b, "</p>");
}

/* The muscles the screening blocks (they cannot be compressed), by name. */
static void blocked_muscles_line(const tdn_kb *kb, tdn_buf *b, const tdn_verdict *v)
{
    if (!v->n_blocked_muscles) return;
    tdn_buf_put(b, "<p id=\"sv-blocked-muscles\"><strong>Blocked muscles (not needled without "
                   "an override):</strong> ");
    for (int i = 0; i < v->n_blocked_muscles; i++) {
        int m = tdn_kb_muscle_find(kb, v->blocked_muscles[i]);
        tdn_html(b, "%s%s", i ? ", " : "", m >= 0 ? kb->muscles[m].name : v->blocked_muscles[i]);
    }
    tdn_buf_put(b, "</p>");
}

void tdn_page_verdict(const tdn_kb *kb, tdn_buf *b, const tdn_verdict *v)
{
    const char *cls = v->screening_id ? v->decision : "no_go";
    tdn_html(b,
             "<section class=\"card verdict %s\" id=\"screen-verdict\" aria-labelledby=\"sv-h\">"
             "<h2 id=\"sv-h\">Screening: <span class=\"badge %s\" id=\"sv-decision\">%s</span>"
             "</h2>",
             cls, cls, tdn_level_words(v->screening_id ? v->decision : NULL, false));
    if (v->screening_id) {
        char day[16];
        tdn_local_date(v->screened_at, day);
        tdn_html(b, "<p class=\"hint\">Screened on %s.</p>", day);
    }
    if (v->invalid[0])
        tdn_html(b, "<p class=\"danger-box\">Not valid for needling now: %s.</p>", v->invalid);
    blocked_line(b, v);
    blocked_muscles_line(kb, b, v);
    int n_info = 0;
    for (int i = 0; i < v->n_reasons; i++)
        n_info += strcmp(v->reasons[i].level, "info") == 0;
    if (v->n_reasons > n_info) {
        tdn_buf_put(b, "<ul class=\"reasons-list\" id=\"sv-reasons\">");
        reasons(kb, b, v, false);
        tdn_buf_put(b, "</ul>");
    } else if (v->screening_id) {
        tdn_buf_put(b, "<p id=\"sv-reasons\">No contraindication or precaution found.</p>");
    }
    if (n_info) {
        tdn_html(b,
                 "<details id=\"sv-notes\"><summary>Nerves, vessels and organs near the planned "
                 "regions (%d note%s)</summary><ul class=\"reasons-list\">",
                 n_info, tdn_plural(n_info));
        reasons(kb, b, v, true);
        tdn_buf_put(b, "</ul></details>");
    }
    tdn_buf_put(b, "</section>");
}
