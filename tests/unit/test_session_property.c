/* test_session_property.c — property test of the needle ledger: thousands of
 * random event sequences (seeded PRNG, reproducible) never break
 * inserted = withdrawn + broken + still in, never close or abort with a
 * needle in (ledger.close_all_out), agree with an independent model of what
 * each event should do, and every refused event leaves the session
 * unchanged. */
#include "session_fixture.h"

#include <stdio.h>

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13; /* xorshift64 */
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* The model: per needle what the test believes its state is. */
typedef struct model {
    int state[TDN_SESSION_MAX_NEEDLES + 1];
    int tech[TDN_SESSION_MAX_NEEDLES + 1];
    int n;
    bool ended;
} model;

static const char *const muscles[] = {"upper_trapezius", "levator_scapulae", "splenius_capitis",
                                      "gastrocnemius", "infraspinatus"};

static int count_in(const model *m)
{
    int in = 0;
    for (int i = 1; i <= m->n; i++)
        in += m->state[i] == TDN_NEEDLE_IN;
    return in;
}

/* Applies one random event; checks the outcome against the model. */
static void step(sx *x, model *m, int64_t now)
{
    tdn_err err = {0};
    int needle = (int)rnd((uint32_t)m->n + 2); /* includes 0 and one past the end */
    bool known = needle >= 1 && needle <= m->n;
    int st = known ? m->state[needle] : 0;
    int rc = 0;
    bool expect_ok = false;
    int kind = (int)rnd(9);
    sx_snapshot(x);
    switch (kind) {
    case 0: {
        tdn_insert in = {.muscle = muscles[rnd(5)],
                         .side = rnd(2) ? 'L' : 'R',
                         .technique = rnd(2) ? TDN_TECH_DEEP : TDN_TECH_SUPERFICIAL,
                         .override = rnd(4) ? NULL : "clinical reason"};
        tdn_insert_result res;
        rc = tdn_session_insert(x->s, x->kb, &x->rules, &in, now, &res, &err);
        if (rc == TDN_OK) {
            assert_false(m->ended);
            m->n++;
            m->state[m->n] = TDN_NEEDLE_IN;
            m->tech[m->n] = in.technique;
        }
        expect_ok = rc == TDN_OK; /* refusals (bilateral lung, capacity) are checked below */
        assert_true(rc == TDN_OK || rc == TDN_EINPUT);
        break;
    }
    case 1:
        rc = tdn_session_withdraw(x->s, needle, now, &err);
        expect_ok = !m->ended && st == TDN_NEEDLE_IN;
        if (expect_ok) m->state[needle] = TDN_NEEDLE_OUT;
        break;
    case 2:
        rc = tdn_session_reinsert(x->s, needle, now, &err);
        expect_ok = !m->ended && st == TDN_NEEDLE_OUT && m->tech[needle] == TDN_TECH_SUPERFICIAL;
        if (expect_ok) m->state[needle] = TDN_NEEDLE_IN;
        break;
    case 3:
        rc = tdn_session_broken(x->s, needle, "mild", "tip bent and broke, removed", now, &err);
        expect_ok = !m->ended && st == TDN_NEEDLE_IN && x->copy->n_aes < TDN_SESSION_MAX_AES;
        if (expect_ok) m->state[needle] = TDN_NEEDLE_BROKEN;
        break;
    case 4:
        rc = tdn_session_ltr(x->s, needle, now, &err);
        expect_ok = !m->ended && st == TDN_NEEDLE_IN && m->tech[needle] == TDN_TECH_DEEP;
        break;
    case 5:
        rc = tdn_session_redirect(x->s, needle, now, &err);
        expect_ok = !m->ended && st == TDN_NEEDLE_IN && m->tech[needle] == TDN_TECH_DEEP;
        break;
    case 6:
        rc = tdn_session_close(x->s, now, NULL, &err);
        expect_ok = !m->ended && count_in(m) == 0;
        if (expect_ok) m->ended = true;
        break;
    case 7:
        if (rnd(4)) { /* abort rarely, so that most sequences run long */
            expect_ok = true;
            break;
        }
        rc = tdn_session_abort(x->s, "patient asked to stop", now, NULL, &err);
        expect_ok = !m->ended && count_in(m) == 0;
        if (expect_ok) m->ended = true;
        break;
    default: {
        tdn_estim_input e = {.freq_hz = 2, .pulse_us = 200, .duration_s = 120, .intensity = "ok"};
        rc = tdn_session_estim(x->s, needle, &e, now, &err);
        expect_ok = !m->ended && st == TDN_NEEDLE_IN;
    }
    }
    if (kind != 0) {
        if ((rc == TDN_OK) != expect_ok)
            print_error("event %d needle %d: rc %d, expected %s (%s)\n", kind, needle, rc,
                        expect_ok ? "ok" : "refusal", err.msg);
        assert_int_equal(rc == TDN_OK, expect_ok);
    }
    if (rc != TDN_OK) assert_memory_equal(x->copy, x->s, sizeof *x->s);
}

static void check_invariants(const sx *x, const model *m)
{
    tdn_ledger l = tdn_ledger_count(x->s->needles, x->s->n_needles);
    assert_true(tdn_ledger_balanced(&l));
    assert_int_equal(l.inserted, m->n);
    assert_int_equal(l.in, count_in(m));
    for (int i = 1; i <= m->n; i++)
        assert_int_equal(x->s->needles[i - 1].state, m->state[i]);
    if (x->s->state == TDN_SESSION_CLOSED || x->s->state == TDN_SESSION_ABORTED)
        assert_int_equal(l.in, 0); /* never ended with a needle in */
    if (x->s->state == TDN_SESSION_NEEDLING) assert_true(l.in > 0);
    if (x->s->state == TDN_SESSION_NEEDLES_OUT) assert_true(l.in == 0 && l.inserted > 0);
}

static void random_sequences_keep_the_ledger_ledger_close_all_out(void **state)
{
    sx *x = *state;
    int closed = 0, refused_close = 0;
    for (uint64_t seed = 1; seed <= 2000; seed++) {
        rng_state = seed * 0x9E3779B97F4A7C15ull;
        model m = {0};
        sx_open_screened(x);
        int64_t now = T0;
        int steps = 20 + (int)rnd(100);
        for (int i = 0; i < steps; i++) {
            now += rnd(90);
            int before = x->s->state;
            step(x, &m, now);
            check_invariants(x, &m);
            if (before != TDN_SESSION_CLOSED && x->s->state == TDN_SESSION_CLOSED) closed++;
        }
        if (count_in(&m) > 0 && !m.ended) {
            tdn_err err = {0};
            sx_snapshot(x);
            assert_int_equal(tdn_session_close(x->s, now, NULL, &err), TDN_EINPUT);
            assert_memory_equal(x->copy, x->s, sizeof *x->s);
            refused_close++;
        }
    }
    /* the sequences really exercised both outcomes */
    assert_true(closed > 100);
    assert_true(refused_close > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_sequences_keep_the_ledger_ledger_close_all_out),
    };
    return cmocka_run_group_tests(tests, sx_setup, sx_teardown);
}
