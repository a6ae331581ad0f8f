/* test_protocol.c — the needling session state machine: every transition and
 * every refusal, named by rule id where a clinical rule decides. A refused
 * event must return TDN_EINPUT and leave the session byte-for-byte
 * unchanged (sx_refused checks both). */
#include "session_fixture.h"

#include <stdio.h>

static void open_with(sx *x, bool consent, bool screening, int decision, int64_t screened_at)
{
    tdn_open_input in = {.has_screening = screening,
                         .decision = decision,
                         .screened_at = screened_at,
                         .has_consent = consent,
                         .consented_at = screened_at};
    tdn_err err = {0};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, T0, &err), TDN_OK);
}

/* protocol.screening: consent + a recent go/caution screening → screened. */
static void open_screened_protocol_screening(void **state)
{
    sx *x = *state;
    open_with(x, true, true, TDN_DECISION_CAUTION, T0 - 3600);
    assert_int_equal(x->s->state, TDN_SESSION_SCREENED);
    assert_string_equal(x->s->unscreened, "");
    assert_int_equal(x->s->opened_at, T0);
}

static void open_unscreened_reasons_protocol_screening(void **state)
{
    sx *x = *state;
    open_with(x, false, true, TDN_DECISION_GO, T0 - 3600);
    assert_int_equal(x->s->state, TDN_SESSION_OPEN);
    assert_non_null(strstr(x->s->unscreened, "no consent"));
    open_with(x, true, false, 0, 0);
    assert_int_equal(x->s->state, TDN_SESSION_OPEN);
    assert_non_null(strstr(x->s->unscreened, "no screening"));
    open_with(x, true, true, TDN_DECISION_NO_GO, T0 - 3600);
    assert_int_equal(x->s->state, TDN_SESSION_OPEN);
    assert_non_null(strstr(x->s->unscreened, "no_go"));
    open_with(x, true, true, 0, T0 - 3600); /* stored but never decided ("unscreened") */
    assert_int_equal(x->s->state, TDN_SESSION_OPEN);
    assert_non_null(strstr(x->s->unscreened, "no decision"));
}

/* protocol.screening_valid_days: 30 days is still valid, one second more is stale. */
static void open_stale_screening_protocol_screening_valid_days(void **state)
{
    sx *x = *state;
    assert_int_equal(x->rules.screening_valid_days, 30);
    open_with(x, true, true, TDN_DECISION_GO, T0 - 30 * 86400);
    assert_int_equal(x->s->state, TDN_SESSION_SCREENED);
    open_with(x, true, true, TDN_DECISION_GO, T0 - 30 * 86400 - 1);
    assert_int_equal(x->s->state, TDN_SESSION_OPEN);
    assert_non_null(strstr(x->s->unscreened, "protocol.screening_valid_days"));
    assert_non_null(strstr(x->s->unscreened, "30 days old (valid for 30 days"));
    /* a clinic that keeps a screening for one day reads it in the singular */
    x->rules.screening_valid_days = 1;
    open_with(x, true, true, TDN_DECISION_GO, T0 - 86400 - 1);
    assert_non_null(strstr(x->s->unscreened, "1 day old (valid for 1 day,"));
}

static void open_rejects_future_screening(void **state)
{
    sx *x = *state;
    tdn_open_input in = {
        .has_screening = true, .decision = 1, .screened_at = T0 + 1, .has_consent = true};
    tdn_err err = {0};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, T0, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "screening"));
}

/* protocol.screening: needling an unscreened session needs an override with a reason. */
static void insert_unscreened_needs_override_protocol_screening(void **state)
{
    sx *x = *state;
    open_with(x, true, false, 0, 0);
    tdn_insert in = {.muscle = "splenius_capitis", .side = 'R', .technique = TDN_TECH_DEEP};
    tdn_insert_result res;
    tdn_err err = {0};
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 60, &res, &err), &err,
               "protocol.screening");
    in.override = "";
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 60, &res, &err), &err,
               "--override");
    in.override = "screening done on paper today, scanned tomorrow";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 60, &res, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_NEEDLING);
    assert_int_equal(x->s->n_overrides, 1);
    assert_string_equal(x->s->overrides[0].rule, "protocol.screening");
    assert_string_equal(x->s->overrides[0].reason, in.override);
    assert_int_equal(x->s->overrides[0].needle, 1);
    assert_non_null(strstr(res.warnings[0], "override of protocol.screening"));
    /* the override covers the session: a second needle needs none */
    in.override = NULL;
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 70, &res, &err), TDN_OK);
    assert_int_equal(x->s->n_overrides, 1);
}

