/* page_reports.c — the Reports page (GET /reports) for clinicians and
 * admins: the CLI's filters as a labelled form in words, then the three
 * practice-based evidence reports (app/report.h) as tables with
 * server-drawn dot-and-whisker plots (plot_report.c): adverse-event rates
 * beside Brady 2014, responders per measure, split-body differences per
 * patient; each with its CSV download (api_reports.c). Every report read is
 * audited by the store; the page names no patient. A bad filter answers 400
 * with the form and a message naming the field in words; an empty result
 * says "no sessions match". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "app/kbfiles.h"
#include "app/report.h"
#include "web/pages.h"
#include "web/plot.h"

static const struct {
    const char *kind, *label, *unit;
} measures[] = {{"nprs", "Pain (NPRS)", "points"},
                {"ppt", "Pressure pain threshold", "kg/cm2"},
                {"rom", "Range of motion", "degrees"},
                {"psfs", "Function (PSFS)", "points"}};

static int measure_at(const char *kind)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(measures[i].kind, kind)) return i;
    return 0;
}

static const char *const windows[TDN_WINDOWS] = {
    "Immediate: before and after the same session", "Latest: episode start to its last measure",
    "Lasting: follow-up 4 weeks or more after the start",
    "Lasting: follow-up 6 months or more after the start"};
static const char *const window_short[TDN_WINDOWS] = {"immediate", "latest", "4 weeks+",
                                                      "6 months+"};

/* ---- the filter form ------------------------------------------------------ */

static void option(tdn_buf *b, const char *value, const char *label, const char *chosen)
{
    tdn_html(b, "<option value=\"%s\"%s>%s</option>", value,
             chosen && !strcmp(chosen, value) ? " selected" : "", label);
}

static void clinician_options(tdn_buf *b, tdn_store *st, const char *chosen)
{
    tdn_user *u = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_user_list(st, &u, &n, &err)) return;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(u[i].role, "clinician") || !strcmp(u[i].role, "admin"))
            option(b, u[i].username, u[i].display[0] ? u[i].display : u[i].username, chosen);
    free(u);
}

static void filter_form(tdn_req *req, tdn_store *st, tdn_buf *b, const tdn_report_args *a)
{
    const tdn_kb *kb = tdn_req_kb(req);
    tdn_html(b,
             "<section class=\"card\"><h2>Which sessions</h2>"
             "<form method=\"get\" action=\"/reports\" id=\"report-filters\"><div class=\"row\">"
             "<p><label for=\"rf-from\">From date</label><input id=\"rf-from\" name=\"from\" "
             "type=\"date\" value=\"%s\"></p>"
             "<p><label for=\"rf-to\">To date (included)</label><input id=\"rf-to\" name=\"to\" "
             "type=\"date\" value=\"%s\"></p>"
             "<p><label for=\"rf-condition\">Condition</label><select id=\"rf-condition\" "
             "name=\"condition\">",
             a->from ? a->from : "", a->to ? a->to : "");
    option(b, "", "Any condition", a->condition);
    for (int i = 0; i < kb->n_conditions; i++)
        option(b, kb->conditions[i].id, kb->conditions[i].name, a->condition);
    tdn_buf_put(b, "</select></p><p><label for=\"rf-muscle\">Muscle needled</label>"
                   "<select id=\"rf-muscle\" name=\"muscle\">");
    option(b, "", "Any muscle", a->muscle);
    for (int i = 0; i < kb->n_muscles; i++)
        option(b, kb->muscles[i].id, kb->muscles[i].name, a->muscle);
    tdn_buf_put(b, "</select></p><p><label for=\"rf-clinician\">Clinician</label>"
                   "<select id=\"rf-clinician\" name=\"clinician\">");
    option(b, "", "Any clinician", a->clinician);
    clinician_options(b, st, a->clinician);
    tdn_buf_put(b, "</select></p><p><label for=\"rf-protocol\">Needling</label>"
                   "<select id=\"rf-protocol\" name=\"protocol\">");
    option(b, "", "Deep or superficial", a->protocol);
    option(b, "deep", "Deep", a->protocol);
    option(b, "superficial", "Superficial", a->protocol);
    tdn_buf_put(b, "</select></p></div><p><button type=\"submit\">Show the reports</button> "
                   "<a href=\"/reports\">Clear the filters</a></p></form></section>");
}

