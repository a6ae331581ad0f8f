/* protocol.h — the needling session as a state machine (DESIGN §7):
 *   open → screened → needling ⇄ needles_out → closed, or → aborted.
 * Events (insert, ltr, redirect, withdraw, reinsert, estim, broken, ae,
 * close, abort) carry the caller's time in unix seconds; core never reads a
 * clock or sleeps. Every event either succeeds, or returns TDN_EINPUT with a
 * message naming the field and leaves the session byte-for-byte unchanged.
 * Timers are data: tdn_protocol_due lists what is due at a given time.
 * Clinical limits come from data/protocol.tsv (ids protocol.*, safety.*).
 * A tdn_needling is a plain value (no pointers): copy it, compare it, free
 * nothing. Rebuilding one from storage means filling the fields. */
#ifndef TDN_PROTOCOL_H
#define TDN_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/body.h"
#include "core/err.h"
#include "core/kb.h"
#include "core/ledger.h"
#include "core/tsv.h"

#define TDN_SESSION_MAX_NEEDLES 64
#define TDN_SESSION_MAX_OVERRIDES 16
#define TDN_SESSION_MAX_AES 16
#define TDN_SESSION_MAX_BLOCKED 192        /* regions a screening blocks (two whole limbs fit) */
#define TDN_SESSION_MAX_PLANNED 32         /* regions a screening assessed */
#define TDN_SESSION_MAX_BLOCKED_MUSCLES 64 /* muscles a screening blocks */
#define TDN_REASON_MAX 256

enum tdn_session_state {
    TDN_SESSION_OPEN = 1,
    TDN_SESSION_SCREENED,
    TDN_SESSION_NEEDLING,
    TDN_SESSION_NEEDLES_OUT,
    TDN_SESSION_CLOSED,
    TDN_SESSION_ABORTED,
};

enum tdn_screen_decision { TDN_DECISION_GO = 1, TDN_DECISION_CAUTION, TDN_DECISION_NO_GO };

/* Clinical limits, loaded from data/protocol.tsv. */
typedef struct tdn_protocol_rules {
    int deep_dwell_max_s;     /* protocol.deep_dwell_max */
    int superficial_first_s;  /* protocol.superficial_first */
    int superficial_second_s; /* protocol.superficial_second */
    int screening_valid_days; /* protocol.screening_valid_days */
    bool bilateral_lung;      /* safety.bilateral_lung: refuse both sides of the thorax */
} tdn_protocol_rules;

/* Loads "protocol.tsv" from files[0..n) (columns id, value, unit, description,
 * source). Every rule id must appear exactly once with its unit: limits in s
 * or d, and the always-enforced rules (unit "rule", value 1: safety.*,
 * protocol.screening, protocol.blocked_region, protocol.blocked_muscle,
 * protocol.unplanned_region,
 * protocol.superficial_no_ltr, ledger.close_all_out, ledger.broken_needs_ae)
 * which are there to carry their source. Returns
 * TDN_OK or TDN_EINPUT with "protocol.tsv:line: field: problem". */
int tdn_protocol_rules_load(tdn_protocol_rules *r, const tdn_text_file *files, size_t n,
                            tdn_err *err);

/* What the caller knows when opening: the patient's latest screening and consent. */
typedef struct tdn_open_input {
    bool has_screening;
    int decision; /* enum tdn_screen_decision; 0 = stored without a decision */
    int64_t screened_at;
    const tdn_pain *blocked; /* regions the screening blocked (intensity ignored) */
    int n_blocked;
    const tdn_pain *planned; /* regions the screening assessed (none = not given) */
    int n_planned;
    const char (*blocked_muscles)[TDN_ID_MAX]; /* muscle ids the screening blocked */
    int n_blocked_muscles;
    bool has_consent;
    int64_t consented_at;
} tdn_open_input;

