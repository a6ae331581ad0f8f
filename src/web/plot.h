/* plot.h — outcome plots as inline SVG (see plot.c). Internal to src/web/. */
#ifndef TDN_WEB_PLOT_H
#define TDN_WEB_PLOT_H

#include "web/http.h"

typedef struct tdn_plot_point {
    int x;             /* session number, 1-based */
    double y;          /* the measured value */
    const char *phase; /* "pre", "post" or "followup" */
} tdn_plot_point;

/* Appends a <figure> with one line chart of pts[0..n) over n_sessions
 * sessions, y from lo to hi (hi grows to fit the data). title and unit are
 * escaped. */
void tdn_plot_svg(tdn_buf *b, const char *title, const char *unit, double lo, double hi,
                  const tdn_plot_point *pts, int n, int n_sessions);

#endif
