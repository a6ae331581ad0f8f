/* report.c — report filters and the safety report's JSON, text and CSV
 * (app/report.h). */
#include "app/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/record.h"

static bool given(const char *s)
{
    return s && *s;
}

/* Local midnight starting date text (YYYY-MM-DD), or of the day after it. */
static int local_day(const char *field, const char *text, bool after, int64_t *out, tdn_err *err)
{
    int64_t utc = 0;
    if (tdn_date_check(field, text, INT64_C(253402300799), NULL, &utc, err)) return err->status;
    time_t t = (time_t)utc;
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    if (after) tm.tm_mday++;
    *out = (int64_t)mktime(&tm);
    return TDN_OK;
}

static int check_kb(const tdn_kb *kb, const tdn_report_args *a, tdn_report_filter *f, tdn_err *err)
{
    if (given(a->condition)) {
        int c = tdn_kb_condition_find(kb, a->condition);
        if (c < 0)
            return tdn_err_set(err, TDN_EINPUT,
                               "condition: unknown condition '%s' (did you mean '%s'?)",
                               a->condition, tdn_kb_condition_closest(kb, a->condition));
        f->condition = kb->conditions[c].id;
    }
    if (given(a->muscle)) {
        int m = tdn_kb_muscle_find(kb, a->muscle);
        if (m < 0)
            return tdn_err_set(err, TDN_EINPUT, "muscle: unknown muscle '%s' (did you mean '%s'?)",
                               a->muscle, tdn_kb_muscle_closest(kb, a->muscle));
        f->muscle = kb->muscles[m].id;
    }
    return TDN_OK;
}

int tdn_report_filter_make(tdn_store *s, const tdn_kb *kb, const tdn_report_args *a,
                           tdn_report_filter *f, tdn_err *err)
{
    *f = (tdn_report_filter){.from = -1, .to = -1};
    if (given(a->from) && local_day("from", a->from, false, &f->from, err)) return err->status;
    if (given(a->to) && local_day("to", a->to, true, &f->to, err)) return err->status;
    if (f->from >= 0 && f->to >= 0 && f->to <= f->from)
        return tdn_err_set(err, TDN_EINPUT, "to: %s is before from (%s)", a->to, a->from);
    if (check_kb(kb, a, f, err)) return err->status;
    if (given(a->protocol)) {
        if (strcmp(a->protocol, "deep") != 0 && strcmp(a->protocol, "superficial") != 0)
            return tdn_err_set(err, TDN_EINPUT, "protocol: '%s' must be deep or superficial",
                               a->protocol);
        f->protocol = a->protocol;
    }
    if (given(a->clinician)) {
        tdn_user u;
        if (tdn_store_user_get(s, a->clinician, &u, err) || strcmp(u.role, "patient") == 0)
            return tdn_err_set(err, TDN_EINPUT, "clinician: no clinician '%s'", a->clinician);
        f->clinician = a->clinician;
    }
    return TDN_OK;
}

