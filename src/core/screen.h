/* screen.h — screening before dry needling (DESIGN §6): a patient profile is
 * evaluated against the screening rules (data/screening_rules.tsv) and the
 * knowledge base, giving a decision go | caution | no_go with reasons a
 * clinician can act on, and which planned regions are blocked or allowed.
 *
 * Pure: no I/O, no JSON (the JSON profile parser and the result serialiser
 * live in app/screen_json.h, because core does not use jansson). Rules are
 * loaded and validated like the KB: every bad row is "file:line: field:
 * problem". The rules are read-only once loaded and may be shared.
 *
 * Decision semantics (documented contract of tdn_screen_eval):
 * - a patient-wide reason counts with its level (no_go > caution);
 * - a region reason at level no_go blocks that region; it makes the decision
 *   no_go only when it leaves no planned region allowed, else caution (the
 *   rest of the plan may go ahead);
 * - with no planned regions, a local contraindication still appears, as a
 *   no_go for the local region itself, and the decision is at least caution;
 * - a patient-wide no_go blocks every planned region (nothing is allowed);
 * - a muscle rule (scope muscles:noncompressible) at level no_go blocks those
 *   muscles wherever they are needled (the reason lists them); like a region
 *   reason it makes the decision at most caution, as the other muscles may
 *   still be needled;
 * - level info never changes the decision (advice, e.g. nerves nearby). */
#ifndef TDN_SCREEN_H
#define TDN_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/kb.h"
#include "core/tsv.h"

#define TDN_SCREEN_MAX_SITES 32 /* planned regions, local conditions */
#define TDN_SCREEN_MAX_ATOMS 4  /* conditions ANDed in one trigger */
#define TDN_SCREEN_RULES_FILE "screening_rules.tsv"

/* Levels, ordered by severity. A decision is GO, CAUTION or NO_GO. */
enum tdn_screen_level {
    TDN_SCREEN_GO = 0,
    TDN_SCREEN_INFO = 1,
    TDN_SCREEN_CAUTION = 2,
    TDN_SCREEN_NO_GO = 3,
};
/* "go", "info", "caution", "no_go" (NULL when out of range). */
const char *tdn_screen_level_name(int level);

enum tdn_screen_consent {
    TDN_SCREEN_CONSENT_NOT_STATED = 0,
    TDN_SCREEN_CONSENT_NOT_GIVEN = 1,
    TDN_SCREEN_CONSENT_GIVEN = 2,
};

/* The closed vocabularies of the profile (DESIGN §6). */
enum tdn_screen_vocab {
    TDN_VOCAB_CONDITION, /* bleeding_disorder, anticoagulant, ... */
    TDN_VOCAB_LOCAL,     /* infection, lymphedema, skin_lesion, recent_surgery, implant,
                            lymph_node_removal */
    TDN_VOCAB_PREGNANCY, /* none, first_trimester, second_trimester, third_trimester */
    TDN_VOCAB_CONSENT,   /* not_stated, not_given, given (enum tdn_screen_consent) */
};
/* Index of name in the vocabulary, or -1. */
int tdn_screen_vocab_find(int vocab, const char *name);
/* Name at index i, or NULL when out of range. */
const char *tdn_screen_vocab_name(int vocab, int i);
/* What a person reads for the name at index i ("Bleeding disorder" for
 * bleeding_disorder), or NULL when out of range. */
const char *tdn_screen_vocab_label(int vocab, int i);
/* Number of names in the vocabulary. */
int tdn_screen_vocab_count(int vocab);
/* The name closest to an unknown one, for "did you mean" messages. */
const char *tdn_screen_vocab_closest(int vocab, const char *name);

/* A region and side ('L', 'R' or 'B'). */
typedef struct tdn_screen_site {
    short region;
    char side;
} tdn_screen_site;

typedef struct tdn_screen_local {
    int kind; /* index in TDN_VOCAB_LOCAL */
    tdn_screen_site site;
} tdn_screen_local;

typedef struct tdn_screen_profile {
    int age;             /* whole years, 0..130 */
    int pregnancy;       /* index in TDN_VOCAB_PREGNANCY; 0 = none */
    unsigned conditions; /* bit i set = condition i of TDN_VOCAB_CONDITION */
    tdn_screen_local local[TDN_SCREEN_MAX_SITES];
    int n_local;
    tdn_screen_site planned[TDN_SCREEN_MAX_SITES]; /* no duplicates */
    int n_planned;
    int consent_patient;  /* enum tdn_screen_consent */
    int consent_guardian; /* enum tdn_screen_consent */
} tdn_screen_profile;

/* True when site a touches site b: same region, and same side or either B. */
bool tdn_screen_site_touches(tdn_screen_site a, tdn_screen_site b);
/* True when site a and site b lie in the same limb (tdn_region_limb) on a
 * side they share (same side, or either B); false outside the limbs. */
