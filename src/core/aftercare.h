/* aftercare.h — the patient's aftercare handout for one session, in plain
 * language and specific to what was done: the muscles and regions treated,
 * deep or superficial needling, e-stim, and the pneumothorax warning when a
 * lung-hazard muscle was needled, and the lines of the patient's screened
 * conditions (a blood thinner: pressure, bruising, when to call); it names the
 * patient and the clinic with its phone number. Lines come from
 * data/aftercare.tsv (ids
 * aftercare.*, each with a source); the handout is a structured value
 * (title, sections of lines) so that the CLI prints text and the web renders
 * HTML from the same thing. Pure: no allocation, no I/O. */
#ifndef TDN_AFTERCARE_H
#define TDN_AFTERCARE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/kb.h"
#include "core/protocol.h"
#include "core/tsv.h"

#define TDN_AFTERCARE_MAX_LINES 48
#define TDN_AFTERCARE_TEXT 400

/* When a line applies. */
enum tdn_aftercare_when {
    TDN_AC_ALWAYS = 1,
    TDN_AC_DEEP,
    TDN_AC_SUPERFICIAL,
    TDN_AC_ESTIM,
    TDN_AC_LUNG,
    TDN_AC_CONDITION, /* "condition:anticoagulant|condition:antiplatelet": a screened condition */
};

/* Sections in handout order. */
enum tdn_aftercare_section {
    TDN_SEC_DID = 0, /* what we did today */
    TDN_SEC_DO,      /* what helps */
    TDN_SEC_AVOID,   /* what to avoid */
    TDN_SEC_EXPECT,  /* what to expect */
    TDN_SEC_CALL,    /* when to call the clinic */
    TDN_SEC_URGENT,  /* get urgent care */
    TDN_SEC_COUNT
};

typedef struct tdn_aftercare_line {
    char id[TDN_ID_MAX];
    int when;    /* enum tdn_aftercare_when */
    int section; /* enum tdn_aftercare_section */
    char text[TDN_AFTERCARE_TEXT];
    char conditions[128]; /* TDN_AC_CONDITION: "anticoagulant|antiplatelet" */
} tdn_aftercare_line;

typedef struct tdn_aftercare_rules {
    tdn_aftercare_line lines[TDN_AFTERCARE_MAX_LINES];
    int n;
} tdn_aftercare_rules;

/* Loads "aftercare.tsv" (columns id, when, section, text, source). Ids are
 * unique and start with "aftercare."; `when` is always, deep, superficial,
 * estim, lung, or condition:NAME alternatives joined by | (the screening
 * profile's conditions, e.g. condition:anticoagulant|condition:antiplatelet); `section` is did, do,
 * avoid, expect, call or urgent. The pneumothorax warning (a `lung` line in `urgent`) must be
 * present. Returns TDN_OK or TDN_EINPUT with "aftercare.tsv:line: field: problem". */
int tdn_aftercare_load(tdn_aftercare_rules *a, const tdn_text_file *files, size_t n, tdn_err *err);

#define TDN_HANDOUT_MAX_LINES 24
typedef struct tdn_handout_section {
    const char *id;      /* "did", "do", "avoid", "expect", "call", "urgent" */
    const char *heading; /* "What we did today", ... */
    int n_lines;
    char lines[TDN_HANDOUT_MAX_LINES][TDN_AFTERCARE_TEXT];
} tdn_handout_section;

enum { TDN_HANDOUT_WHO = 260 };

typedef struct tdn_handout {
    char title[96];
    /* who it is for and from ("" = not known or not set) */
    char patient[TDN_HANDOUT_WHO];
    char clinic[TDN_HANDOUT_WHO], clinic_address[TDN_HANDOUT_WHO], clinic_phone[TDN_HANDOUT_WHO];
    bool deep, superficial, estim, lung; /* what the session did */
    int n_sections;                      /* sections with at least one line, in order */
    tdn_handout_section sections[TDN_SEC_COUNT];
} tdn_handout;

/* Builds the handout of session s into *out; its title gives the session's
 * date on the clinic's calendar (zone, NULL = UTC). Returns TDN_EINPUT when
 * no needle was inserted (there is nothing to care for after). */
int tdn_aftercare_handout(const tdn_aftercare_rules *a, const tdn_kb *kb, const tdn_needling *s,
                          const tdn_tz *zone, tdn_handout *out, tdn_err *err);
/* Who a handout is for and from, and the patient's screened conditions. */
typedef struct tdn_handout_for {
    const char *patient;                                /* name, or NULL */
    const char *clinic, *clinic_address, *clinic_phone; /* letterhead, NULL or "" = not set */
    const char *const *conditions;                      /* the screening profile's conditions */
    int n_conditions;
} tdn_handout_for;

/* The same for the patient and clinic of who (NULL = none known): its lines
 * of a condition apply when who has one of them. */
int tdn_aftercare_handout_for(const tdn_aftercare_rules *a, const tdn_kb *kb, const tdn_needling *s,
                              const tdn_tz *zone, const tdn_handout_for *who, tdn_handout *out,
                              tdn_err *err);
/* Appends the handout as plain text (title, who for and from, headings,
 * "  - line"); "When to call the clinic" gives the phone number when set. */
void tdn_handout_text(const tdn_handout *h, tdn_buf *b);
/* Appends the handout as an HTML fragment (<article> with <h1>, <h2>, <ul>),
 * every text escaped. */
void tdn_handout_html(const tdn_handout *h, tdn_buf *b);

#endif
