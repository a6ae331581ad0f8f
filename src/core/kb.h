/* kb.h — the trigger point knowledge base: muscles (trigger point sites,
 * essential and spillover referral zones, one pattern per trigger point or
 * division where the sources tell them apart, palpation, hazards) and the
 * conditions that implicate them, parsed from data/muscles.tsv and
 * data/conditions.tsv. Loading validates every row; a loaded KB is
 * read-only and may be shared between threads. */
#ifndef TDN_KB_H
#define TDN_KB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/tsv.h"

#define TDN_ID_MAX 48
#define TDN_MAX_TP 8
#define TDN_MAX_ZONES 32 /* per zone list of a muscle, all its patterns together */
#define TDN_MAX_PATTERNS 6
#define TDN_PATTERN_LABEL_MAX 24
#define TDN_MAX_HAZARDS 8
#define TDN_MAX_MUSCLE_CONDITIONS 16
#define TDN_MAX_CONDITION_MUSCLES 32

/* Side of a referral zone relative to the muscle. */
enum tdn_zone_rel { TDN_REL_IPSI = 'I', TDN_REL_CONTRA = 'C', TDN_REL_BOTH = 'B' };

typedef struct tdn_zone {
    short region; /* index into the region table (body.h) */
    char rel;     /* enum tdn_zone_rel */
} tdn_zone;

/* A set of regions as a bitmask (the region table has fewer than 128 codes). */
typedef struct tdn_region_set {
    uint64_t w[2];
} tdn_region_set;

static inline bool tdn_region_set_has(const tdn_region_set *s, int r)
{
    return (s->w[r >> 6] >> (r & 63)) & 1u;
}

static inline void tdn_region_set_add(tdn_region_set *s, int r)
{
    s->w[r >> 6] |= (uint64_t)1 << (r & 63);
}

/* Zone sets of one kind (essential or spillover) split by side relation. */
typedef struct tdn_zone_sets {
    tdn_region_set ipsi, contra, both;
} tdn_zone_sets;

/* One trigger point's (or division's) referral pattern. In data/ the
 * essential column lists the patterns separated by '|', each optionally
 * named "label=zone,zone"; the spillover column gives either one list shared
 * by every pattern or one list per pattern in the same order. A row without
 * '|' has one pattern with an empty label. */
typedef struct tdn_pattern {
    char label[TDN_PATTERN_LABEL_MAX]; /* "sternal"; "trp2" when unnamed; "" when alone */
    int ess_from, n_ess;               /* its zones are essential[ess_from .. +n_ess) */
    int spill_from, n_spill;           /* and spillover[spill_from .. +n_spill) */
    int n_ess_regions;                 /* distinct essential zones (specificity denominator) */
    tdn_zone_sets essential_sets, spillover_sets;
} tdn_pattern;

typedef struct tdn_muscle {
    char id[TDN_ID_MAX];
    char name[80];
    char area[16];
    short tp_sites[TDN_MAX_TP];
    int n_tp;
    tdn_zone essential[TDN_MAX_ZONES]; /* every pattern's zones, pattern after pattern */
    int n_essential;
    tdn_zone spillover[TDN_MAX_ZONES]; /* one shared list, or one per pattern */
    int n_spillover;
    tdn_pattern patterns[TDN_MAX_PATTERNS];
    int n_patterns;         /* >= 1 */
    bool spill_per_pattern; /* the spillover column was split by '|' */
    char palpation[8];      /* "pincer" or "flat" */
    bool palpable;
    bool compressible;
    char hazards[TDN_MAX_HAZARDS][TDN_ID_MAX]; /* "lung", "nerve:sciatic", ... */
    /* Trigger point sites where hazard i applies (written "lung@thoracic_spine"
     * in data/); an empty set means at every site of the muscle. */
    tdn_region_set hazard_sites[TDN_MAX_HAZARDS];
    int n_hazards;
    short conditions[TDN_MAX_MUSCLE_CONDITIONS]; /* indices into kb conditions */
    int n_conditions;
    char source[1024];            /* the row's sources; long when corrections cite several */
    tdn_zone_sets essential_sets; /* union over the patterns, derived at load */
    tdn_zone_sets spillover_sets; /* union over the patterns, derived at load */
    int n_ess_regions;            /* distinct zones in essential_sets */
} tdn_muscle;

typedef struct tdn_condition {
    char id[TDN_ID_MAX];
    char name[96];
    char icd10[16];                           /* "-" when no code fits */
    short muscles[TDN_MAX_CONDITION_MUSCLES]; /* indices into kb muscles, most important first */
    int n_muscles;
    char source[512];
} tdn_condition;

/* Another name for a condition (data/condition_aliases.tsv, optional). */
typedef struct tdn_condition_alias {
    char alias[TDN_ID_MAX];
    short condition; /* index into kb conditions */
} tdn_condition_alias;

struct tdn_icd; /* core/icd.h: ICD-10-CM coding tables */

typedef struct tdn_kb {
    tdn_muscle *muscles;
    int n_muscles;
    tdn_condition *conditions;
    int n_conditions;
    tdn_condition_alias *aliases;
    int n_aliases;
    struct tdn_icd *icd; /* never NULL once loaded; its tables may be empty */
} tdn_kb;

/* Loads the KB from files (needs "muscles.tsv" and "conditions.tsv", reads
 * "condition_aliases.tsv" and the icd10_*.tsv tables of core/icd.h when
 * present; other names are ignored). On success *out is a new KB the
 * caller frees with tdn_kb_free. On error returns TDN_EINPUT with "file:line: field: problem" (or
 * TDN_ESYS when out of memory) and *out is NULL. */
int tdn_kb_load(tdn_kb **out, const tdn_text_file *files, size_t n, tdn_err *err);
void tdn_kb_free(tdn_kb *kb);

/* Index of the muscle / condition with this id, or -1. */
int tdn_kb_muscle_find(const tdn_kb *kb, const char *id);
int tdn_kb_condition_find(const tdn_kb *kb, const char *id);
/* The condition a clinician means by text: its id, its ICD-10-CM code, its
 * display name in any case and spacing ("Plantar fasciitis"), or an alias
 * ("tennis_elbow"); -1 when none (core/kb_alias.c). */
int tdn_kb_condition_lookup(const tdn_kb *kb, const char *text);
/* Loads data/condition_aliases.tsv into kb (conditions already loaded). */
int tdn_kb_load_aliases(tdn_kb *kb, const tdn_text_file *file, tdn_err *err);
/* The id closest to an unknown one, for "did you mean" messages. */
const char *tdn_kb_muscle_closest(const tdn_kb *kb, const char *id);
const char *tdn_kb_condition_closest(const tdn_kb *kb, const char *id);
/* True when the muscle carries hazard h exactly ("lung") or with prefix ("nerve:"). */
bool tdn_muscle_has_hazard(const tdn_muscle *m, const char *h);
/* Like tdn_muscle_has_hazard, but only counting hazards that apply when the
 * muscle is needled at trigger point site region (-1: at any site). */
bool tdn_muscle_hazard_at(const tdn_muscle *m, const char *h, int region);
/* True when hazard i of m applies at site region (-1: any site). */
bool tdn_muscle_hazard_i_at(const tdn_muscle *m, int i, int region);
/* True when muscle m's trigger point sites include region. */
bool tdn_muscle_site_in(const tdn_muscle *m, int region);

#endif