typedef struct tdn_override {
    char rule[TDN_ID_MAX]; /* protocol.screening, protocol.blocked_region,
                              protocol.blocked_muscle, safety.bilateral_lung */
    char reason[TDN_REASON_MAX];
    char muscle[TDN_ID_MAX]; /* for protocol.blocked_region and blocked_muscle, else "" */
    char side;               /* for protocol.blocked_region and blocked_muscle, else 0 */
    int needle;              /* the needle whose insertion needed it */
    int64_t at;
} tdn_override;

typedef struct tdn_ae_record {
    char kind[24];     /* bruising, bleeding, ..., needle_breakage, pneumothorax, other */
    char severity[12]; /* mild, moderate, significant, serious */
    char note[TDN_REASON_MAX];
    int needle; /* 0 = not tied to a needle */
    int64_t at;
    char action[TDN_REASON_MAX]; /* what was done ("" = not recorded) */
    bool resolved;
} tdn_ae_record;

typedef struct tdn_needling {
    int state; /* enum tdn_session_state */
    int64_t opened_at, ended_at;
    char unscreened[TDN_REASON_MAX]; /* why the session did not start screened, "" if it did */
    tdn_pain blocked[TDN_SESSION_MAX_BLOCKED];
    int n_blocked;
    tdn_pain planned[TDN_SESSION_MAX_PLANNED];
    int n_planned;
    char blocked_muscles[TDN_SESSION_MAX_BLOCKED_MUSCLES][TDN_ID_MAX]; /* e.g. iliopsoas with
                                                                          anticoagulants */
    int n_blocked_muscles;
    tdn_needle needles[TDN_SESSION_MAX_NEEDLES];
    int n_needles;
    tdn_override overrides[TDN_SESSION_MAX_OVERRIDES];
    int n_overrides;
    tdn_ae_record aes[TDN_SESSION_MAX_AES];
    int n_aes;
    char abort_reason[TDN_REASON_MAX];
} tdn_needling;

/* Opens s at now: `screened` when there is consent and a screening that is
 * not no_go and not older than r->screening_valid_days (rule
 * protocol.screening_valid_days), else `open` with the reason in
 * s->unscreened. Copies the blocked and planned regions and the blocked
 * muscles. Returns TDN_EINPUT only for bad input (too many regions or
 * muscles, a screening dated after now). */
int tdn_session_open(tdn_needling *s, const tdn_protocol_rules *r, const tdn_open_input *in,
                     int64_t now, tdn_err *err);

typedef struct tdn_insert {
    const char *muscle; /* KB muscle id */
    char side;          /* 'L' or 'R' */
    int technique;      /* enum tdn_technique */
    bool guide_tube;
    const char *palpation; /* "pincer", "flat" or NULL */
    double gauge_mm;       /* 0 = not recorded, else 0.10..0.50 */
    int length_mm;         /* 0 = not recorded, else 7..150 */
    const char *override;  /* written reason to override a refusal, or NULL */
} tdn_insert;

#define TDN_MAX_WARNINGS 12
#define TDN_WARNING_LEN 200 /* bytes of one warning, NUL included */
typedef struct tdn_insert_result {
    int needle; /* the new needle's number */
    int n_warnings;
    char warnings[TDN_MAX_WARNINGS][TDN_WARNING_LEN]; /* hazards (lung with the needle length),
                                                         overrides, e-stim cautions */
} tdn_insert_result;

/* Inserts a new needle. Refused (TDN_EINPUT) in a closed or aborted session;
 * without consent and a valid screening (protocol.screening), into a muscle
 * whose trigger point sites are all blocked on that side
 * (protocol.blocked_region), into a muscle the screening blocked
 * (protocol.blocked_muscle: e.g. one that cannot be compressed, under
 * anticoagulants), or into a lung-field muscle when the other side
 * of the thorax was needled (safety.bilateral_lung) — each unless
 * in->override gives a written reason, which is recorded. res lists hazard
 * warnings, and a warning when none of the muscle's trigger point sites on
 * that side is among the regions the screening assessed
 * (protocol.unplanned_region: regional contraindications there were not
 * checked). */
