/* report.h — the clinic's safety report (issue 11), pure: from the counts the
 * store aggregates (sessions, needles, adverse events by kind and severity)
 * to rates per 100 sessions and per 1,000 needles with Wilson 95 % intervals,
 * one-sided upper bounds where a count is zero, and, beside each row, the
 * published figure of data/published_rates.tsv (Brady et al. 2014) and
 * whether the clinic's interval holds it. Percentages are in percent, every
 * figure finite and every interval inside [0, 100]. A "session" here is a
 * treatment: a session in which at least one needle went in; a row's count
 * is the number of such sessions with at least one event of that kind and
 * severity (so it is a proportion of sessions), its events the total. */
#ifndef TDN_REPORT_H
#define TDN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/stats.h"
#include "core/tsv.h"

#define TDN_PUBLISHED_FILE "published_rates.tsv"
#define TDN_PUBLISHED_MAX 32

typedef struct tdn_published {
    char kind[24];     /* an adverse event kind, or "any" */
    char severity[12]; /* mild, moderate, significant, serious */
    double percent;    /* per 100 treatments */
    double upper95;    /* published 95 % upper bound in percent, -1 = none given */
    int64_t treatments;
    char source[512];
} tdn_published;

typedef struct tdn_published_rates {
    tdn_published items[TDN_PUBLISHED_MAX];
    int n;
} tdn_published_rates;

/* Loads TDN_PUBLISHED_FILE from files[0..n) (missing file: no rates). A bad
 * row is TDN_EINPUT "file:line: field: problem" and out is left empty. */
int tdn_published_load(tdn_published_rates *out, const tdn_text_file *files, size_t n,
                       tdn_err *err);
const tdn_published *tdn_published_find(const tdn_published_rates *p, const char *kind,
                                        const char *severity);

/* What the store counts (sqlite_report.c fills it). */
typedef struct tdn_ae_count {
    char kind[24], severity[12];
    int64_t sessions; /* treatments with at least one such event */
    int64_t events;   /* such events in all */
} tdn_ae_count;

typedef struct tdn_safety_counts {
    int64_t sessions, needles;
    int64_t sessions_any;     /* treatments with any adverse event */
    int64_t sessions_mild;    /* treatments with a mild adverse event */
    int64_t sessions_serious; /* treatments with a significant or serious one */
    tdn_ae_count *rows;       /* malloc'd, by kind then severity */
    size_t n_rows;
} tdn_safety_counts;
void tdn_safety_counts_free(tdn_safety_counts *c);

/* A proportion of treatments with its interval, in percent. */
typedef struct tdn_rate {
    int64_t count;
    double percent, lo, hi;         /* Wilson 95 % */
    double upper_exact;             /* count 0: exact one-sided 95 % upper bound; else -1 */
    double upper_rule3;             /* count 0: rule of three; else -1 */
    const tdn_published *published; /* NULL when none */
    bool overlaps; /* the published percent lies in [lo, hi] (or under the bound) */
} tdn_rate;

typedef struct tdn_safety_row {
    char kind[24], severity[12];
    int64_t events;
    tdn_rate per_session;        /* per 100 treatments */
    double per_1000_needles;     /* events per 1,000 needles; -1 when no needles */
    double needle_lo, needle_hi; /* Wilson 95 % per 1,000 needles; -1 when not a proportion */
} tdn_safety_row;

typedef struct tdn_safety_report {
    int64_t sessions, needles;
    tdn_safety_row *rows; /* malloc'd: each counted row, then each published kind not seen */
    size_t n_rows;
    tdn_rate any;                   /* treatments with any adverse event */
    tdn_rate mild;                  /* treatments with a mild one (Brady's 19.18 %) */
    tdn_rate serious;               /* significant or serious */
    tdn_published_rates *published; /* malloc'd by the caller that loaded the rates the rows
                                       point at, or NULL; freed with the report */
} tdn_safety_report;

/* Builds the report from counts (allocates rows; free with
 * tdn_safety_report_free; out->published is left NULL). counts->sessions 0 is TDN_EINPUT "no
 * sessions match". */
int tdn_safety_report_make(const tdn_safety_counts *counts, const tdn_published_rates *pub,
                           tdn_safety_report *out, tdn_err *err);
void tdn_safety_report_free(tdn_safety_report *r);

#endif