/* "From date: ..." for "from: ...". */
static void filter_error(tdn_buf *b, const tdn_err *err)
{
    static const char *const fields[][2] = {{"from", "From date"},      {"to", "To date"},
                                            {"condition", "Condition"}, {"muscle", "Muscle"},
                                            {"clinician", "Clinician"}, {"protocol", "Needling"}};
    const char *label = "Filters";
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        size_t n = strlen(fields[i][0]);
        if (!strncmp(err->msg, fields[i][0], n) && err->msg[n] == ':') label = fields[i][1];
    }
    tdn_html(b, "<p class=\"error\" role=\"alert\" id=\"report-error\">%s: %s</p>", label,
             tdn_words_message(err->msg));
}

/* The filters as a query string for the CSV links ("" or "?from=...&..."). */
static void query_of(tdn_buf *q, const tdn_report_args *a)
{
    const char *keys[] = {"from", "to", "condition", "muscle", "clinician", "protocol"};
    const char *vals[] = {a->from, a->to, a->condition, a->muscle, a->clinician, a->protocol};
    for (int i = 0; i < 6; i++) {
        if (!vals[i] || !*vals[i]) continue;
        tdn_buf_printf(q, "%c%s=", q->len ? '&' : '?', keys[i]);
        for (const unsigned char *p = (const unsigned char *)vals[i]; *p; p++)
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                strchr("-_.", *p))
                tdn_buf_putc(q, (char)*p);
            else
                tdn_buf_printf(q, "%%%02X", *p);
    }
}

static void csv_link(tdn_buf *b, const char *report, const char *words, const tdn_buf *q)
{
    tdn_html(b,
             "<p><a class=\"button secondary\" id=\"csv-%s\" href=\"/reports/%s.csv%s\" "
             "download>Download the %s report (CSV)</a></p>",
             report, report, q->len ? tdn_buf_str((tdn_buf *)q) : "", words);
}

static void empty(tdn_buf *b, const char *what)
{
    tdn_html(b, "<p class=\"hint empty\">%s: no sessions match these filters.</p>", what);
}

/* ---- safety --------------------------------------------------------------- */

static void rate_cell(tdn_buf *b, const tdn_rate *r)
{
    tdn_html(b, "<td>%.2f %% (%.2f to %.2f)", r->percent, r->lo, r->hi);
    if (r->count == 0)
        tdn_html(b,
                 "<span class=\"bound\">at most %.2f %% (one-sided 95 %%; rule of three %.2f "
                 "%%)</span>",
                 r->upper_exact, r->upper_rule3);
    tdn_buf_put(b, "</td>");
}

static void published_cells(tdn_buf *b, const tdn_rate *r)
{
    if (!r->published) {
        tdn_buf_put(b, "<td>—</td><td>—</td>");
        return;
    }
    tdn_html(b, "<td>%.2f %%</td><td>%s</td>", r->published->percent,
             r->overlaps ? "yes" : "no: outside");
}

static void safety_row(tdn_buf *b, const char *label, const char *severity, int64_t events,
                       const tdn_rate *r, double per_1000)
{
    tdn_html(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%lld</td><td>", label, severity,
             (long long)r->count);
    if (events >= 0) tdn_html(b, "%lld", (long long)events);
    tdn_buf_put(b, "</td>");
    rate_cell(b, r);
    if (per_1000 >= 0)
        tdn_html(b, "<td>%.1f</td>", per_1000);
    else
        tdn_buf_put(b, "<td>—</td>");
    published_cells(b, r);
    tdn_buf_put(b, "</tr>");
}

