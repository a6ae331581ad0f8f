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
#include "core/outcome.h"
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

/* ---- outcomes (report_outcome.c) -----------------------------------------
 * Windows reported apart: immediate (first pre -> last post of the same
 * session, one unit per session), latest (an episode's first pre -> its last
 * post or follow-up), and lasting: the last follow-up at least 4 weeks (28
 * days) or 6 months (182 days) after the first pre (one unit per episode).
 * A unit's value per measure is the mean over its sites (and sides, motions)
 * measured at both ends, so PSFS is judged on the average score. */
enum { TDN_WIN_IMMEDIATE, TDN_WIN_LATEST, TDN_WIN_4W, TDN_WIN_6M, TDN_WINDOWS };
#define TDN_WIN_4W_SECONDS (28 * 86400)
#define TDN_WIN_6M_SECONDS (182 * 86400)
#define TDN_OUTCOME_KINDS 4 /* nprs, ppt, rom, psfs */

typedef struct tdn_outcome_pair {
    int64_t unit; /* session (immediate) or episode id */
    char kind[8];
    double baseline, latest;
} tdn_outcome_pair;

typedef struct tdn_outcome_counts {
    int64_t episodes;                     /* episodes with a matching treatment */
    tdn_outcome_pair *pairs[TDN_WINDOWS]; /* malloc'd, by unit then kind */
    size_t n[TDN_WINDOWS];
} tdn_outcome_counts;
void tdn_outcome_counts_free(tdn_outcome_counts *c);

typedef struct tdn_outcome_stat {
    int window; /* TDN_WIN_* */
    char kind[8];
    size_t n;                   /* units with a baseline and an end value; 0 = none */
    double median, q1, q3;      /* change, end - baseline, in the measure's unit */
    bool judged;                /* a published threshold exists for the measure */
    int64_t responders;         /* units whose improvement reaches the threshold */
    double percent, lo, hi;     /* responders in percent with the Wilson 95 % CI */
    const tdn_threshold *point; /* mcid, else mdc (NULL: change only) */
    const tdn_threshold *share; /* mcid_percent (NPRS's 30 %), or NULL */
    const tdn_threshold *none;  /* change_only: why no threshold applies, or NULL */
} tdn_outcome_stat;

typedef struct tdn_outcome_report {
    int64_t episodes;
    tdn_outcome_stat stats[TDN_WINDOWS * TDN_OUTCOME_KINDS]; /* window by window, kinds in order */
    int n;
} tdn_outcome_report;

/* The window's name: "immediate", "latest", "followup_4w", "followup_6m". */
const char *tdn_window_name(int window);
/* Builds the outcome report from the store's pairs and the thresholds (a
 * stat is made for each window and measure with at least one unit). For NPRS
 * a lower score is better and a responder improves by at least the mcid
 * points and, when given, the mcid_percent of its baseline; for the others a
 * higher value is better and the mcid (else the mdc) applies. */
int tdn_outcome_report_make(const tdn_outcome_counts *c, const tdn_thresholds *th,
                            tdn_outcome_report *out, tdn_err *err);

/* ---- split-body comparisons (report_outcome.c) ---------------------------
 * Seed 002's within-patient design: a session that needled one side only (L
 * or R) and measured the same measure at the same site (and motion) on both
 * sides before and after. Per patient and measure, the mean over such
 * sessions and sites of (treated side's change - untreated side's change).
 * Across patients: the mean difference with its t 95 % CI and the Wilcoxon
 * signed-rank p-value, listed only with TDN_SPLIT_MIN patients or more. This
 * is observational, not randomised. */
#define TDN_SPLIT_MIN 5
#define TDN_SPLIT_DESIGN "observational, not randomised"

typedef struct tdn_split_value {
    char kind[8];
    double diff; /* one patient's mean difference, in the measure's unit */
} tdn_split_value;

typedef struct tdn_split_stat {
    char kind[8];
    size_t patients;
    bool listed;         /* patients >= TDN_SPLIT_MIN */
    double mean, lo, hi; /* when listed */
    double p;            /* Wilcoxon, when listed; 1 when every difference is zero */
    double diffs[64];    /* the first 64 patients' differences, for plots */
    size_t n_diffs;
} tdn_split_stat;

typedef struct tdn_split_report {
    tdn_split_stat stats[TDN_OUTCOME_KINDS];
    int n; /* measures with at least one patient */
} tdn_split_report;

/* values: per patient and measure, grouped by kind (the store's order). */
int tdn_split_report_make(const tdn_split_value *values, size_t n, tdn_split_report *out,
                          tdn_err *err);

#endif
