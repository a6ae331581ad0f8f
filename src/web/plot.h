/* plot.h — outcome plots as inline SVG (see plot.c). Internal to src/web/. */
#ifndef TDN_WEB_PLOT_H
#define TDN_WEB_PLOT_H

#include "web/http.h"

typedef struct tdn_plot_point {
    int x;             /* position on the x axis, 1-based (a session, a diary day) */
    double y;          /* the measured value */
    const char *phase; /* "pre", "post" or "followup": the series */
} tdn_plot_point;

/* A horizontal reference line (a goal, a clinically important change). */
typedef struct tdn_plot_line {
    double y;
    const char *label; /* short, written beside the line */
    const char *note;  /* longer, with the source, under the plot; may be NULL */
} tdn_plot_line;

typedef struct tdn_plot_spec {
    const char *title, *unit;
    double lo, hi; /* y range; hi grows to fit the data */
    const tdn_plot_point *pts;
    int n;
    const char (*x_labels)[16]; /* the date of each x position 1..n_x */
    int n_x;
    const char *over;           /* "over sessions", "by day": for the text alternative */
    const char *series[3];      /* the words of pre, post, followup in tooltips */
    const tdn_plot_line *lines; /* reference lines, may be NULL */
    int n_lines;
} tdn_plot_spec;

/* Appends a <figure> with one line chart of spec's points, the x axis
 * labelled with the dates. Every text is escaped. */
void tdn_plot_svg(tdn_buf *b, const tdn_plot_spec *spec);

#endif
