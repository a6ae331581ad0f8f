/* plot_report.c — the Reports page's dot-and-whisker charts as inline SVG
 * (plot.h): each row's label above it, the estimate as a dot (class "est")
 * with its 95 % interval as a whisker (class "ci"), a reference value as a
 * diamond (class "ref", e.g. Brady 2014's published rate), and small dots
 * (class "dot", one per patient), on a shared x axis with five ticks. Every
 * mark has a <title> with its figures; every text is escaped. */
#include <math.h>
#include <stdio.h>

#include "web/plot.h"

#define W 420
#define L 12 /* left and right margins */
#define R 16
#define T 6
#define ROW 38 /* a label line and the whisker below it */
#define B 30   /* the x axis and its ticks */

static double xpos(double v, double lo, double hi)
{
    if (hi <= lo) hi = lo + 1;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    return L + (v - lo) * (W - L - R) / (hi - lo);
}

/* A round upper end for the axis: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_hi(double v)
{
    if (v <= 0) return 1;
    double p = pow(10, floor(log10(v))), steps[] = {1, 2, 2.5, 5, 10};
    for (int i = 0; i < 5; i++)
        if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
}

static double data_hi(const tdn_whisker_spec *s)
{
    double hi = s->xhi;
    for (int i = 0; i < s->n; i++) {
        const tdn_whisker_row *r = &s->rows[i];
        double vs[] = {r->value, r->lo <= r->hi ? r->hi : r->value, r->ref};
        for (int k = 0; k < 3; k++)
            if (isfinite(vs[k]) && vs[k] > hi) hi = vs[k];
        for (size_t k = 0; k < r->n_dots; k++)
            if (isfinite(r->dots[k]) && r->dots[k] > hi) hi = r->dots[k];
    }
    return hi > s->xhi ? nice_hi(hi) : hi;
}

static double data_lo(const tdn_whisker_spec *s)
{
    double lo = s->xlo;
    for (int i = 0; i < s->n; i++) {
        const tdn_whisker_row *r = &s->rows[i];
        double v = r->lo <= r->hi ? r->lo : r->value;
        if (isfinite(v) && v < lo) lo = v;
        for (size_t k = 0; k < r->n_dots; k++)
            if (isfinite(r->dots[k]) && r->dots[k] < lo) lo = r->dots[k];
    }
    return lo < s->xlo ? -nice_hi(-lo) : lo;
}

static void axis(tdn_buf *b, const tdn_whisker_spec *s, double lo, double hi, int h)
{
    for (int i = 0; i <= 4; i++) {
        double v = lo + (hi - lo) * i / 4, x = xpos(v, lo, hi);
        tdn_html(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, T, x,
                 h - B);
        const char *anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";
        tdn_html(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%g</text>", x, h - B + 14, anchor,
                 v);
    }
    tdn_html(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L, h - B, W - R,
             h - B);
    tdn_html(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", W - R, h - 4, s->unit);
    if (s->zero_line && lo < 0 && hi > 0)
        tdn_html(b, "<line class=\"zero\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                 xpos(0, lo, hi), T, xpos(0, lo, hi), h - B);
}

static void row(tdn_buf *b, const tdn_whisker_spec *s, const tdn_whisker_row *r, int y, double lo,
                double hi)
{
    tdn_html(b, "<text class=\"rowlabel\" x=\"%d\" y=\"%d\">%s</text>", L, y + 12, r->label);
    int cy = y + 26;
    for (size_t k = 0; k < r->n_dots; k++)
        tdn_html(b,
                 "<circle class=\"dot\" cx=\"%.1f\" cy=\"%d\" r=\"3\"><title>%s: one patient, "
                 "%.2f %s</title></circle>",
                 xpos(r->dots[k], lo, hi), cy + (int)(k % 3) * 3 - 3, r->label, r->dots[k],
                 s->unit);
    if (r->lo <= r->hi)
        tdn_html(b,
                 "<g class=\"ci\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                 "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                 "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                 "<title>%s: 95 %% interval %.2f to %.2f %s</title></g>",
                 xpos(r->lo, lo, hi), cy, xpos(r->hi, lo, hi), cy, xpos(r->lo, lo, hi), cy - 5,
                 xpos(r->lo, lo, hi), cy + 5, xpos(r->hi, lo, hi), cy - 5, xpos(r->hi, lo, hi),
                 cy + 5, r->label, r->lo, r->hi, s->unit);
    if (isfinite(r->value))
        tdn_html(b,
                 "<circle class=\"est\" cx=\"%.1f\" cy=\"%d\" r=\"5\"><title>%s, %s: %.2f %s"
                 "</title></circle>",
                 xpos(r->value, lo, hi), cy, r->label, s->what, r->value, s->unit);
    if (s->ref_words && r->ref >= s->xlo && isfinite(r->ref)) {
        double x = xpos(r->ref, lo, hi);
        tdn_html(b,
                 "<path class=\"ref\" d=\"M%.1f %dl6 6l-6 6l-6 -6z\"><title>%s, %s: %.2f %s"
                 "</title></path>",
                 x, cy - 6, r->label, s->ref_words, r->ref, s->unit);
    }
}

void tdn_plot_whiskers(tdn_buf *b, const tdn_whisker_spec *s)
{
    double lo = data_lo(s), hi = data_hi(s);
    int h = T + ROW * (s->n < 1 ? 1 : s->n) + B;
    tdn_html(b,
             "<figure class=\"plotfig\"><figcaption>%s</figcaption>"
             "<svg class=\"plot whiskers\" viewBox=\"0 0 %d %d\" role=\"img\" "
             "aria-label=\"%s: %s with 95 %% intervals%s%s\">",
             s->title, W, h, s->title, s->what, s->ref_words ? " beside " : "",
             s->ref_words ? s->ref_words : "");
    axis(b, s, lo, hi, h);
    for (int i = 0; i < s->n; i++)
        row(b, s, &s->rows[i], T + ROW * i, lo, hi);
    tdn_buf_put(b, "</svg>");
    tdn_html(b,
             "<p class=\"legend\"><span class=\"est-key\">● %s</span> <span>├─┤ 95 %% "
             "interval</span>",
             s->what);
    if (s->ref_words) tdn_html(b, " <span class=\"ref-key\">◆ %s</span>", s->ref_words);
    tdn_buf_put(b, "</p></figure>");
}