/* protocol.blocked_region: any trigger point site blocked on that side → refused. */
static void insert_blocked_region_protocol_blocked_region(void **state)
{
    sx *x = *state;
    tdn_pain blocked[] = {{tdn_region_find("calf"), 'R', -1},
                          {tdn_region_find("shoulder_top"), 'B', -1}};
    tdn_open_input in = {.has_screening = true,
                         .decision = TDN_DECISION_CAUTION,
                         .screened_at = T0 - 60,
                         .blocked = blocked,
                         .n_blocked = 2,
                         .has_consent = true,
                         .consented_at = T0 - 60};
    tdn_err err = {0};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, T0, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_SCREENED);
    tdn_insert ins = {.muscle = "gastrocnemius", .side = 'R', .technique = TDN_TECH_DEEP};
    tdn_insert_result res;
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 1, &res, &err), &err,
               "protocol.blocked_region");
    /* the other calf is not blocked */
    ins.side = 'L';
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 2, &res, &err), TDN_OK);
    /* upper trapezius: shoulder_top blocked on both sides; its posterior_neck
     * site is free, but the needle event does not say which site → refused */
    ins.muscle = "upper_trapezius";
    ins.side = 'R';
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 3, &res, &err), &err,
               "protocol.blocked_region");
    assert_non_null(strstr(err.msg, "shoulder_top:R, a trigger point site of upper_trapezius"));
    /* with a written reason the blocked calf may be needled; the override is recorded */
    ins = (tdn_insert){.muscle = "gastrocnemius",
                       .side = 'R',
                       .technique = TDN_TECH_DEEP,
                       .override = "lesion healed, checked today"};
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 4, &res, &err), TDN_OK);
    assert_string_equal(x->s->overrides[0].rule, "protocol.blocked_region");
    assert_string_equal(x->s->overrides[0].muscle, "gastrocnemius");
    assert_int_equal(x->s->overrides[0].side, 'R');
}

/* protocol.blocked_muscle: a muscle the screening blocked (one that cannot be
 * compressed, under anticoagulants: AHPCSA BN 121 §3.1.5) is refused on
 * either side without a written override; other muscles are not. */
static void insert_blocked_muscle_protocol_blocked_muscle(void **state)
{
    sx *x = *state;
    const char muscles[][TDN_ID_MAX] = {"infraspinatus"};
    tdn_open_input in = {.has_screening = true,
                         .decision = TDN_DECISION_CAUTION,
                         .screened_at = T0 - 60,
                         .blocked_muscles = muscles,
                         .n_blocked_muscles = 1,
                         .has_consent = true,
                         .consented_at = T0 - 60};
    tdn_err err = {0};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, T0, &err), TDN_OK);
    assert_int_equal(x->s->n_blocked_muscles, 1);
    tdn_insert ins = {.muscle = "infraspinatus", .side = 'R', .technique = TDN_TECH_DEEP};
    tdn_insert_result res;
    for (int side = 0; side < 2; side++) {
        ins.side = side ? 'L' : 'R';
        sx_snapshot(x);
        sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 1, &res, &err), &err,
                   "protocol.blocked_muscle");
        assert_non_null(strstr(err.msg, "cannot be compressed"));
    }
    ins.muscle = "gastrocnemius";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 2, &res, &err), TDN_OK);
    ins = (tdn_insert){.muscle = "infraspinatus",
                       .side = 'R',
                       .technique = TDN_TECH_SUPERFICIAL,
                       .override = "INR checked today, superficial only"};
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 3, &res, &err), TDN_OK);
    assert_string_equal(x->s->overrides[0].rule, "protocol.blocked_muscle");
    assert_string_equal(x->s->overrides[0].muscle, "infraspinatus");
    /* the override covers that muscle on that side only */
    ins.side = 'L';
    ins.override = NULL;
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0 + 4, &res, &err), &err,
               "protocol.blocked_muscle");
}

