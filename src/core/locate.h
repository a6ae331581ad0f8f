/* locate.h — pain map -> ranked trigger point candidates (muscle and side)
 * with reasons. Pure: works on the caller's KB, pain map and output arrays;
 * allocates nothing. */
#ifndef TDN_LOCATE_H
#define TDN_LOCATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/body.h"
#include "core/buf.h"
#include "core/kb.h"

#define TDN_LOCATE_MAX_PAIN 32

/* candidate.pattern when the drawing fits several trigger points together. */
#define TDN_PATTERN_ALL (-1)

/* How a muscle explains one pain region. */
enum tdn_explain { TDN_EXPLAINS_NOT = 0, TDN_EXPLAINS_SPILLOVER = 1, TDN_EXPLAINS_ESSENTIAL = 2 };

typedef struct tdn_candidate {
    int muscle;           /* index into kb->muscles */
    char side;            /* 'L', 'R', or 'B' when the map is midline only */
    double score;         /* 0..1, higher is more likely */
    double coverage;      /* weighted share of the drawing the muscle explains */
    double specificity;   /* share of the pattern's essential zone that was drawn */
    int pattern;          /* index into the muscle's patterns[], or TDN_PATTERN_ALL */
    bool condition_prior; /* the --condition lists this muscle */
    bool site_drawn;      /* pain was drawn over one of the muscle's trigger point sites */
    uint8_t explains[TDN_LOCATE_MAX_PAIN]; /* enum tdn_explain per pain entry */
} tdn_candidate;

/* Ranks muscles for pains[0..n_pain). condition is a KB condition index or
 * -1. Writes at most max_out candidates with score > 0, best first, into out
 * and their number into *n_out. Returns TDN_EINPUT (with err) when n_pain is 0
 * or exceeds TDN_LOCATE_MAX_PAIN. */
int tdn_locate(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition,
               tdn_candidate *out, int max_out, int *n_out, tdn_err *err);

/* How muscle m on side s explains pain p with any of its patterns. */
enum tdn_explain tdn_locate_explain(const tdn_muscle *m, char side, const tdn_pain *p);

/* Appends one human-readable reason line per explained / unexplained pain
 * region of c (by the pattern c->pattern) to reasons, each line ending in
 * '\n'; for a muscle with several patterns the first line names the pattern. */
void tdn_locate_reasons(const tdn_kb *kb, const tdn_candidate *c, const tdn_pain *pains, int n_pain,
                        tdn_buf *reasons);

/* Appends the label of c's pattern ("sternal", "sternal+clavicular" for
 * TDN_PATTERN_ALL) to b; nothing when the muscle has a single pattern. */
void tdn_locate_pattern_name(const tdn_kb *kb, const tdn_candidate *c, tdn_buf *b);

#endif