int tdn_report_safety(tdn_store *s, const tdn_act *act, const tdn_text_file *files, size_t n,
                      const tdn_report_filter *f, tdn_safety_report *out, tdn_err *err)
{
    memset(out, 0, sizeof *out);
    tdn_published_rates *pub = calloc(1, sizeof *pub);
    if (!pub) return tdn_err_set(err, TDN_ESYS, "report: out of memory");
    tdn_safety_counts c = {0};
    int rc = tdn_published_load(pub, files, n, err);
    if (!rc) rc = tdn_store_report_safety(s, act, f, &c, err);
    if (!rc) rc = tdn_safety_report_make(&c, pub, out, err);
    tdn_safety_counts_free(&c);
    /* rows point at the published rates: keep them with the report */
    if (rc)
        free(pub);
    else
        out->published = pub;
    return rc;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *num(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *ci_json(const tdn_rate *r)
{
    return json_pack("[f,f]", r->lo, r->hi);
}

static json_t *published_json(const tdn_rate *r)
{
    const tdn_published *p = r->published;
    if (!p) return json_null();
    return json_pack("{s:f,s:o,s:s,s:b}", "percent", p->percent, "upper95", num(p->upper95),
                     "source", p->source, "ci95_holds_it", r->overlaps);
}

static json_t *rate_json(const tdn_rate *r)
{
    return json_pack("{s:I,s:f,s:o,s:o,s:o,s:o}", "count", (json_int_t)r->count, "percent",
                     r->percent, "ci95", ci_json(r), "upper95_exact", num(r->upper_exact),
                     "upper95_rule_of_three", num(r->upper_rule3), "published", published_json(r));
}

static json_t *row_json(const tdn_safety_row *w)
{
    json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:f,s:o,s:o,s:o}", "kind", w->kind, "severity",
                          w->severity, "count", (json_int_t)w->per_session.count, "events",
                          (json_int_t)w->events, "per_100_sessions", w->per_session.percent, "ci95",
                          ci_json(&w->per_session), "per_1000_needles", num(w->per_1000_needles),
                          "published", published_json(&w->per_session));
    json_object_set_new(o, "ci95_per_1000_needles",
                        w->needle_lo < 0 ? json_null()
                                         : json_pack("[f,f]", w->needle_lo, w->needle_hi));
    json_object_set_new(o, "upper95_exact", num(w->per_session.upper_exact));
    json_object_set_new(o, "upper95_rule_of_three", num(w->per_session.upper_rule3));
    return o;
}

json_t *tdn_safety_json(const tdn_safety_report *r)
{
    if (r->sessions == 0)
        return json_pack("{s:i,s:i,s:[],s:n,s:n,s:s}", "sessions", 0, "needles", 0, "events",
                         "any_adverse_event", "significant_or_serious", "message",
                         TDN_REPORT_EMPTY);
    json_t *events = json_array();
    for (size_t i = 0; i < r->n_rows; i++)
        json_array_append_new(events, row_json(&r->rows[i]));
    json_t *serious = rate_json(&r->serious);
    return json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:s}", "sessions", (json_int_t)r->sessions,
                     "needles", (json_int_t)r->needles, "events", events, "any_adverse_event",
                     rate_json(&r->any), "any_mild_adverse_event", rate_json(&r->mild),
                     "significant_or_serious", serious, "denominator",
                     "treatments: sessions with at least one needle inserted");
}

/* ---- text and CSV -------------------------------------------------------- */

static const char *words(const char *code)
{
    if (!strcmp(code, "pain_during")) return "pain during needling";
    if (!strcmp(code, "pain_after")) return "pain after needling";
    if (!strcmp(code, "needle_breakage")) return "needle breakage";
    if (!strcmp(code, "nerve_injury")) return "nerve injury";
    return code;
}

static void published_text(tdn_buf *b, const tdn_rate *r)
{
    if (!r->published) {
        tdn_buf_put(b, "-");
        return;
    }
    tdn_buf_printf(b, "%.2f %% (%s)", r->published->percent, r->overlaps ? "in CI" : "outside CI");
}

static void rate_text(tdn_buf *b, const char *label, const tdn_rate *r, int64_t n)
{
    tdn_buf_printf(b, "%s: %lld of %lld = %.2f %% [95 %% CI %.2f, %.2f]", label,
                   (long long)r->count, (long long)n, r->percent, r->lo, r->hi);
    if (r->count == 0)
        tdn_buf_printf(b, "; one-sided 95 %% upper bound %.3f %% exact, %.3f %% rule of three",
                       r->upper_exact, r->upper_rule3);
    if (r->published) {
        tdn_buf_put(b, "; published ");
        published_text(b, r);
        if (r->published->upper95 >= 0)
            tdn_buf_printf(b, ", upper bound %.2f %%", r->published->upper95);
    }
    tdn_buf_put(b, "\n");
}