/* protocol.unplanned_region: needling outside the regions the screening
 * assessed is flagged (not refused): regional contraindications there were
 * not checked. */
static void insert_unplanned_region_warns_protocol_unplanned_region(void **state)
{
    sx *x = *state;
    tdn_pain planned[] = {{tdn_region_find("posterior_neck"), 'R', -1},
                          {tdn_region_find("calf"), 'B', -1}};
    tdn_open_input in = {.has_screening = true,
                         .decision = TDN_DECISION_GO,
                         .screened_at = T0 - 60,
                         .planned = planned,
                         .n_planned = 2,
                         .has_consent = true,
                         .consented_at = T0 - 60};
    tdn_err err = {0};
    assert_int_equal(tdn_session_open(x->s, &x->rules, &in, T0, &err), TDN_OK);
    assert_int_equal(x->s->n_planned, 2);
    tdn_insert ins = {.muscle = "infraspinatus", .side = 'R', .technique = TDN_TECH_DEEP};
    tdn_insert_result res;
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 1);
    assert_non_null(strstr(res.warnings[0], "protocol.unplanned_region"));
    assert_non_null(strstr(res.warnings[0], "infraspinatus R"));
    /* a site among the planned regions on that side: no warning */
    ins.muscle = "splenius_capitis";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 0);
    ins.side = 'L'; /* posterior_neck was planned on the right only */
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 1);
    ins.muscle = "gastrocnemius"; /* calf:B covers both sides */
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 0);
    /* no planned regions given: nothing to compare with, no warning */
    sx_open_screened(x);
    ins.muscle = "infraspinatus";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &ins, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 0);
}

/* safety.bilateral_lung: lung-field muscles on both sides in one session → refused. */
static void insert_bilateral_lung_safety_bilateral_lung(void **state)
{
    sx *x = *state;
    assert_true(x->rules.bilateral_lung);
    sx_open_screened(x);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0 + 10);
    sx_insert(x, "levator_scapulae", 'R', TDN_TECH_DEEP, T0 + 20); /* same side: fine */
    sx_insert(x, "splenius_capitis", 'L', TDN_TECH_DEEP, T0 + 30); /* no lung hazard: fine */
    tdn_insert in = {.muscle = "levator_scapulae", .side = 'L', .technique = TDN_TECH_DEEP};
    tdn_insert_result res;
    tdn_err err = {0};
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 40, &res, &err), &err,
               "safety.bilateral_lung");
    assert_non_null(strstr(err.msg, "#1 (upper_trapezius R)"));
    /* still refused after needle #1 is out: the lung on that side was needled */
    assert_int_equal(tdn_session_withdraw(x->s, 1, T0 + 50, &err), TDN_OK);
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 60, &res, &err), &err,
               "safety.bilateral_lung");
    in.override = "bilateral levator spasm, ultrasound-guided, depth 15 mm";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 70, &res, &err), TDN_OK);
    assert_string_equal(x->s->overrides[0].rule, "safety.bilateral_lung");
}

/* Thorax safety: a lung-hazard muscle returns the hazard and the needle length. */
static void insert_lung_hazard_warns_with_length(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    tdn_insert in = {.muscle = "upper_trapezius",
                     .side = 'R',
                     .technique = TDN_TECH_DEEP,
                     .gauge_mm = 0.25,
                     .length_mm = 40,
                     .palpation = "pincer"};
    tdn_insert_result res;
    tdn_err err = {0};
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 2);
    assert_non_null(strstr(res.warnings[0], "hazard lung"));
    assert_non_null(strstr(res.warnings[0], "40 mm"));
    assert_non_null(strstr(res.warnings[1], "nerve:spinal_accessory"));
    in.length_mm = 0;
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0, &res, &err), TDN_OK);
    assert_non_null(strstr(res.warnings[0], "not recorded"));
    in.muscle = "splenius_capitis";
    assert_int_equal(tdn_session_insert(x->s, x->kb, &x->rules, &in, T0, &res, &err), TDN_OK);
    assert_int_equal(res.n_warnings, 0);
    const tdn_needle *n = tdn_session_needle(x->s, 1);
    assert_string_equal(n->palpation, "pincer");
    assert_int_equal(n->length_mm, 40);
    assert_true(n->gauge_mm > 0.24 && n->gauge_mm < 0.26);
}

