/* body.h — tdn's body regions (DESIGN §4) and sides. A region is a small
 * integer index into a fixed table of codes; a side is 'L', 'R' or 'B'
 * (both / midline). Pure lookups: no allocation, no I/O. */
#ifndef TDN_BODY_H
#define TDN_BODY_H

#include <stddef.h>

#include "core/err.h"

enum tdn_body_view { TDN_VIEW_FRONT = 1, TDN_VIEW_BACK = 2, TDN_VIEW_BOTH = 3 };

typedef struct tdn_region_info {
    const char *code;  /* contract code, e.g. "posterior_neck" */
    const char *name;  /* display name, e.g. "Back of the neck" */
    const char *group; /* "head & neck", "shoulder & upper back", ... */
    int view;          /* enum tdn_body_view: where the body chart shows it */
} tdn_region_info;

/* Number of region codes; indices run 0 .. tdn_region_count()-1. */
int tdn_region_count(void);
/* The region at index i, or NULL when out of range. */
const tdn_region_info *tdn_region_at(int i);
/* Index of code (exact, case-sensitive), or -1 when unknown. */
int tdn_region_find(const char *code);
/* Index of code given as n bytes (not NUL-terminated), or -1. */
int tdn_region_findn(const char *code, size_t n);
/* The valid code closest to an unknown one (edit distance), for suggestions. */
const char *tdn_region_closest(const char *code);

/* The limb a region belongs to. Upper limb: the shoulder (front, side and
 * back, i.e. the deltoid), the axilla and everything from the arm to the
 * fingers. Lower limb: the buttock, the groin and everything from the hip to
 * the toes. Head, neck, shoulder girdle and trunk belong to no limb. */
enum tdn_limb { TDN_LIMB_NONE = 0, TDN_LIMB_UPPER = 1, TDN_LIMB_LOWER = 2 };
/* enum tdn_limb of region index i (TDN_LIMB_NONE when out of range). */
int tdn_region_limb(int i);

/* 'L', 'R' or 'B' when s is a side (case-insensitive, one letter), else 0. */
char tdn_side_parse(const char *s);
/* The other side: L<->R; B stays B. */
char tdn_side_opposite(char side);

/* A pain-map entry: region, side and optional intensity (-1 = not given). */
typedef struct tdn_pain {
    int region;
    char side;
    int intensity;
} tdn_pain;

/* Parses "code[:L|R|B][=0-10]" into out. On error returns TDN_EINPUT with a
 * message naming the bad part and the closest valid code; out is unchanged. */
int tdn_pain_parse(const char *text, tdn_pain *out, tdn_err *err);

/* Levenshtein distance between a and b (bounded: stops counting at 64). */
int tdn_edit_distance(const char *a, const char *b);

#endif
