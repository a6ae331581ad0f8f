/* plot.h — outcome plots as inline SVG (see plot.c). Internal to src/web/. */
#ifndef TDN_WEB_PLOT_H
#define TDN_WEB_PLOT_H

#include <stdbool.h>
#include <stddef.h>

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

/* ---- dot-and-whisker charts (plot_report.c) ------------------------------
 * One row per estimate: a dot with its 95 % interval as a whisker, an
 * optional reference (a published figure) as a diamond, and optional small
 * dots (one per patient). The label sits above its row so the chart reads
 * on a phone. */
typedef struct tdn_whisker_row {
    const char *label; /* escaped when drawn */
    double value;      /* the estimate (the dot) */
    double lo, hi;     /* its 95 % interval; lo > hi: none */
    double ref;        /* a reference value (diamond); < xlo: none */
    const double *dots;
    size_t n_dots;
} tdn_whisker_row;

typedef struct tdn_whisker_spec {
    const char *title, *unit;
    const char *what;      /* the dot, in words ("the clinic's rate") */
    const char *ref_words; /* the diamond, in words ("Brady 2014"), or NULL */
    double xlo, xhi;       /* x range; xhi grows to fit the data */
    bool zero_line;        /* a line at 0 (differences) */
    const tdn_whisker_row *rows;
    int n;
} tdn_whisker_spec;

void tdn_plot_whiskers(tdn_buf *b, const tdn_whisker_spec *spec);

#endif