static void insert_validates_fields(void **state)
{
    sx *x = *state;
    sx_open_screened(x);
    tdn_insert_result res;
    tdn_err err = {0};
    struct {
        tdn_insert in;
        const char *want;
    } bad[] = {
        {{.muscle = "upper_trapezuis", .side = 'R', .technique = 1},
         "did you mean 'upper_trapezius'"},
        {{.muscle = NULL, .side = 'R', .technique = 1}, "muscle: required"},
        {{.muscle = "infraspinatus", .side = 'B', .technique = 1}, "side"},
        {{.muscle = "infraspinatus", .side = 'R', .technique = 0}, "technique"},
        {{.muscle = "infraspinatus", .side = 'R', .technique = 1, .palpation = "grip"},
         "palpation"},
        {{.muscle = "infraspinatus", .side = 'R', .technique = 1, .gauge_mm = 0.8}, "gauge"},
        {{.muscle = "infraspinatus", .side = 'R', .technique = 1, .length_mm = 300}, "length"},
    };
    sx_snapshot(x);
    tdn_insert early = {.muscle = "infraspinatus", .side = 'R', .technique = 1};
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &early, T0 - 1, &res, &err), &err,
               "before the session opened");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &bad[i].in, T0, &res, &err), &err,
                   bad[i].want);
}

/* Deep: LTRs and redirections counted on a needle in. */
static void deep_ltr_redirect_withdraw(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0 + 100);
    assert_int_equal(tdn_session_ltr(x->s, n, T0 + 110, &err), TDN_OK);
    assert_int_equal(tdn_session_ltr(x->s, n, T0 + 111, &err), TDN_OK);
    assert_int_equal(tdn_session_redirect(x->s, n, T0 + 112, &err), TDN_OK);
    assert_int_equal(tdn_session_ltr(x->s, n, T0 + 113, &err), TDN_OK);
    assert_int_equal(tdn_session_withdraw(x->s, n, T0 + 400, &err), TDN_OK);
    const tdn_needle *nd = tdn_session_needle(x->s, n);
    assert_int_equal(nd->ltr_count, 3);
    assert_int_equal(nd->redirections, 1);
    assert_int_equal(nd->dwell_s, 300);
    assert_int_equal(nd->state, TDN_NEEDLE_OUT);
    assert_int_equal(x->s->state, TDN_SESSION_NEEDLES_OUT);
    /* out of order: a needle that is out */
    sx_snapshot(x);
    sx_refused(x, tdn_session_withdraw(x->s, n, T0 + 401, &err), &err, "is out, not in");
    sx_refused(x, tdn_session_ltr(x->s, n, T0 + 401, &err), &err, "is out");
    sx_refused(x, tdn_session_redirect(x->s, n, T0 + 401, &err), &err, "is out");
    sx_refused(x, tdn_session_withdraw(x->s, 9, T0 + 401, &err), &err, "no needle #9");
    sx_refused(x, tdn_session_withdraw(x->s, 0, T0 + 401, &err), &err, "no needle #0");
    /* deep needles are not reinserted: a new needle is */
    sx_refused(x, tdn_session_reinsert(x->s, n, T0 + 402, &err), &err, "is deep");
}

/* protocol.superficial_no_ltr: superficial needling does not seek LTRs or redirect. */
static void superficial_no_ltr_protocol_superficial_no_ltr(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "infraspinatus", 'L', TDN_TECH_SUPERFICIAL, T0);
    sx_snapshot(x);
    sx_refused(x, tdn_session_ltr(x->s, n, T0 + 5, &err), &err, "protocol.superficial_no_ltr");
    sx_refused(x, tdn_session_redirect(x->s, n, T0 + 5, &err), &err, "superficial");
}

