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
#define TDN_LOCATE_MAX_FINDINGS 32 /* palpation findings (callers' limit) */

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
    int palpated;         /* tdn_locate_palpated: +1 tender, reproduces the pain; -1 nothing
                             found; 0 not palpated */
    uint8_t explains[TDN_LOCATE_MAX_PAIN]; /* enum tdn_explain per pain entry */
} tdn_candidate;

/* Ranks muscles for pains[0..n_pain). condition is a KB condition index or
 * -1. Writes at most max_out candidates with score > 0, best first, into out
 * and their number into *n_out. Returns TDN_EINPUT (with err) when n_pain is 0
 * or exceeds TDN_LOCATE_MAX_PAIN. */
int tdn_locate(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition,
               tdn_candidate *out, int max_out, int *n_out, tdn_err *err);

/* Scores one muscle (index) on side ('L', 'R' or 'B'; B for a midline-only
 * map) for the map as tdn_locate does, into *out (its score may be 0). */
int tdn_locate_one(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition, int muscle,
                   char side, tdn_candidate *out, tdn_err *err);

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

/* A palpation finding: +1 (a tender trigger point that reproduces the
 * patient's pain) or -1 (palpated, nothing found) for a muscle on a side
 * ('L', 'R', or 'B' = either side). */
typedef struct tdn_palpation {
    int muscle; /* index into kb->muscles */
    char side;
    int sign; /* +1 or -1 */
} tdn_palpation;

/* Ranks as tdn_locate, then applies the findings f[0..n_f): a muscle found
 * positive comes first (positives among themselves by score; one that the
 * map does not rank is added with its score, possibly 0), and one found
 * negative moves below every unpalpated candidate (in the ranked list) that
 * explains as much of the drawing: as many of the drawn regions, in its
 * essential or spillover zone. A finding
 * matches a candidate of the same muscle on the same side, or either side
 * B. Without findings the result is tdn_locate's. Returns TDN_EINPUT as
 * tdn_locate does, or for a finding with a bad muscle, side or sign. */
int tdn_locate_palpated(const tdn_kb *kb, const tdn_pain *pains, int n_pain, int condition,
                        const tdn_palpation *f, int n_f, tdn_candidate *out, int max_out,
                        int *n_out, tdn_err *err);

/* Appends, in words, which sites to palpate to tell candidate muscle a from
 * muscle b (their trigger point sites that differ), e.g. "to tell Upper
 * trapezius from Levator scapulae: palpate top of the shoulder / shoulder
 * blade"; when their sites are the same: "... at the same sites: ...".
 * Nothing when a and b are the same muscle. */
void tdn_locate_palpation_hint(const tdn_kb *kb, int a, int b, tdn_buf *out);

/* Appends which sites to palpate first to tell the leading candidates of
 * c[0..n) apart: one hint line (ending in '\n') for the first muscle
 * against each of the next two other muscles. */
void tdn_locate_palpate_first(const tdn_kb *kb, const tdn_candidate *c, int n, tdn_buf *out);

/* Parses "MUSCLE[:SIDE]=+" or "=-" (side L, R or B, default B) into *out.
 * TDN_EINPUT with "palpated: ..." naming the problem (and the closest
 * muscle for an unknown one). */
int tdn_palpation_parse(const tdn_kb *kb, const char *text, tdn_palpation *out, tdn_err *err);

#endif
