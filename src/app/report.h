/* report.h — the practice-based evidence reports (issue 11) as the CLI and
 * the web app give them: the filters as typed (dates YYYY-MM-DD on the
 * clinic's clock, condition and muscle ids checked against the knowledge
 * base, the clinician against the users, protocol deep|superficial), and
 * each report as JSON (the contract: keys may be added, never
 * renamed), a plain-text table and CSV. Errors name the field as the web
 * does ("from: ..."); the CLI adds the dashes. */
#ifndef TDN_APP_REPORT_H
#define TDN_APP_REPORT_H

#include <jansson.h>

#include "core/buf.h"
#include "core/kb.h"
#include "core/report.h"
#include "store/store.h"

#define TDN_REPORT_EMPTY "no sessions match"

/* The filters as given (NULL or "" = not given). */
typedef struct tdn_report_args {
    const char *from, *to, *condition, *muscle, *clinician, *protocol;
} tdn_report_args;

/* Checks a and fills f (whose strings point into a or kb). Dates use the
 * process's local time zone (the clinic's, app/localtime.h); to is
 * inclusive. A reversed range, an unknown condition, muscle, clinician or
 * protocol is TDN_EINPUT naming the field. */
int tdn_report_filter_make(tdn_store *s, const tdn_kb *kb, const tdn_report_args *a,
                           tdn_report_filter *f, tdn_err *err);

/* The safety report: counts from the store, made with the published rates of
 * files (data/published_rates.tsv). When no session matches, out->sessions
 * is 0 and the JSON, text and CSV say "no sessions match". */
int tdn_report_safety(tdn_store *s, const tdn_act *act, const tdn_text_file *files, size_t n,
                      const tdn_report_filter *f, tdn_safety_report *out, tdn_err *err);
json_t *tdn_safety_json(const tdn_safety_report *r);
void tdn_safety_text(tdn_buf *b, const tdn_safety_report *r);
void tdn_safety_csv(tdn_buf *b, const tdn_safety_report *r);

/* The outcome report with the thresholds of files
 * (data/outcome_thresholds.tsv). No episode matching: out->episodes 0 and
 * the outputs say "no sessions match". */
int tdn_report_outcomes(tdn_store *s, const tdn_act *act, const tdn_text_file *files, size_t n,
                        const tdn_report_filter *f, tdn_outcome_report *out, tdn_thresholds *th,
                        tdn_err *err);
json_t *tdn_outcomes_json(const tdn_outcome_report *r);
void tdn_outcomes_text(tdn_buf *b, const tdn_outcome_report *r);
void tdn_outcomes_csv(tdn_buf *b, const tdn_outcome_report *r);

/* The split-body report over the treatments f picks. */
int tdn_report_split(tdn_store *s, const tdn_act *act, const tdn_report_filter *f,
                     tdn_split_report *out, tdn_err *err);
json_t *tdn_split_json(const tdn_split_report *r);
void tdn_split_text(tdn_buf *b, const tdn_split_report *r);
/* One row per measure (a measure with fewer than TDN_SPLIT_MIN patients has
 * its count and no figures); "no sessions match" when none. */
void tdn_split_csv(tdn_buf *b, const tdn_split_report *r);

#endif