/* Superficial rounds: 30 s, withdraw, reassess, reinsert for 2 min, repeat. */
static void superficial_rounds_reinsert(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "infraspinatus", 'L', TDN_TECH_SUPERFICIAL, T0);
    sx_snapshot(x);
    sx_refused(x, tdn_session_reinsert(x->s, n, T0 + 10, &err), &err, "is in, not out");
    assert_int_equal(tdn_session_withdraw(x->s, n, T0 + 30, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_NEEDLES_OUT);
    assert_int_equal(tdn_session_reinsert(x->s, n, T0 + 60, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_NEEDLING);
    assert_int_equal(tdn_session_withdraw(x->s, n, T0 + 180, &err), TDN_OK);
    assert_int_equal(tdn_session_reinsert(x->s, n, T0 + 200, &err), TDN_OK);
    assert_int_equal(tdn_session_withdraw(x->s, n, T0 + 320, &err), TDN_OK);
    const tdn_needle *nd = tdn_session_needle(x->s, n);
    assert_int_equal(nd->rounds, 3);
    assert_int_equal(nd->dwell_s, 30 + 120 + 120);
    assert_int_equal(nd->inserted_at, T0);
    assert_int_equal(nd->withdrawn_at, T0 + 320);
    /* time cannot run backwards for a needle */
    sx_snapshot(x);
    sx_refused(x, tdn_session_reinsert(x->s, n, T0 + 300, &err), &err, "before");
}

static void estim_recorded_and_validated(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "gastrocnemius", 'R', TDN_TECH_DEEP, T0);
    tdn_estim_input e = {
        .freq_hz = 2, .pulse_us = 250, .duration_s = 600, .intensity = "strong but comfortable"};
    sx_snapshot(x);
    tdn_estim_input bad = e;
    bad.freq_hz = 0;
    sx_refused(x, tdn_session_estim(x->s, n, &bad, T0 + 1, &err), &err, "freq");
    bad = e;
    bad.pulse_us = 5000;
    sx_refused(x, tdn_session_estim(x->s, n, &bad, T0 + 1, &err), &err, "pulse");
    bad = e;
    bad.duration_s = 0;
    sx_refused(x, tdn_session_estim(x->s, n, &bad, T0 + 1, &err), &err, "duration");
    bad = e;
    bad.intensity = "";
    sx_refused(x, tdn_session_estim(x->s, n, &bad, T0 + 1, &err), &err, "intensity");
    /* estim.pacemaker: a no_go e-stim screening rule refuses the current, naming the rule */
    bad = e;
    bad.forbidden = "estim.pacemaker";
    sx_refused(x, tdn_session_estim(x->s, n, &bad, T0 + 1, &err), &err, "estim.pacemaker");
    assert_int_equal(tdn_session_needle(x->s, n)->state, TDN_NEEDLE_IN);
    assert_int_equal(tdn_session_estim(x->s, n, &e, T0 + 60, &err), TDN_OK);
    const tdn_needle *nd = tdn_session_needle(x->s, n);
    assert_true(nd->estim.used);
    assert_int_equal(nd->estim.pulse_us, 250);
    assert_int_equal(nd->estim.started_at, T0 + 60);
    assert_string_equal(nd->estim.intensity, "strong but comfortable");
    assert_int_equal(tdn_session_withdraw(x->s, n, T0 + 700, &err), TDN_OK);
    sx_snapshot(x);
    sx_refused(x, tdn_session_estim(x->s, n, &e, T0 + 701, &err), &err, "is out");
}

/* ledger.broken_needs_ae: a broken needle needs an incident note and records an AE. */
static void broken_needs_incident_ledger_broken_needs_ae(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    int n = sx_insert(x, "gastrocnemius", 'R', TDN_TECH_DEEP, T0);
    sx_snapshot(x);
    sx_refused(x, tdn_session_broken(x->s, n, "moderate", "", T0 + 5, &err), &err, "incident");
    sx_refused(x, tdn_session_broken(x->s, n, "awful", "shaft broke", T0 + 5, &err), &err,
               "severity");
    assert_int_equal(tdn_session_broken(x->s, n, "moderate",
                                        "shaft broke at the hub, fragment removed with forceps",
                                        T0 + 5, &err),
                     TDN_OK);
    assert_int_equal(tdn_session_needle(x->s, n)->state, TDN_NEEDLE_BROKEN);
    assert_int_equal(x->s->n_aes, 1);
    assert_string_equal(x->s->aes[0].kind, "needle_breakage");
    assert_int_equal(x->s->aes[0].needle, n);
    assert_int_equal(x->s->state, TDN_SESSION_NEEDLES_OUT);
    tdn_ledger l = tdn_ledger_count(x->s->needles, x->s->n_needles);
    assert_int_equal(l.broken, 1);
    assert_true(tdn_ledger_balanced(&l));
    /* broken is accounted for: the session may close */
    assert_int_equal(tdn_session_close(x->s, T0 + 60, NULL, &err), TDN_OK);
}

