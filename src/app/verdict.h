/* verdict.h — a stored screening as the pages show it where needling
 * happens (the session runner, the body chart): its decision, its reasons in
 * words (each rule's advice text, never its id), the regions it blocks, and
 * whether it is valid now, judged exactly as opening a session judges it
 * (core/protocol: consent, decision, the clinic's validity days). Nothing is
 * evaluated again: everything comes from the screening record. */
#ifndef TDN_APP_VERDICT_H
#define TDN_APP_VERDICT_H

#include "core/protocol.h"
#include "store/store.h"

#define TDN_VERDICT_MAX_REASONS 32
#define TDN_VERDICT_DETAIL_MAX 1024

typedef struct tdn_verdict_reason {
    char level[16];                      /* go, caution, no_go */
    char detail[TDN_VERDICT_DETAIL_MAX]; /* the rule's advice, placeholders filled */
    bool estim;                          /* about electrical stimulation of the needles */
} tdn_verdict_reason;

typedef struct tdn_verdict {
    int64_t screening_id; /* 0 = no screening on record */
    char decision[16];    /* go, caution, no_go, unscreened ("" = none) */
    int64_t screened_at;
    char invalid[TDN_REASON_MAX]; /* tdn_verdict_latest: why a session opened
                                     now would not be screened, "" = valid */
    tdn_verdict_reason reasons[TDN_VERDICT_MAX_REASONS];
    int n_reasons;
    tdn_pain blocked[TDN_SESSION_MAX_BLOCKED];
    int n_blocked;
    char blocked_muscles[TDN_SESSION_MAX_BLOCKED_MUSCLES][TDN_ID_MAX];
    int n_blocked_muscles;
} tdn_verdict;

/* The regions a screening blocks (every no_go reason with a region; the
 * profile's local infection, skin lesion, and lymphedema with its whole
 * limb) and the planned regions it assessed; profile and reasons are the
 * stored JSON texts (NULL = none). Texts that do not parse are skipped:
 * they were validated when recorded. */
void tdn_screening_regions(const char *profile, const char *reasons, tdn_pain *blocked,
                           int *n_blocked, tdn_pain *planned, int *n_planned);

/* The muscles a screening blocks (the "muscles" of its no_go reasons, each
 * once) from the stored reasons text (NULL = none) into out[0..max). */
void tdn_screening_muscles(const char *reasons, char (*out)[TDN_ID_MAX], int max, int *n);

/* What a screening says about electrical stimulation of the needles: the
 * first no_go e-stim rule ("" = none forbids it) and the caution ones as
 * "RULE: advice" (as many as fit). */
typedef struct tdn_estim_screening {
    char forbidden[TDN_ID_MAX];
    int n_cautions;
    char cautions[4][TDN_WARNING_LEN]; /* handed back as event warnings */
} tdn_estim_screening;
/* Fills out from the stored reasons text (NULL = none). */
void tdn_screening_estim(const char *reasons, tdn_estim_screening *out);

/* The verdict of stored screening s (out->invalid left ""). */
void tdn_verdict_of(const tdn_screening *s, tdn_verdict *out);

/* The verdict of patient_id's latest screening, and in out->invalid why a
 * session opened at now would not start screened (no consent, no screening,
 * no_go, too old for the clinic's setting else r->screening_valid_days).
 * Not audited: the caller's chart read is. */
int tdn_verdict_latest(tdn_store *s, const tdn_protocol_rules *r, int64_t patient_id, int64_t now,
                       tdn_verdict *out, tdn_err *err);

#endif