int tdn_session_insert(tdn_needling *s, const tdn_kb *kb, const tdn_protocol_rules *r,
                       const tdn_insert *in, int64_t now, tdn_insert_result *res, tdn_err *err);

/* Per-needle events; `needle` is the 1-based number. LTR and redirect need a
 * deep needle that is in (protocol.superficial_no_ltr); withdraw needs a
 * needle in; reinsert needs a superficial needle that is out (a further
 * round); estim needs a needle in and no screening rule forbidding it. */
int tdn_session_ltr(tdn_needling *s, int needle, int64_t now, tdn_err *err);
int tdn_session_redirect(tdn_needling *s, int needle, int64_t now, tdn_err *err);
int tdn_session_withdraw(tdn_needling *s, int needle, int64_t now, tdn_err *err);
int tdn_session_reinsert(tdn_needling *s, int needle, int64_t now, tdn_err *err);

typedef struct tdn_estim_input {
    double freq_hz;        /* 0.5..250 */
    int pulse_us;          /* 20..1000 */
    int duration_s;        /* 1..3600 */
    const char *intensity; /* patient tolerance in words, required */
    const char *forbidden; /* id of the screening rule that forbids e-stim for this
                              patient (a no_go e-stim reason), or NULL */
} tdn_estim_input;
int tdn_session_estim(tdn_needling *s, int needle, const tdn_estim_input *in, int64_t now,
                      tdn_err *err);

/* A needle that was in broke: requires an incident note; records an adverse
 * event needle_breakage with that note and severity (rule ledger.broken_needs_ae). */
int tdn_session_broken(tdn_needling *s, int needle, const char *severity, const char *incident,
                       int64_t now, tdn_err *err);

/* Records an adverse event (kind and severity validated; needle 0 or existing). */
int tdn_session_ae(tdn_needling *s, const char *kind, const char *severity, const char *note,
                   int needle, int64_t now, tdn_err *err);

/* Closes: refused while any needle is in (ledger.close_all_out) or when the
 * session already ended. zone (NULL = UTC) is the clinic's clock for the
 * refusal's "in since" times. */
int tdn_session_close(tdn_needling *s, int64_t now, const tdn_tz *zone, tdn_err *err);
/* Aborts with a reason: refused while any needle is in, or once ended. */
int tdn_session_abort(tdn_needling *s, const char *reason, int64_t now, const tdn_tz *zone,
                      tdn_err *err);

enum tdn_due_kind {
    TDN_DUE_DEEP_DWELL = 1,     /* protocol.deep_dwell_max: deep needle at its limit */
    TDN_DUE_SUPERFICIAL_FIRST,  /* protocol.superficial_first: 30 s, withdraw and reassess */
    TDN_DUE_SUPERFICIAL_SECOND, /* protocol.superficial_second: later rounds, 2 min */
    TDN_DUE_ESTIM_END,          /* the e-stim duration chosen */
};

typedef struct tdn_due {
    int kind; /* enum tdn_due_kind */
    const char *rule;
    int needle;
    int64_t due_at;
    int64_t remaining_s; /* due_at - now; <= 0 when due (negative = overdue) */
    bool due;
    char message[200];
} tdn_due;

/* Lists the timers of needles in situ at now into out[0..max), soonest
 * first; returns how many there are (may exceed max: only max are written). */
int tdn_protocol_due(const tdn_needling *s, const tdn_protocol_rules *r, int64_t now, tdn_due *out,
                     int max);

const char *tdn_session_state_name(int state);
int tdn_session_state_parse(const char *s);
const char *tdn_decision_name(int decision);
int tdn_decision_parse(const char *s);
/* True for the adverse-event kinds and severities of DESIGN §3 / issue 4. */
bool tdn_ae_kind_valid(const char *kind);
bool tdn_ae_severity_valid(const char *severity);
/* Finds needle `number` (1-based) or NULL. */
const tdn_needle *tdn_session_needle(const tdn_needling *s, int number);

#endif