static void ae_validated_and_allowed_after_close(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    sx_snapshot(x);
    sx_refused(x, tdn_session_ae(x->s, "bruise", "mild", NULL, 0, T0, &err), &err,
               "unknown adverse event 'bruise'");
    sx_refused(x, tdn_session_ae(x->s, "bruising", "bad", NULL, 0, T0, &err), &err, "severity");
    sx_refused(x, tdn_session_ae(x->s, "bruising", "mild", NULL, 3, T0, &err), &err, "needle");
    assert_int_equal(tdn_session_ae(x->s, "syncope", "moderate", "felt faint", 0, T0, &err),
                     TDN_OK);
    assert_int_equal(tdn_session_close(x->s, T0 + 10, NULL, &err), TDN_OK);
    /* soreness reported the next day still belongs to this session */
    assert_int_equal(tdn_session_ae(x->s, "soreness", "mild", NULL, 0, T0 + 86400, &err), TDN_OK);
    assert_int_equal(x->s->n_aes, 2);
}

/* ledger.close_all_out: close refused while a needle is in, listing it. */
static void close_refused_with_needle_in_ledger_close_all_out(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    sx_open_screened(x);
    sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0 + 60);
    sx_insert(x, "levator_scapulae", 'R', TDN_TECH_DEEP, T0 + 120);
    assert_int_equal(tdn_session_withdraw(x->s, 1, T0 + 600, &err), TDN_OK);
    sx_snapshot(x);
    sx_refused(x, tdn_session_close(x->s, T0 + 720, NULL, &err), &err, "1 needle still in");
    assert_non_null(strstr(err.msg, "#2 levator_scapulae R in since"));
    assert_non_null(strstr(err.msg, "(10 min)"));
    assert_null(strstr(err.msg, "#1 "));
    sx_refused(x, tdn_session_abort(x->s, "patient felt faint", T0 + 720, NULL, &err), &err,
               "still in");
    assert_int_equal(tdn_session_withdraw(x->s, 2, T0 + 730, &err), TDN_OK);
    assert_int_equal(tdn_session_close(x->s, T0 + 740, NULL, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_CLOSED);
    assert_int_equal(x->s->ended_at, T0 + 740);
}

/* Closed and aborted sessions accept no further needling. */
static void ended_sessions_refuse_events(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    tdn_insert in = {.muscle = "infraspinatus", .side = 'R', .technique = TDN_TECH_DEEP};
    tdn_insert_result res;
    sx_open_screened(x);
    sx_insert(x, "infraspinatus", 'R', TDN_TECH_SUPERFICIAL, T0);
    assert_int_equal(tdn_session_withdraw(x->s, 1, T0 + 30, &err), TDN_OK);
    assert_int_equal(tdn_session_close(x->s, T0 + 40, NULL, &err), TDN_OK);
    sx_snapshot(x);
    sx_refused(x, tdn_session_close(x->s, T0 + 50, NULL, &err), &err, "already closed");
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 50, &res, &err), &err,
               "already closed");
    sx_refused(x, tdn_session_reinsert(x->s, 1, T0 + 50, &err), &err, "already closed");
    sx_refused(x, tdn_session_abort(x->s, "x", T0 + 50, NULL, &err), &err, "already closed");

    sx_open_screened(x);
    sx_snapshot(x);
    sx_refused(x, tdn_session_abort(x->s, "", T0 + 5, NULL, &err), &err, "reason");
    assert_int_equal(tdn_session_abort(x->s, "patient declined", T0 + 5, NULL, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_ABORTED);
    assert_string_equal(x->s->abort_reason, "patient declined");
    sx_snapshot(x);
    sx_refused(x, tdn_session_insert(x->s, x->kb, &x->rules, &in, T0 + 50, &res, &err), &err,
               "already aborted");
    sx_refused(x, tdn_session_close(x->s, T0 + 50, NULL, &err), &err, "already aborted");
}

