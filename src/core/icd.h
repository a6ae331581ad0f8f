/* icd.h — ICD-10-CM coding of an episode of care. The condition's code is
 * replaced by a site-specific one when the episode's site calls for it
 * (data/icd10_site.tsv: M79.12 for head and neck myalgia, wrist and ankle
 * pain codes), then takes the episode's side (data/icd10_laterality.tsv:
 * right, left, bilateral, or right and left when ICD-10-CM has no bilateral
 * code) and, for codes whose 7th character names the encounter, the initial
 * or subsequent character (data/icd10_encounter.tsv). The three files are
 * optional; loaded with the knowledge base (tdn_kb_load) into kb->icd. */
#ifndef TDN_ICD_H
#define TDN_ICD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/kb.h"

#define TDN_ICD_CODE_MAX 16
#define TDN_ICD_CODED_MAX 40 /* "M25.511, M25.512": both sides coded */
#define TDN_ICD_MAX_SIDES 64
#define TDN_ICD_MAX_SITES 16
#define TDN_ICD_MAX_ENCOUNTERS 16

typedef struct tdn_icd_side {
    char code[TDN_ICD_CODE_MAX]; /* the unspecified-side code */
    char right[TDN_ICD_CODE_MAX], left[TDN_ICD_CODE_MAX];
    char bilateral[TDN_ICD_CODE_MAX]; /* "" when ICD-10-CM has none */
} tdn_icd_side;

typedef struct tdn_icd_site {
    short condition; /* index into kb conditions */
    tdn_region_set regions;
    char code[TDN_ICD_CODE_MAX];
} tdn_icd_site;

typedef struct tdn_icd_encounter {
    char initial[TDN_ICD_CODE_MAX], subsequent[TDN_ICD_CODE_MAX];
} tdn_icd_encounter;

typedef struct tdn_icd {
    tdn_icd_side sides[TDN_ICD_MAX_SIDES];
    int n_sides;
    tdn_icd_site sites[TDN_ICD_MAX_SITES];
    int n_sites;
    tdn_icd_encounter encounters[TDN_ICD_MAX_ENCOUNTERS];
    int n_encounters;
} tdn_icd;

/* Loads the optional icd10_*.tsv files of files[0..n) into a new kb->icd
 * (conditions must be loaded). Errors name file:line: field. */
int tdn_icd_load(tdn_kb *kb, const tdn_text_file *files, size_t n, tdn_err *err);

/* An episode's coding facts: its stored code (the condition's when opened),
 * its condition id, side ('R', 'L', 'B'; anything else = not recorded), site
 * (region index, -1 = none) and whether the encounter is the episode's first
 * session. */
typedef struct tdn_icd_query {
    const char *code;
    const char *condition;
    char side;
    int site;
    bool first;
} tdn_icd_query;

/* Writes the coded diagnosis for q into out[cap] (cap >= TDN_ICD_CODED_MAX):
 * "M25.511", "M25.511, M25.512" (bilateral without a bilateral code),
 * "S13.4XXD". The stored code unchanged when no table applies. */
void tdn_icd_code(const tdn_kb *kb, const tdn_icd_query *q, char *out, size_t cap);

#endif
