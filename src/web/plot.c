/* plot.c — outcome plots as inline SVG generated from the chart's measures:
 * one small line chart per measure kind and site (NPRS per region, PPT per
 * muscle, ROM per motion, PSFS per activity) over the patient's sessions,
 * the x axis labelled with the dates, pre-session values as a solid line,
 * post-session values dashed, follow-up as open dots, and reference lines
 * (e.g. the MCID below the first value). No chart library: a few dozen SVG
 * elements. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "web/plot.h"

#define W 420
#define H 200
#define L 40 /* left margin */
#define R 12
#define T 16
#define B 30

static double px(int x, int n)
{
    return n <= 1 ? L + (W - L - R) / 2.0 : L + (double)(x - 1) * (W - L - R) / (n - 1);
}

static double py(double y, double lo, double hi)
{
    if (hi <= lo) hi = lo + 1;
    return T + (hi - y) * (H - T - B) / (hi - lo);
}

/* The date at x (1-based), or "" when the caller gave none. */
static const char *x_label(const tdn_plot_spec *s, int x)
{
    return s->x_labels && x >= 1 && x <= s->n_x ? s->x_labels[x - 1] : "";
}

static void axes(tdn_buf *b, const tdn_plot_spec *s, double hi)
{
    for (int i = 0; i <= 4; i++) {
        double v = s->lo + (hi - s->lo) * i / 4;
        double y = py(v, s->lo, hi);
        tdn_html(b, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", L, y,
                 W - R, y);
        tdn_html(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>", L - 4, y + 4, v);
    }
    tdn_html(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, H - B, W - R,
             H - B);
    tdn_html(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, T, L, H - B);
    int n = s->n_x < 1 ? 1 : s->n_x, every = (n + 3) / 4; /* at most 4 dates fit */
    for (int i = 1; i <= n; i++) {
        bool last_fits = i == n && (n - 1) % every * 2 > every;
        if ((i - 1) % every != 0 && !last_fits) continue;
        const char *anchor = n == 1 ? "middle" : i == 1 ? "start" : i == n ? "end" : "middle";
        tdn_html(b, "<text class=\"xdate\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
                 px(i, n), H - B + 16, anchor, x_label(s, i));
    }
    tdn_html(b, "<text x=\"%d\" y=\"10\">%s</text>", L + 6, s->unit);
}

static void lines(tdn_buf *b, const tdn_plot_spec *s, double hi)
{
    for (int i = 0; i < s->n_lines; i++) {
        const tdn_plot_line *l = &s->lines[i];
        if (l->y < s->lo || l->y > hi) continue;
        double y = py(l->y, s->lo, hi);
        tdn_html(b,
                 "<g class=\"refline\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                 "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text><title>%s</title></g>",
                 L, y, W - R, y, W - R - 2, y - 3, l->label, l->note ? l->note : l->label);
    }
}

static void series(tdn_buf *b, const tdn_plot_spec *s, int which, double hi)
{
    static const char *const phases[] = {"pre", "post", "followup"};
    static const char *const words[] = {"before the session", "after the session", "follow-up"};
    const char *phase = phases[which], *name = s->series[which] ? s->series[which] : words[which];
    int drawn = 0, n = s->n_x < 1 ? 1 : s->n_x;
    tdn_buf line = {0};
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->pts[i].phase, phase) != 0) continue;
        tdn_buf_printf(&line, "%.1f,%.1f ", px(s->pts[i].x, n), py(s->pts[i].y, s->lo, hi));
        drawn++;
    }
    if (drawn > 1) tdn_html(b, "<polyline class=\"%s\" points=\"%s\"/>", phase, tdn_buf_str(&line));
    tdn_buf_free(&line);
    for (int i = 0; i < s->n; i++) {
        const tdn_plot_point *p = &s->pts[i];
        if (strcmp(p->phase, phase) != 0) continue;
        tdn_html(b,
                 "<circle class=\"pt-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s, %s: %g"
                 "</title></circle>",
                 phase, px(p->x, n), py(p->y, s->lo, hi), x_label(s, p->x), name, p->y);
    }
}

void tdn_plot_svg(tdn_buf *b, const tdn_plot_spec *s)
{
    double hi = s->hi;
    for (int i = 0; i < s->n; i++)
        if (s->pts[i].y > hi) hi = s->pts[i].y;
    tdn_html(b,
             "<figure class=\"plotfig\"><figcaption>%s</figcaption>"
             "<svg class=\"plot\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s %s\">",
             s->title, W, H, s->title, s->over ? s->over : "");
    axes(b, s, hi);
    lines(b, s, hi);
    for (int k = 0; k < 3; k++)
        series(b, s, k, hi);
    tdn_buf_put(b, "</svg>");
    for (int i = 0; i < s->n_lines; i++)
        if (s->lines[i].note && s->lines[i].y >= s->lo && s->lines[i].y <= hi)
            tdn_html(b, "<p class=\"hint refnote\">%s</p>", s->lines[i].note);
    tdn_buf_put(b, "</figure>");
}