/* A session in which nothing was needled may close (consultation only). */
static void close_without_needles(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    open_with(x, false, false, 0, 0);
    assert_int_equal(tdn_session_close(x->s, T0 + 5, NULL, &err), TDN_OK);
    assert_int_equal(x->s->state, TDN_SESSION_CLOSED);
}

/* protocol.deep_dwell_max, protocol.superficial_first, protocol.superficial_second. */
static void due_timers_protocol_deep_dwell_max_superficial_first_second(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    tdn_due due[8];
    assert_int_equal(x->rules.deep_dwell_max_s, 900);
    assert_int_equal(x->rules.superficial_first_s, 30);
    assert_int_equal(x->rules.superficial_second_s, 120);
    sx_open_screened(x);
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0, due, 8), 0);
    int deep = sx_insert(x, "upper_trapezius", 'R', TDN_TECH_DEEP, T0);
    int sup = sx_insert(x, "infraspinatus", 'R', TDN_TECH_SUPERFICIAL, T0 + 100);
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 110, due, 8), 2);
    assert_int_equal(due[0].needle, sup); /* soonest first */
    assert_int_equal(due[0].kind, TDN_DUE_SUPERFICIAL_FIRST);
    assert_string_equal(due[0].rule, "protocol.superficial_first");
    assert_int_equal(due[0].remaining_s, 20);
    assert_false(due[0].due);
    assert_int_equal(due[1].kind, TDN_DUE_DEEP_DWELL);
    assert_int_equal(due[1].remaining_s, 790);
    /* the boundaries: due exactly at 30 s and at 15 min */
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 130, due, 8), 2);
    assert_true(due[0].due);
    assert_int_equal(due[0].remaining_s, 0);
    assert_non_null(strstr(due[0].message, "withdraw and reassess"));
    assert_int_equal(tdn_session_withdraw(x->s, sup, T0 + 131, &err), TDN_OK);
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 899, due, 8), 1);
    assert_false(due[0].due);
    assert_int_equal(due[0].remaining_s, 1);
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 960, due, 8), 1);
    assert_true(due[0].due);
    assert_int_equal(due[0].remaining_s, -60);
    assert_non_null(strstr(due[0].message, "over by 1:00"));
    /* second round: 2 min */
    assert_int_equal(tdn_session_reinsert(x->s, sup, T0 + 200, &err), TDN_OK);
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 200, due, 8), 2);
    assert_int_equal(due[0].kind, TDN_DUE_SUPERFICIAL_SECOND);
    assert_int_equal(due[0].due_at, T0 + 320);
    /* max limits what is written, not the count */
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 200, due, 1), 2);
    (void)deep;
}

static void due_estim_end(void **state)
{
    sx *x = *state;
    tdn_err err = {0};
    tdn_due due[4];
    sx_open_screened(x);
    int n = sx_insert(x, "gastrocnemius", 'L', TDN_TECH_DEEP, T0);
    tdn_estim_input e = {.freq_hz = 2, .pulse_us = 250, .duration_s = 300, .intensity = "mild"};
    assert_int_equal(tdn_session_estim(x->s, n, &e, T0 + 60, &err), TDN_OK);
    assert_int_equal(tdn_protocol_due(x->s, &x->rules, T0 + 60, due, 4), 2);
    assert_int_equal(due[0].kind, TDN_DUE_ESTIM_END);
    assert_int_equal(due[0].remaining_s, 300);
}