/* "Pain during" for pain_during: plain words, escaped where drawn. */
static const char *code_words(char out[48], const char *code)
{
    snprintf(out, 48, "%s", code);
    for (char *p = out; *p; p++)
        if (*p == '_') *p = ' ';
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
    return out;
}

#define PLOT_ROWS 32

static void safety_plot(tdn_buf *b, const tdn_safety_report *r)
{
    tdn_whisker_row rows[PLOT_ROWS];
    char labels[PLOT_ROWS][48];
    const tdn_rate *extra[] = {&r->mild, &r->serious};
    const char *extra_words[] = {"Any mild adverse event", "Significant or serious"};
    int n = 0;
    for (int i = 0; i < 2; i++)
        rows[n++] = (tdn_whisker_row){extra_words[i],
                                      extra[i]->percent,
                                      extra[i]->lo,
                                      extra[i]->hi,
                                      extra[i]->published ? extra[i]->published->percent : -1,
                                      NULL,
                                      0};
    for (size_t i = 0; i < r->n_rows && n < PLOT_ROWS; i++) {
        const tdn_safety_row *w = &r->rows[i];
        const tdn_rate *p = &w->per_session;
        if (!p->published && p->count == 0) continue;
        char kind[48];
        snprintf(labels[n], sizeof labels[n], "%s (%s)", code_words(kind, w->kind), w->severity);
        rows[n] = (tdn_whisker_row){
            labels[n], p->percent, p->lo, p->hi, p->published ? p->published->percent : -1,
            NULL,      0};
        n++;
    }
    tdn_plot_whiskers(b, &(tdn_whisker_spec){.title = "Adverse events per 100 sessions",
                                             .unit = "%",
                                             .what = "this clinic",
                                             .ref_words = "Brady et al. 2014",
                                             .xlo = 0,
                                             .xhi = 5,
                                             .rows = rows,
                                             .n = n});
}

static void safety_section(tdn_req *req, tdn_store *st, const tdn_act *act,
                           const tdn_report_filter *f, tdn_buf *b, const tdn_buf *q)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"report-safety\"><h2>Safety</h2>");
    const tdn_kbfiles *files = tdn_req_kbfiles(req);
    tdn_safety_report r;
    tdn_err err = {0};
    if (tdn_report_safety(st, act, files ? files->files : NULL, files ? files->n : 0, f, &r,
                          &err)) {
        tdn_html(b, "<p class=\"error\">%s</p></section>", err.msg);
        return;
    }
    if (r.sessions == 0) {
        empty(b, "No safety figures");
    } else {
        tdn_html(b,
                 "<p><strong>%lld</strong> %s (sessions with at least one needle in) and "
                 "<strong>%lld</strong> %s. A row counts the sessions with at least one such "
                 "event; intervals are Wilson 95 %%.</p>",
                 (long long)r.sessions, r.sessions == 1 ? "treatment" : "treatments",
                 (long long)r.needles, r.needles == 1 ? "needle" : "needles");
        safety_plot(b, &r);
        tdn_buf_put(b, "<table id=\"safety-table\" class=\"report-table\" "
                       "tabindex=\"0\"><caption>Adverse events, this clinic beside "
                       "Brady et al. 2014</caption><thead><tr><th scope=\"col\">Adverse event"
                       "</th><th scope=\"col\">Severity</th><th scope=\"col\">Sessions</th>"
                       "<th scope=\"col\">Events</th><th scope=\"col\">Per 100 sessions (95 % "
                       "interval)</th><th scope=\"col\">Per 1,000 needles</th><th scope=\"col\">"
                       "Brady 2014</th><th scope=\"col\">Brady within our interval</th></tr>"
                       "</thead><tbody>");
        for (size_t i = 0; i < r.n_rows; i++) {
            const tdn_safety_row *w = &r.rows[i];
            char kind[48];
            safety_row(b, code_words(kind, w->kind), w->severity, w->events, &w->per_session,
                       w->per_1000_needles);
        }
        safety_row(b, "Any adverse event", "any", -1, &r.any, -1);
        safety_row(b, "Any mild adverse event", "mild", -1, &r.mild, -1);
        safety_row(b, "Significant or serious", "significant or serious", -1, &r.serious, -1);
        tdn_buf_put(b, "</tbody></table><p class=\"hint\">Published figures: Brady S, McEvoy J, "
                       "Dommerholt J, Doody C. Adverse events following trigger point dry "
                       "needling: a prospective survey of chartered physiotherapists. J Man "
                       "Manip Ther 2014;22(3):134-140 (7,629 treatments).</p>");
        csv_link(b, "safety", "safety", q);
    }
    tdn_safety_report_free(&r);
    tdn_buf_put(b, "</section>");
}

