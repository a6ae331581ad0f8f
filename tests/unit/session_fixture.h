/* session_fixture.h — what the session tests share: a small hand-made KB with
 * lung-field and other muscles, the real protocol / billing / aftercare data
 * files (embedded in the binary, so the tests also validate data/), and
 * helpers to open a session and to check that a refused event changed
 * nothing. */
#ifndef TDN_SESSION_FIXTURE_H
#define TDN_SESSION_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "app/kbfiles.h"
#include "core/aftercare.h"
#include "core/billing.h"
#include "core/kb.h"
#include "core/protocol.h"

#define SX_MUSCLE_HEADER                                                                           \
    "id\tname\tarea\ttp_sites\tessential\tspillover\tpalpation\tpalpable\tcompressible\thazards\t" \
    "conditions\tsource\n"

static const char sx_muscles[] = SX_MUSCLE_HEADER
    "upper_trapezius\tUpper trapezius\thead_neck\tshoulder_top,posterior_neck\tposterior_neck,"
    "temple\tjaw\tpincer\ty\ty\tlung,nerve:spinal_accessory\tneck_pain\ttest\n"
    "levator_scapulae\tLevator scapulae\thead_neck\tposterior_neck,scapula\tposterior_neck,"
    "shoulder_top\t-\tflat\ty\ty\tlung\tneck_pain\ttest\n"
    "splenius_capitis\tSplenius capitis\thead_neck\tposterior_neck\tvertex\t-\tflat\ty\ty\t-\t"
    "neck_pain\ttest\n"
    "gastrocnemius\tGastrocnemius\tleg_foot\tcalf\tcalf,sole\t-\tpincer\ty\ty\t-\t-\ttest\n"
    "infraspinatus\tInfraspinatus\tshoulder\tscapula\tanterior_shoulder\t-\tflat\ty\ty\t-\t-\t"
    "test\n";

static const char sx_conditions[] = "id\tname\ticd10\tmuscles\tsource\n"
                                    "neck_pain\tNeck pain\tM54.2\tupper_trapezius\ttest\n";

#define T0 ((int64_t)1795430000) /* 2026-11-23 */

typedef struct sx {
    tdn_kb *kb;
    tdn_kbfiles files; /* the embedded data/ files */
    tdn_protocol_rules rules;
    tdn_billing_rules billing;
    tdn_aftercare_rules *aftercare;
    tdn_needling *s;
    tdn_needling *copy;
} sx;

static inline int sx_setup(void **state)
{
    sx *x = calloc(1, sizeof *x);
    tdn_err err = {0};
    tdn_text_file f[] = {{"muscles.tsv", sx_muscles, sizeof sx_muscles - 1},
                         {"conditions.tsv", sx_conditions, sizeof sx_conditions - 1}};
    x->aftercare = calloc(1, sizeof *x->aftercare);
    x->s = calloc(1, sizeof *x->s);
    x->copy = calloc(1, sizeof *x->copy);
    if (!x || !x->aftercare || !x->s || !x->copy || tdn_kb_load(&x->kb, f, 2, &err) ||
        tdn_kbfiles_load(&x->files, NULL, &err) ||
        tdn_protocol_rules_load(&x->rules, x->files.files, x->files.n, &err) ||
        tdn_billing_load(&x->billing, x->files.files, x->files.n, &err) ||
        tdn_aftercare_load(x->aftercare, x->files.files, x->files.n, &err)) {
        print_error("fixture: %s\n", err.msg);
        return -1;
    }
    *state = x;
    return 0;
}

static inline int sx_teardown(void **state)
{
    sx *x = *state;
    tdn_kb_free(x->kb);
    tdn_kbfiles_free(&x->files);
    free(x->aftercare);
    free(x->s);
    free(x->copy);
    free(x);
    return 0;
}

/* Opens x->s at T0 with consent and a `go` screening from the day before. */
static inline void sx_open_screened(sx *x)
{
    tdn_open_input in = {.has_screening = true,
                         .decision = TDN_DECISION_GO,
                         .screened_at = T0 - 86400,
                         .has_consent = true,
                         .consented_at = T0 - 86400};
    tdn_err err = {0};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, T0, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_SCREENED);
}

/* Inserts a needle; returns its number (asserts success). */
static inline int sx_insert(sx *x, const char *muscle, char side, int technique, int64_t at)
{
    tdn_insert in = {.muscle = muscle, .side = side, .technique = technique, .guide_tube = true};
    tdn_insert_result res;
    tdn_err err = {0};
    int rc = tdn_session_insert(x->s, x->kb, &x->rules, &in, at, &res, &err);
    if (rc) print_error("insert %s: %s\n", muscle, err.msg);
    assert_int_equal(rc, TDN_OK);
    return res.needle;
}

/* Remembers the session before an event expected to be refused. */
static inline void sx_snapshot(sx *x)
{
    memcpy(x->copy, x->s, sizeof *x->s);
}

/* Asserts a refusal: TDN_EINPUT, message containing `want`, session unchanged. */
static inline void sx_refused(sx *x, int rc, const tdn_err *err, const char *want)
{
    assert_int_equal(rc, TDN_EINPUT);
    if (!strstr(err->msg, want)) print_error("message '%s' lacks '%s'\n", err->msg, want);
    assert_non_null(strstr(err->msg, want));
    assert_memory_equal(x->copy, x->s, sizeof *x->s);
}

#endif