/* Loader errors name file, line and field. */
static void rules_loader_errors(void **state)
{
    (void)state;
    const char *head = "id\tvalue\tunit\tdescription\tsource\n";
    const char *good[] = {"protocol.deep_dwell_max\t900\ts\td\tsrc\n",
                          "protocol.superficial_first\t30\ts\td\tsrc\n",
                          "protocol.superficial_second\t120\ts\td\tsrc\n",
                          "protocol.screening_valid_days\t30\td\td\tsrc\n",
                          "safety.bilateral_lung\t1\trule\td\tsrc\n",
                          "protocol.screening\t1\trule\td\tsrc\n",
                          "protocol.blocked_region\t1\trule\td\tsrc\n",
                          "protocol.unplanned_region\t1\trule\td\tsrc\n",
                          "protocol.superficial_no_ltr\t1\trule\td\tsrc\n",
                          "ledger.close_all_out\t1\trule\td\tsrc\n",
                          "ledger.broken_needs_ae\t1\trule\td\tsrc\n",
                          "protocol.blocked_muscle\t1\trule\td\tsrc\n"};
    enum { N_GOOD = sizeof good / sizeof *good };
    struct {
        int replace;
        const char *row;
        const char *want;
    } cases[] = {
        {-1, "", NULL},
        {0, "protocol.deep_dwell_max\t15\tmin\td\tsrc\n", "protocol.tsv:2: unit: must be 's'"},
        {0, "protocol.deep_dwel_max\t900\ts\td\tsrc\n", "id: unknown rule id"},
        {1, "protocol.superficial_first\tabc\ts\td\tsrc\n", "protocol.tsv:3: value"},
        {2, "protocol.deep_dwell_max\t900\ts\td\tsrc\n", "given twice"},
        {4, "", "rule 'safety.bilateral_lung' missing"},
        {3, "protocol.screening_valid_days\t30\td\td\t\n", "source: empty"},
        /* an always-enforced rule cannot be switched off by editing the data */
        {9, "ledger.close_all_out\t0\trule\td\tsrc\n",
         "protocol.tsv:11: value: must be 1: ledger.close_all_out is always enforced"},
        {4, "safety.bilateral_lung\t0\tflag\td\tsrc\n", "unit: must be 'rule'"},
        {10, "", "rule 'ledger.broken_needs_ae' missing"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char text[4096];
        size_t len = (size_t)snprintf(text, sizeof text, "%s", head);
        for (int i = 0; i < N_GOOD; i++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s",
                                    i == cases[c].replace ? cases[c].row : good[i]);
        tdn_text_file f = {"protocol.tsv", text, len};
        tdn_protocol_rules r;
        tdn_err err = {0};
        int rc = tdn_protocol_rules_load(&r, &f, 1, &err);
        if (!cases[c].want) {
            assert_int_equal(rc, TDN_OK);
            continue;
        }
        assert_int_equal(rc, TDN_EINPUT);
        if (!strstr(err.msg, cases[c].want)) print_error("%s lacks %s\n", err.msg, cases[c].want);
        assert_non_null(strstr(err.msg, cases[c].want));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_screened_protocol_screening),
        cmocka_unit_test(open_unscreened_reasons_protocol_screening),
        cmocka_unit_test(open_stale_screening_protocol_screening_valid_days),
        cmocka_unit_test(open_rejects_future_screening),
        cmocka_unit_test(insert_unscreened_needs_override_protocol_screening),
        cmocka_unit_test(insert_blocked_region_protocol_blocked_region),
        cmocka_unit_test(insert_blocked_muscle_protocol_blocked_muscle),
        cmocka_unit_test(insert_unplanned_region_warns_protocol_unplanned_region),
        cmocka_unit_test(insert_bilateral_lung_safety_bilateral_lung),
        cmocka_unit_test(insert_lung_hazard_warns_with_length),
        cmocka_unit_test(insert_validates_fields),
        cmocka_unit_test(deep_ltr_redirect_withdraw),
        cmocka_unit_test(superficial_no_ltr_protocol_superficial_no_ltr),
        cmocka_unit_test(superficial_rounds_reinsert),
        cmocka_unit_test(estim_recorded_and_validated),
        cmocka_unit_test(broken_needs_incident_ledger_broken_needs_ae),
        cmocka_unit_test(ae_validated_and_allowed_after_close),
        cmocka_unit_test(close_refused_with_needle_in_ledger_close_all_out),
        cmocka_unit_test(ended_sessions_refuse_events),
        cmocka_unit_test(close_without_needles),
        cmocka_unit_test(due_timers_protocol_deep_dwell_max_superficial_first_second),
        cmocka_unit_test(due_estim_end),
        cmocka_unit_test(rules_loader_errors),
    };
    return cmocka_run_group_tests(tests, sx_setup, sx_teardown);
}