/* ---- outcomes ------------------------------------------------------------- */

/* The responder threshold in words, with what kind of figure it is. */
static void threshold_cell(tdn_buf *b, const tdn_outcome_stat *st)
{
    if (!st->point) {
        tdn_html(b, "<td class=\"words\">Change only: %s (see below)</td>",
                 st->none ? "no published threshold fits this measure as tdn pools it"
                          : "no responder threshold on file");
        return;
    }
    tdn_html(b, "<td class=\"words\">Improved by %g %s", st->point->value, st->point->unit);
    if (st->share) tdn_html(b, " and %g %% of the starting value", st->share->value);
    tdn_html(b, " (%s)</td>",
             strcmp(st->point->kind, "mdc") ? "smallest change patients find important, MCID"
                                            : "smallest change beyond measurement error, MDC");
}

static void outcome_row(tdn_buf *b, const tdn_outcome_stat *st)
{
    tdn_html(b,
             "<tr><td>%s</td><th scope=\"row\">%s</th><td>%zu %s</td><td>%.2f (%.2f to %.2f)"
             "</td>",
             window_short[st->window], measures[measure_at(st->kind)].label, st->n,
             st->window == TDN_WIN_IMMEDIATE ? "sessions" : "episodes", st->median, st->q1, st->q3);
    if (st->judged)
        tdn_html(b, "<td>%lld = %.1f %% (%.1f to %.1f)</td>", (long long)st->responders,
                 st->percent, st->lo, st->hi);
    else
        tdn_buf_put(b, "<td>—</td>");
    threshold_cell(b, st);
    tdn_buf_put(b, "</tr>");
}

static void outcomes_plot(tdn_buf *b, const tdn_outcome_report *r)
{
    tdn_whisker_row rows[TDN_WINDOWS * TDN_OUTCOME_KINDS];
    char labels[TDN_WINDOWS * TDN_OUTCOME_KINDS][96];
    int n = 0;
    for (int i = 0; i < r->n; i++) {
        const tdn_outcome_stat *st = &r->stats[i];
        if (!st->judged) continue;
        snprintf(labels[n], sizeof labels[n], "%s, %s (n = %zu)",
                 measures[measure_at(st->kind)].label, window_short[st->window], st->n);
        rows[n] = (tdn_whisker_row){labels[n], st->percent, st->lo, st->hi, -1, NULL, 0};
        n++;
    }
    if (n == 0) return;
    tdn_plot_whiskers(b, &(tdn_whisker_spec){.title = "Responders per measure",
                                             .unit = "% responders",
                                             .what = "responders",
                                             .xlo = 0,
                                             .xhi = 100,
                                             .rows = rows,
                                             .n = n});
}

