/* page_outcomes.c — the chart's outcome plots: one plot per measure kind,
 * site and side, titled in words (the region's or muscle's name, the joint
 * motion, the activity), over the sessions with their dates on the x axis,
 * before and after each session, and for a measure with an MCID in
 * data/outcome_thresholds.tsv a line that far below the first value, with
 * the source under the plot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/kbfiles.h"
#include "app/localtime.h"
#include "core/outcome.h"
#include "core/words.h"
#include "web/pages.h"
#include "web/plot.h"

static const struct {
    const char *kind, *label, *unit;
    double lo, hi;
} kinds[] = {{"nprs", "Pain (NPRS)", "0-10", 0, 10},
             {"ppt", "Pressure pain threshold", "kg/cm2", 0, 4},
             {"rom", "Range of motion", "degrees", 0, 90},
             {"psfs", "Function (PSFS)", "0-10", 0, 10}};

static int session_number(const tdn_chart *c, int64_t session_id)
{
    for (size_t i = 0; i < c->n_sessions; i++)
        if (c->sessions[i].id == session_id) return (int)i + 1;
    return 0;
}

/* "Pain (NPRS) — Back of the neck, right". */
static void title_of(const tdn_kb *kb, tdn_buf *t, const char *label, const tdn_measure *m)
{
    tdn_buf_printf(t, "%s — ", label);
    if (!strcmp(m->kind, "nprs")) {
        const tdn_region_info *r = tdn_region_at(tdn_region_find(m->site));
        tdn_buf_printf(t, "%s", r ? r->name : m->site);
    } else if (!strcmp(m->kind, "ppt")) {
        tdn_buf_printf(t, "%s", tdn_words_muscle(kb, m->site));
    } else if (!strcmp(m->kind, "rom")) {
        char text[80];
        snprintf(text, sizeof text, "%s", m->site);
        for (char *p = text; *p; p++)
            if (*p == '_') *p = ' ';
        if (text[0] >= 'a' && text[0] <= 'z') text[0] = (char)(text[0] - 'a' + 'A');
        tdn_buf_printf(t, "%s", text);
    } else {
        tdn_buf_printf(t, "%s", m->site);
    }
    if (m->side[0] && strcmp(m->side, "B") != 0)
        tdn_buf_printf(t, ", %s", tdn_side_words(m->side[0]));
}

/* The MCID line below the first value before a session, if the data has one. */
static int mcid_line(const tdn_thresholds *th, const char *kind, const tdn_plot_point *pts, int n,
                     tdn_plot_line *line, char *note, size_t cap)
{
    const tdn_threshold *t = tdn_threshold_find(th, kind, "mcid");
    const tdn_plot_point *first = NULL;
    for (int i = 0; i < n && t; i++)
        if (!strcmp(pts[i].phase, "pre") && (!first || pts[i].x < first->x)) first = &pts[i];
    if (!t || !first || first->y - t->value < 0) return 0;
    snprintf(note, cap,
             "Line: %g %s below the first value (%g), the smallest change that patients find "
             "important (MCID). Source: %s",
             t->value, t->unit, first->y, t->source);
    *line = (tdn_plot_line){first->y - t->value, "MCID", note};
    return 1;
}

static void plot_group(tdn_req *req, tdn_buf *b, const tdn_chart *c, size_t k, size_t i, bool *done,
                       tdn_plot_point *pts, const tdn_thresholds *th, const char (*dates)[16])
{
    const tdn_measure *m = &c->measures[i];
    int n = 0;
    for (size_t j = i; j < c->n_measures; j++) {
        const tdn_measure *o = &c->measures[j];
        if (strcmp(o->kind, m->kind) || strcmp(o->site, m->site) || strcmp(o->side, m->side))
            continue;
        done[j] = true;
        pts[n++] = (tdn_plot_point){session_number(c, o->session_id), o->value, o->phase};
    }
    tdn_buf title = {0};
    title_of(tdn_req_kb(req), &title, kinds[k].label, m);
    tdn_plot_line line;
    char note[700];
    int n_lines = mcid_line(th, m->kind, pts, n, &line, note, sizeof note);
    tdn_plot_svg(b, &(tdn_plot_spec){.title = tdn_buf_str(&title),
                                     .unit = kinds[k].unit,
                                     .lo = kinds[k].lo,
                                     .hi = kinds[k].hi,
                                     .pts = pts,
                                     .n = n,
                                     .x_labels = dates,
                                     .n_x = (int)c->n_sessions,
                                     .over = "over the sessions, before and after",
                                     .lines = n_lines ? &line : NULL,
                                     .n_lines = n_lines});
    tdn_buf_free(&title);
}

void tdn_outcomes_section(tdn_req *req, tdn_buf *b, const tdn_chart *c)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"outcomes\"><h2>Outcomes over sessions</h2>"
                   "<p class=\"legend\"><span class=\"pre-key\">━ before the session</span> · "
                   "<span class=\"post-key\">╍ after the session</span></p><div class=\"grid2\">");
    tdn_thresholds th = {0};
    tdn_err err = {0};
    const tdn_kbfiles *f = tdn_req_kbfiles(req);
    if (f && tdn_thresholds_load(&th, f->files, f->n, &err))
        tdn_html(b, "<p class=\"error\">%s</p>", err.msg);
    tdn_plot_point *pts = calloc(c->n_measures + 1, sizeof *pts);
    bool *done = calloc(c->n_measures + 1, sizeof *done);
    char(*dates)[16] = calloc(c->n_sessions + 1, sizeof *dates);
    for (size_t i = 0; dates && i < c->n_sessions; i++)
        tdn_local_date(c->sessions[i].opened_at, dates[i]);
    int plots = 0;
    for (size_t k = 0; pts && done && dates && k < sizeof kinds / sizeof kinds[0]; k++)
        for (size_t i = 0; i < c->n_measures; i++)
            if (!done[i] && strcmp(c->measures[i].kind, kinds[k].kind) == 0) {
                plot_group(req, b, c, k, i, done, pts, &th, (const char(*)[16])dates);
                plots++;
            }
    free(pts);
    free(done);
    free(dates);
    if (!plots) tdn_buf_put(b, "<p class=\"hint\">No measures recorded yet.</p>");
    tdn_buf_put(b, "</div></section>");
}
