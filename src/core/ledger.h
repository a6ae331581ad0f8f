/* ledger.h — the needle ledger of one session: every needle counted in and
 * out. A needle is a record (muscle, side, technique, size, times, LTRs,
 * e-stim) in one of three states: in, out (withdrawn) or broken (documented
 * with an adverse event and an incident note). The invariant, checked by
 * tdn_ledger_count, is inserted = withdrawn + broken + still in; a session may
 * not close (or be aborted) while any needle is still in (rule
 * ledger.close_all_out). Pure: no allocation, no I/O, no clock. */
#ifndef TDN_LEDGER_H
#define TDN_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/kb.h"

enum tdn_technique { TDN_TECH_DEEP = 1, TDN_TECH_SUPERFICIAL = 2 };
enum tdn_needle_state { TDN_NEEDLE_IN = 1, TDN_NEEDLE_OUT = 2, TDN_NEEDLE_BROKEN = 3 };

/* Electrical stimulation through a needle (recorded once; a later record replaces it). */
typedef struct tdn_estim {
    bool used;
    double freq_hz;
    int pulse_us;
    int duration_s;
    char intensity[64]; /* the patient's tolerance, in words ("strong but comfortable") */
    int64_t started_at;
} tdn_estim;

typedef struct tdn_needle {
    int number; /* 1-based, in order of first insertion */
    char muscle[TDN_ID_MAX];
    char side; /* 'L' or 'R' */
    int technique;
    bool guide_tube;
    char palpation[8]; /* "pincer", "flat" or "" (not recorded) */
    double gauge_mm;   /* needle diameter in mm, 0 = not recorded */
    int length_mm;     /* 0 = not recorded */
    int ltr_count;
    int redirections;
    int rounds;          /* times inserted: 1 + reinsertions (superficial rounds) */
    int64_t inserted_at; /* first insertion */
    int64_t round_at;    /* start of the current (or last) round */
    int64_t withdrawn_at;
    int64_t dwell_s; /* seconds in situ over finished rounds */
    int state;       /* enum tdn_needle_state */
    tdn_estim estim;
} tdn_needle;

typedef struct tdn_ledger {
    int inserted; /* needles ever inserted in the session */
    int withdrawn;
    int broken;
    int in;
} tdn_ledger;

/* Counts needles[0..n) by state. */
tdn_ledger tdn_ledger_count(const tdn_needle *needles, int n);
/* True when inserted = withdrawn + broken + in (the ledger invariant). */
bool tdn_ledger_balanced(const tdn_ledger *l);
/* Checks that no needle is in before `action` ("close", "abort"). Returns
 * TDN_OK, or TDN_EINPUT with a message listing every needle still in: number,
 * muscle, side and time in (the clinic's clock in zone, NULL = UTC,
 * with minutes elapsed at now). Rule ledger.close_all_out. */
int tdn_ledger_check_all_out(const tdn_needle *needles, int n, const char *action, int64_t now,
                             const tdn_tz *zone, tdn_err *err);

const char *tdn_technique_name(int technique);
/* TDN_TECH_* for "deep" / "superficial", or 0. */
int tdn_technique_parse(const char *s);
const char *tdn_needle_state_name(int state);

#endif