void tdn_safety_text(tdn_buf *b, const tdn_safety_report *r)
{
    if (r->sessions == 0) {
        tdn_buf_put(b, TDN_REPORT_EMPTY "\n");
        return;
    }
    tdn_buf_printf(b,
                   "Safety report: %lld treatment%s (sessions with a needle inserted), %lld "
                   "needle%s\n\n%-22s %-11s %8s %6s  %-24s %-10s %s\n",
                   (long long)r->sessions, tdn_plural(r->sessions), (long long)r->needles,
                   tdn_plural(r->needles), "Adverse event", "Severity", "Sessions", "Events",
                   "Per 100 sessions [95% CI]", "Per 1,000 n", "Published (Brady 2014)");
    for (size_t i = 0; i < r->n_rows; i++) {
        const tdn_safety_row *w = &r->rows[i];
        char rate[48], needles[16] = "-";
        snprintf(rate, sizeof rate, "%.2f [%.2f, %.2f]", w->per_session.percent, w->per_session.lo,
                 w->per_session.hi);
        if (w->per_1000_needles >= 0)
            snprintf(needles, sizeof needles, "%.1f", w->per_1000_needles);
        tdn_buf_printf(b, "%-22s %-11s %8lld %6lld  %-24s %-10s ", words(w->kind), w->severity,
                       (long long)w->per_session.count, (long long)w->events, rate, needles);
        published_text(b, &w->per_session);
        tdn_buf_put(b, "\n");
    }
    tdn_buf_put(b, "\n");
    rate_text(b, "Any adverse event", &r->any, r->sessions);
    rate_text(b, "Any mild adverse event", &r->mild, r->sessions);
    rate_text(b, "Significant or serious", &r->serious, r->sessions);
    tdn_buf_put(b, "Intervals: Wilson score 95 %. Published: Brady S et al., J Man Manip Ther "
                   "2014;22(3):134-140 (7,629 treatments).\n");
}

static void csv_rate(tdn_buf *b, const tdn_rate *r)
{
    tdn_buf_printf(b, "%lld,%.4f,%.4f,%.4f,", (long long)r->count, r->percent, r->lo, r->hi);
    if (r->count == 0)
        tdn_buf_printf(b, "%.4f,%.4f,", r->upper_exact, r->upper_rule3);
    else
        tdn_buf_put(b, ",,");
    if (r->published)
        tdn_buf_printf(b, "%.2f,%s\n", r->published->percent, r->overlaps ? "yes" : "no");
    else
        tdn_buf_put(b, ",\n");
}

void tdn_safety_csv(tdn_buf *b, const tdn_safety_report *r)
{
    if (r->sessions == 0) {
        tdn_buf_put(b, "message\n" TDN_REPORT_EMPTY "\n");
        return;
    }
    tdn_buf_printf(b, "kind,severity,events,per_1000_needles,sessions_with,per_100_sessions,"
                      "ci95_lo,ci95_hi,upper95_exact,upper95_rule_of_three,published_percent,"
                      "published_in_ci95\n");
    for (size_t i = 0; i < r->n_rows; i++) {
        const tdn_safety_row *w = &r->rows[i];
        tdn_buf_printf(b, "%s,%s,%lld,", w->kind, w->severity, (long long)w->events);
        if (w->per_1000_needles >= 0) tdn_buf_printf(b, "%.4f", w->per_1000_needles);
        tdn_buf_put(b, ",");
        csv_rate(b, &w->per_session);
    }
    tdn_buf_printf(b, "any,any,,,");
    csv_rate(b, &r->any);
    tdn_buf_printf(b, "any,mild,,,");
    csv_rate(b, &r->mild);
    tdn_buf_printf(b, "any,significant_or_serious,,,");
    csv_rate(b, &r->serious);
    tdn_buf_printf(b, "total,sessions,%lld,needles,%lld,,,,,,,\n", (long long)r->sessions,
                   (long long)r->needles);
}