static void outcome_sources(tdn_buf *b, const tdn_outcome_report *r, const tdn_thresholds *th)
{
    tdn_buf_put(b, "<h3>Thresholds and their sources</h3><ul class=\"sources\">");
    for (int i = 0; i < th->n; i++) {
        const tdn_threshold *t = &th->items[i];
        const char *label = measures[measure_at(t->measure)].label;
        if (!strcmp(t->kind, "change_only"))
            tdn_html(b, "<li>%s: change only. %s</li>", label, t->source);
        else
            tdn_html(b, "<li>%s: %g %s (%s). %s</li>", label, t->value, t->unit, t->kind,
                     t->source);
    }
    for (int k = 0; k < 4; k++) {
        bool listed = tdn_threshold_find(th, measures[k].kind, "mcid") ||
                      tdn_threshold_find(th, measures[k].kind, "mdc") ||
                      tdn_threshold_find(th, measures[k].kind, "change_only");
        bool seen = false;
        for (int i = 0; i < r->n; i++)
            seen |= !strcmp(r->stats[i].kind, measures[k].kind);
        if (!listed && seen)
            tdn_html(b,
                     "<li>%s: change only. No responder threshold is on file "
                     "(data/outcome_thresholds.tsv).</li>",
                     measures[k].label);
    }
    tdn_buf_put(b, "</ul>");
}

static void outcomes_section(tdn_req *req, tdn_store *st, const tdn_act *act,
                             const tdn_report_filter *f, tdn_buf *b, const tdn_buf *q)
{
    tdn_buf_put(b, "<section class=\"card\" id=\"report-outcomes\"><h2>Outcomes</h2>");
    const tdn_kbfiles *files = tdn_req_kbfiles(req);
    tdn_outcome_report *r = calloc(1, sizeof *r);
    tdn_thresholds *th = calloc(1, sizeof *th);
    tdn_err err = {0};
    if (!r || !th)
        tdn_err_set(&err, TDN_ESYS, "report: out of memory");
    else
        tdn_report_outcomes(st, act, files ? files->files : NULL, files ? files->n : 0, f, r, th,
                            &err);
    if (err.status) {
        tdn_html(b, "<p class=\"error\">%s</p>", err.msg);
    } else if (r->episodes == 0) {
        empty(b, "No outcomes");
    } else {
        tdn_html(b,
                 "<p><strong>%lld</strong> %s with a matching treatment. Change is the end "
                 "value minus the starting one: for pain a fall is better, for the others a "
                 "rise. Responder intervals are Wilson 95 %%; change is the median (interquartile "
                 "range).</p>",
                 (long long)r->episodes, r->episodes == 1 ? "episode" : "episodes");
        outcomes_plot(b, r);
        tdn_buf_put(b, "<table id=\"outcomes-table\" class=\"report-table\" "
                       "tabindex=\"0\"><caption>Change and responders by time "
                       "window</caption><thead><tr><th scope=\"col\">Window</th><th scope="
                       "\"col\">Measure</th><th scope=\"col\">Counted</th><th scope=\"col\">"
                       "Median change (IQR)</th><th scope=\"col\">Responders (95 % interval)"
                       "</th><th scope=\"col\">Responder means</th></tr></thead><tbody>");
        for (int i = 0; i < r->n; i++)
            outcome_row(b, &r->stats[i]);
        tdn_buf_put(b, "</tbody></table><p class=\"hint\">Windows: ");
        for (int w = 0; w < TDN_WINDOWS; w++)
            tdn_html(b, "%s%s", w ? "; " : "", windows[w]);
        tdn_buf_put(b, ".</p>");
        outcome_sources(b, r, th);
        csv_link(b, "outcomes", "outcome", q);
    }
    free(r);
    free(th);
    tdn_buf_put(b, "</section>");
}

/* ---- split-body ----------------------------------------------------------- */

static void split_plot(tdn_buf *b, const tdn_split_stat *st)
{
    int k = measure_at(st->kind);
    char title[96], label[96];
    snprintf(title, sizeof title, "%s: treated side's change minus the other side's",
             measures[k].label);
    snprintf(label, sizeof label, "%zu patient%s, mean and each patient", st->patients,
             tdn_plural(st->patients));
    tdn_whisker_row row = {label, st->mean, st->lo, st->hi, -1, st->diffs, st->n_diffs};
    tdn_plot_whiskers(b, &(tdn_whisker_spec){.title = title,
                                             .unit = measures[k].unit,
                                             .what = "mean difference",
                                             .xlo = 0,
                                             .xhi = 1,
                                             .zero_line = true,
                                             .rows = &row,
                                             .n = 1});
}

