/* billing.h — the CPT code of a needling session (rules billing.cpt_20560,
 * billing.cpt_20561 in data/billing.tsv): counted from DISTINCT muscles
 * needled (not needles, not sides), and only when at least one needle was
 * inserted. Pure: no allocation, no I/O. */
#ifndef TDN_BILLING_H
#define TDN_BILLING_H

#include <stddef.h>

#include "core/err.h"
#include "core/protocol.h"
#include "core/tsv.h"

#define TDN_BILLING_MAX_RULES 8

typedef struct tdn_billing_rule {
    char id[TDN_ID_MAX]; /* "billing.cpt_20560" */
    char code[8];        /* "20560" */
    int min_muscles;
    int max_muscles; /* 0 = no upper bound */
    char descriptor[128];
    char source[512];
} tdn_billing_rule;

typedef struct tdn_billing_rules {
    tdn_billing_rule rules[TDN_BILLING_MAX_RULES];
    int n;
} tdn_billing_rules;

/* Loads "billing.tsv" (columns id, code, min_muscles, max_muscles,
 * descriptor, source). The ranges must start at 1 and follow each other
 * without gap or overlap, the last one open ("-"). Returns TDN_OK or
 * TDN_EINPUT with "billing.tsv:line: field: problem". */
int tdn_billing_load(tdn_billing_rules *b, const tdn_text_file *files, size_t n, tdn_err *err);

typedef struct tdn_billing {
    int needles;                 /* needles inserted */
    int distinct_muscles;        /* muscles needled, each counted once whatever the side */
    const tdn_billing_rule *cpt; /* NULL when no needle was inserted */
} tdn_billing;

/* Derives the CPT code of session s. */
tdn_billing tdn_billing_derive(const tdn_billing_rules *b, const tdn_needling *s);

/* Counts the distinct muscle ids of needles[0..n). */
int tdn_distinct_muscles(const tdn_needle *needles, int n);

#endif
