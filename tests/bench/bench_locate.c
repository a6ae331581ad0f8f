/* bench_locate.c — `make bench`: median time of one locate query over the
 * full knowledge base, against a naive baseline in the same run (the same
 * scoring done by comparing region code strings, the obvious first
 * implementation). Prints both and their ratio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/kbfiles.h"
#include "core/locate.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Naive baseline: string comparison of region codes for every zone. */
static int naive_locate(const tdn_kb *kb, char (*codes)[32], const char *sides, int n, double *best)
{
    int best_i = -1;
    *best = 0;
    for (int m = 0; m < kb->n_muscles; m++) {
        for (int s = 0; s < 2; s++) {
            char side = s ? 'R' : 'L';
            double cov = 0;
            int hit = 0;
            for (int j = 0; j < n; j++) {
                double e = 0;
                for (int z = 0; z < kb->muscles[m].n_essential; z++) {
                    const tdn_zone *zn = &kb->muscles[m].essential[z];
                    char zs = zn->rel == 'C' ? (side == 'L' ? 'R' : 'L') : side;
                    if (strcmp(tdn_region_at(zn->region)->code, codes[j]) == 0 &&
                        (zn->rel == 'B' || sides[j] == 'B' || zs == sides[j])) {
                        e = 1;
                        hit++;
                    }
                }
                for (int z = 0; e == 0 && z < kb->muscles[m].n_spillover; z++)
                    if (strcmp(tdn_region_at(kb->muscles[m].spillover[z].region)->code, codes[j]) ==
                        0)
                        e = 0.35;
                cov += e;
            }
            double score = cov / n * (0.65 + 0.35 * hit / kb->muscles[m].n_essential);
            if (score > *best) {
                *best = score;
                best_i = m;
            }
        }
    }
    return best_i;
}

int main(void)
{
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_err err = {0};
    if (tdn_kb_open(&kb, &files, NULL, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    static const char *const maps[][4] = {
        {"temple:R", "posterior_neck:R", "mastoid:R", NULL},
        {"heel:L", "sole:L", NULL, NULL},
        {"buttock:R", "sacroiliac:R", "posterior_thigh:R", NULL},
        {"lateral_elbow:L", "dorsal_forearm:L", "dorsal_hand:L", NULL},
        {"anterior_shoulder:R", "anterior_arm:R", "thumb:R", "interscapular:R"},
    };
    enum { NMAPS = 5, ROUNDS = 2001 };
    static double t_fast[ROUNDS], t_naive[ROUNDS];
    volatile double sink = 0;
    for (int r = 0; r < ROUNDS; r++) {
        const char *const *map = maps[r % NMAPS];
        tdn_pain pains[4];
        char codes[4][32], sides[4];
        int n = 0;
        for (; n < 4 && map[n]; n++) {
            tdn_pain_parse(map[n], &pains[n], &err);
            snprintf(codes[n], sizeof codes[n], "%s", tdn_region_at(pains[n].region)->code);
            sides[n] = pains[n].side;
        }
        tdn_candidate out[10];
        int n_out;
        double t0 = now_us();
        tdn_locate(kb, pains, n, -1, out, 10, &n_out, &err);
        double t1 = now_us();
        double best;
        naive_locate(kb, codes, sides, n, &best);
        double t2 = now_us();
        sink += out[0].score + best;
        t_fast[r] = t1 - t0;
        t_naive[r] = t2 - t1;
    }
    qsort(t_fast, ROUNDS, sizeof(double), cmp_double);
    qsort(t_naive, ROUNDS, sizeof(double), cmp_double);
    double fast = t_fast[ROUNDS / 2], naive = t_naive[ROUNDS / 2];
    printf("locate: %d muscles, median %.2f us/query (target <= 20 us); naive string scan %.2f "
           "us/query; ratio naive/tdn = %.1fx\n",
           kb->n_muscles, fast, naive, naive / (fast > 0 ? fast : 1e-9));
    tdn_kb_free(kb);
    tdn_kbfiles_free(&files);
    return sink < 0;
}