static void split_section(tdn_store *st, const tdn_act *act, const tdn_report_filter *f, tdn_buf *b,
                          const tdn_buf *q)
{
    tdn_html(b,
             "<section class=\"card\" id=\"report-split\"><h2>Split-body comparisons</h2>"
             "<p>Sessions that needled one side only and measured the same site on both sides "
             "before and after. Per patient: the treated side's change minus the untreated "
             "side's. This is %s; a measure is listed from %d patients.</p>",
             TDN_SPLIT_DESIGN, TDN_SPLIT_MIN);
    tdn_split_report *r = calloc(1, sizeof *r);
    tdn_err err = {0};
    if (!r) tdn_err_set(&err, TDN_ESYS, "report: out of memory");
    if (r && tdn_report_split(st, act, f, r, &err)) r->n = 0;
    if (err.status) {
        tdn_html(b, "<p class=\"error\">%s</p>", err.msg);
    } else if (r->n == 0) {
        empty(b, "No split-body comparisons");
    } else {
        tdn_buf_put(b, "<div class=\"grid2\">");
        for (int i = 0; i < r->n; i++)
            if (r->stats[i].listed) split_plot(b, &r->stats[i]);
        tdn_buf_put(b, "</div><table id=\"split-table\" class=\"report-table\" "
                       "tabindex=\"0\"><caption>Split-body differences"
                       "</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">"
                       "Patients</th><th scope=\"col\">Mean difference (95 % interval)</th>"
                       "<th scope=\"col\">Wilcoxon p</th></tr></thead><tbody>");
        for (int i = 0; i < r->n; i++) {
            const tdn_split_stat *s = &r->stats[i];
            int k = measure_at(s->kind);
            tdn_html(b, "<tr><th scope=\"row\">%s</th><td>%zu</td>", measures[k].label,
                     s->patients);
            if (s->listed)
                tdn_html(b, "<td>%.2f %s (%.2f to %.2f)</td><td>%.4f</td></tr>", s->mean,
                         measures[k].unit, s->lo, s->hi, s->p);
            else
                tdn_html(b, "<td colspan=\"2\">Fewer than %d patients: not listed</td></tr>",
                         TDN_SPLIT_MIN);
        }
        tdn_buf_put(b, "</tbody></table>");
        csv_link(b, "split-body", "split-body", q);
    }
    free(r);
    tdn_buf_put(b, "</section>");
}

void tdn_page_reports(tdn_req *req, tdn_resp *resp)
{
    tdn_report_args a;
    tdn_report_filter f;
    tdn_store *st = NULL;
    tdn_act act;
    tdn_err err = {0};
    int rc = tdn_reports_start(req, &a, &f, &st, &act, &err);
    if (!st) {
        tdn_page_error(req, resp, &err);
        return;
    }
    tdn_page_begin(req, resp, "Reports", "reports");
    tdn_buf *b = &resp->body;
    tdn_buf_put(b, "<p class=\"hint\">This clinic's own record as evidence: adverse-event rates "
                   "beside the published survey, outcomes with responders, and split-body "
                   "comparisons. Figures only: no patient is named.</p>");
    filter_form(req, st, b, &a);
    if (rc) {
        resp->status = 400;
        filter_error(b, &err);
    } else {
        tdn_buf q = {0};
        query_of(&q, &a);
        safety_section(req, st, &act, &f, b, &q);
        outcomes_section(req, st, &act, &f, b, &q);
        split_section(st, &act, &f, b, &q);
        tdn_buf_free(&q);
    }
    tdn_page_end(req, resp);
}
