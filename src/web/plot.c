/* plot.c — outcome plots as inline SVG generated from the chart's measures:
 * one small line chart per measure kind and site (NPRS per region, PPT per
 * muscle, ROM per motion, PSFS per activity) over the patient's sessions,
 * pre-session values as a solid line, post-session values dashed, follow-up
 * as open dots. No chart library: a few dozen SVG elements. */
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

static void axes(tdn_buf *b, int n_sessions, double lo, double hi, const char *unit)
{
    for (int i = 0; i <= 4; i++) {
        double v = lo + (hi - lo) * i / 4;
        double y = py(v, lo, hi);
        tdn_html(b, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", L, y,
                 W - R, y);
        tdn_html(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>", L - 4, y + 4, v);
    }
    tdn_html(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, H - B, W - R,
             H - B);
    tdn_html(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, T, L, H - B);
    for (int i = 1; i <= n_sessions; i++)
        tdn_html(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">S%d</text>",
                 px(i, n_sessions), H - B + 16, i);
    tdn_html(b, "<text x=\"%d\" y=\"10\">%s</text>", L + 6, unit);
}

static void series(tdn_buf *b, const tdn_plot_point *pts, int n, const char *phase, const char *cls,
                   int n_sessions, double lo, double hi)
{
    int drawn = 0;
    tdn_buf line = {0};
    for (int i = 0; i < n; i++) {
        if (strcmp(pts[i].phase, phase) != 0) continue;
        tdn_buf_printf(&line, "%s%.1f,%.1f ", drawn ? "" : "", px(pts[i].x, n_sessions),
                       py(pts[i].y, lo, hi));
        drawn++;
    }
    if (drawn > 1) tdn_html(b, "<polyline class=\"%s\" points=\"%s\"/>", cls, tdn_buf_str(&line));
    tdn_buf_free(&line);
    for (int i = 0; i < n; i++) {
        if (strcmp(pts[i].phase, phase) != 0) continue;
        tdn_html(b,
                 "<circle class=\"pt-%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>S%d %s: %g"
                 "</title></circle>",
                 phase, px(pts[i].x, n_sessions), py(pts[i].y, lo, hi), pts[i].x, phase, pts[i].y);
    }
}

void tdn_plot_svg(tdn_buf *b, const char *title, const char *unit, double lo, double hi,
                  const tdn_plot_point *pts, int n, int n_sessions)
{
    for (int i = 0; i < n; i++)
        if (pts[i].y > hi) hi = pts[i].y;
    if (n_sessions < 1) n_sessions = 1;
    tdn_html(b,
             "<figure class=\"plotfig\"><figcaption>%s</figcaption>"
             "<svg class=\"plot\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s over "
             "sessions, before and after\">",
             title, W, H, title);
    axes(b, n_sessions, lo, hi, unit);
    series(b, pts, n, "pre", "pre", n_sessions, lo, hi);
    series(b, pts, n, "post", "post", n_sessions, lo, hi);
    series(b, pts, n, "followup", "followup", n_sessions, lo, hi);
    tdn_buf_put(b, "</svg></figure>");
}