bool tdn_screen_site_same_limb(tdn_screen_site a, tdn_screen_site b);
/* Writes "code:S" into out[cap]; returns out. */
const char *tdn_screen_site_str(tdn_screen_site s, char *out, size_t cap);

/* One condition of a trigger: fact op value (see screening_rules.tsv). */
typedef struct tdn_screen_atom {
    unsigned char fact, op;
    int value;
} tdn_screen_atom;

enum tdn_screen_scope {
    TDN_SCOPE_PATIENT, /* the whole patient */
    TDN_SCOPE_LOCAL,   /* planned regions a local condition of one kind touches
                          (with local_limb: or that lie on its side of its limb) */
    TDN_SCOPE_REGIONS, /* planned regions among a list of codes */
    TDN_SCOPE_HAZARD,  /* planned regions that are trigger point sites of muscles with a hazard */
    TDN_SCOPE_MUSCLES, /* muscles of the KB that cannot be compressed (muscles:noncompressible),
                          wherever they are needled */
    TDN_SCOPE_ESTIM,   /* the whole patient, for electrical stimulation of the needles (estim):
                          the session runner shows it where e-stim is recorded; a no_go here
                          refuses e-stim (tdn_session_estim) but leaves needling at caution */
};

typedef struct tdn_screen_rule {
    char id[TDN_ID_MAX];
    char trigger[192]; /* as written in the file, for display */
    char scope_text[384];
    int level; /* TDN_SCREEN_INFO .. TDN_SCREEN_NO_GO */
    tdn_screen_atom atoms[TDN_SCREEN_MAX_ATOMS];
    int n_atoms; /* 0 = always */
    int scope;   /* enum tdn_screen_scope */
    int local_kind;
    bool local_limb;       /* scope local:KIND+limb: the whole limb of the local site */
    bool hazard_bilateral; /* scope hazard:H+bilateral: one patient-level reason when
                              planned regions carrying H lie on both sides */
    short regions[TDN_SCREEN_MAX_SITES];
    int n_regions;
    char hazard[TDN_ID_MAX]; /* "lung", "nerve:" (any nerve), "vessel:sciatic", ... */
    char advice[768];        /* may hold {region} {local} {muscles} {noncompressible} {age} */
    char source[768];
    int line;
} tdn_screen_rule;

typedef struct tdn_screen_rules {
    tdn_screen_rule *rules;
    int n;
} tdn_screen_rules;

/* Loads and validates the rules from the file named screening_rules.tsv in
 * files[0..n). Checks every row, then that every condition and local
 * condition of the profile vocabulary has at least one rule. On success *out
 * is new and the caller frees it with tdn_screen_rules_free; on error returns
 * TDN_EINPUT ("file:line: field: problem") or TDN_ESYS and *out is NULL. */
int tdn_screen_rules_load(tdn_screen_rules **out, const tdn_text_file *files, size_t n,
                          tdn_err *err);
void tdn_screen_rules_free(tdn_screen_rules *rules);
/* True when one condition of a rule's trigger holds for profile p. */
bool tdn_screen_atom_holds(const tdn_screen_atom *a, const tdn_screen_profile *p);
/* The rule with this id, or NULL. */
const tdn_screen_rule *tdn_screen_rule_find(const tdn_screen_rules *rules, const char *id);

typedef struct tdn_screen_reason {
    const tdn_screen_rule *rule; /* points into the rules given to tdn_screen_eval */
    int level;
    bool has_site; /* region rules: the planned (or local) region concerned */
    tdn_screen_site site;
    char *detail;  /* owned: the advice with its placeholders filled in */
    char *muscles; /* owned, muscle rules only (else NULL): the muscle ids the rule
                      concerns, comma-separated ("" = none) */
} tdn_screen_reason;

typedef struct tdn_screen_result {
    int decision;               /* TDN_SCREEN_GO, TDN_SCREEN_CAUTION or TDN_SCREEN_NO_GO */
    tdn_screen_reason *reasons; /* most severe first; info (advice) last */
    int n_reasons;
    tdn_screen_site blocked[TDN_SCREEN_MAX_SITES];
    int n_blocked;
    tdn_screen_site allowed[TDN_SCREEN_MAX_SITES];
    int n_allowed;
} tdn_screen_result;

/* Evaluates profile p against rules and kb (both required). On success fills
 * *out (free with tdn_screen_result_free; reasons point into rules, so free
 * the result first). Returns TDN_OK, or TDN_ESYS when out of memory (then
 * *out is empty). */
int tdn_screen_eval(const tdn_screen_rules *rules, const tdn_kb *kb, const tdn_screen_profile *p,
                    tdn_screen_result *out, tdn_err *err);
void tdn_screen_result_free(tdn_screen_result *r);

#endif
