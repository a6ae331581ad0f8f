/* test_appointment.c — the appointment book: core's rules (length, states,
 * overlap) and the store applying them: an overlap for one clinician is
 * refused naming the other appointment and writes nothing, touching
 * appointments and other clinicians' are fine, cancelled and no-show free
 * their time, only booked appointments move or change state, lists filter
 * by day and clinician, and every change is audited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/appointment.h"
#include "store_fixture.h"

#define T0 1764579600 /* 2025-12-01 09:00 UTC */
#define MIN 60

static int setup(void **state)
{
    static store_fixture f;
    if (fixture_open(&f)) return -1;
    tdn_err err = {0};
    tdn_patient a = {.name = "Ana Diaz", .birth = "1980-02-03"},
                b = {.name = "Ben Ode", .birth = "1975-06-01"};
    if (tdn_store_patient_add(f.s, &f.act, &a, NULL, &err) ||
        tdn_store_patient_add(f.s, &f.act, &b, NULL, &err) ||
        tdn_store_user_add(f.s, &f.act, "drlee", "Dr Jane Lee", "clinician", "long-enough-pw-1", 0,
                           NULL, &err) ||
        tdn_store_user_add(f.s, &f.act, "drkim", "Dr Kim", "clinician", "long-enough-pw-2", 0, NULL,
                           &err) ||
        tdn_store_user_add(f.s, &f.act, "desk", "Desk", "front_desk", "long-enough-pw-3", 0, NULL,
                           &err))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static int64_t book(store_fixture *f, int64_t patient, const char *who, int64_t starts, int minutes,
                    tdn_err *err)
{
    tdn_appointment a = {.patient_id = patient, .starts = starts, .ends = starts + minutes * MIN};
    snprintf(a.clinician, sizeof a.clinician, "%s", who);
    int64_t id = 0;
    return tdn_store_appt_add(f->s, &f->act, &a, &id, err) ? -1 : id;
}

static void core_rules(void **state)
{
    (void)state;
    tdn_err err = {0};
    assert_int_equal(tdn_appt_times_check(T0, T0 + 30 * MIN, &err), TDN_OK);
    assert_int_equal(tdn_appt_times_check(T0, T0 + 4 * MIN, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "minutes:"));
    assert_int_equal(tdn_appt_times_check(T0, T0 + 481 * MIN, &err), TDN_EINPUT);
    assert_int_equal(tdn_appt_times_check(T0, T0 - MIN, &err), TDN_EINPUT);
    assert_true(tdn_appt_overlaps(0, 10, 9, 20));
    assert_true(tdn_appt_overlaps(0, 10, 2, 3));
    assert_false(tdn_appt_overlaps(0, 10, 10, 20)); /* touching */
    assert_int_equal(tdn_appt_transition_check("booked", "checked_in", &err), TDN_OK);
    assert_int_equal(tdn_appt_transition_check("booked", "no_show", &err), TDN_OK);
    assert_int_equal(tdn_appt_transition_check("cancelled", "checked_in", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "refused"));
    assert_int_equal(tdn_appt_transition_check("checked_in", "checked_in", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "already"));
    assert_int_equal(tdn_appt_transition_check("booked", "gone", &err), TDN_EINPUT);
    assert_int_equal(tdn_appt_move_check("checked_in", &err), TDN_EINPUT);
    assert_false(tdn_appt_holds_time("cancelled"));
    assert_false(tdn_appt_holds_time("no_show"));
}

static void overlap_is_refused_naming_the_other(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t first = book(f, 1, "drlee", T0, 30, &err);
    assert_true(first > 0);
    long long rows = fixture_int(f, "SELECT count(*) FROM appointment");
    long long audit = fixture_int(f, "SELECT count(*) FROM audit");
    assert_int_equal(book(f, 2, "drlee", T0 + 15 * MIN, 30, &err), -1);
    char want[128];
    snprintf(want, sizeof want, "starts: refused: overlaps appointment %lld (Ana Diaz with drlee",
             (long long)first);
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(book(f, 2, "drlee", T0 - 10 * MIN, 60, &err), -1); /* around it */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM appointment"), rows);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit"), audit);
    assert_true(book(f, 2, "drlee", T0 + 30 * MIN, 30, &err) > 0); /* touching */
    assert_true(book(f, 2, "drkim", T0, 30, &err) > 0);            /* another clinician */
    assert_int_equal(book(f, 2, "desk", T0 + 2 * 3600, 30, &err), -1);
    assert_non_null(strstr(err.msg, "clinician:"));
    assert_int_equal(book(f, 9, "drlee", T0 + 2 * 3600, 30, &err), -1);
    assert_string_equal(err.msg, "patient: no patient with id 9");
}

static void cancelled_and_no_show_free_the_time(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t a = book(f, 1, "drlee", T0, 30, &err), b = book(f, 2, "drlee", T0 + 60 * MIN, 30, &err);
    assert_int_equal(tdn_store_appt_set_status(f->s, &f->act, a, "cancelled", &err), TDN_OK);
    assert_int_equal(tdn_store_appt_set_status(f->s, &f->act, b, "no_show", &err), TDN_OK);
    assert_true(book(f, 2, "drlee", T0, 30, &err) > 0);
    assert_true(book(f, 1, "drlee", T0 + 60 * MIN, 30, &err) > 0);
    assert_int_equal(tdn_store_appt_set_status(f->s, &f->act, a, "checked_in", &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "refused"));
    assert_int_equal(tdn_store_appt_set_status(f->s, &f->act, 99, "cancelled", &err), TDN_EINPUT);
    assert_string_equal(err.msg, "appointment: no appointment with id 99");
}

static void move_checks_the_book(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t a = book(f, 1, "drlee", T0, 30, &err), b = book(f, 2, "drlee", T0 + 60 * MIN, 30, &err);
    assert_int_equal(
        tdn_store_appt_move(f->s, &f->act, b, T0 + 10 * MIN, T0 + 40 * MIN, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "overlaps appointment"));
    /* moving within its own time is no overlap with itself */
    assert_int_equal(
        tdn_store_appt_move(f->s, &f->act, b, T0 + 70 * MIN, T0 + 100 * MIN, NULL, &err), TDN_OK);
    assert_int_equal(tdn_store_appt_move(f->s, &f->act, b, T0, T0 + 30 * MIN, "drkim", &err),
                     TDN_OK);
    tdn_appointment got;
    assert_int_equal(tdn_store_appt_get(f->s, &f->act, b, &got, &err), TDN_OK);
    assert_string_equal(got.clinician, "drkim");
    assert_string_equal(got.clinician_name, "Dr Kim");
    assert_string_equal(got.patient_name, "Ben Ode");
    assert_int_equal(got.starts, T0);
    assert_int_equal(tdn_store_appt_set_status(f->s, &f->act, a, "checked_in", &err), TDN_OK);
    assert_int_equal(tdn_store_appt_get(f->s, &f->act, a, &got, &err), TDN_OK);
    assert_int_equal(got.checked_in_at, f->act.now);
    assert_int_equal(
        tdn_store_appt_move(f->s, &f->act, a, T0 + 3 * 3600, T0 + 3 * 3600 + 1800, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "refused"));
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE tbl = 'appointment' AND "
                                    "action = 'change'"),
                     3);
}

static void list_by_day_and_clinician(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    book(f, 1, "drlee", T0, 30, &err);
    int64_t c = book(f, 2, "drkim", T0 + 60 * MIN, 30, &err);
    book(f, 2, "drlee", T0 + 86400, 30, &err); /* next day */
    tdn_store_appt_set_status(f->s, &f->act, c, "cancelled", &err);
    tdn_appointment *as = NULL;
    size_t n = 0;
    assert_int_equal(
        tdn_store_appt_list(f->s, &f->act, T0 - 3600, T0 + 12 * 3600, NULL, false, &as, &n, &err),
        TDN_OK);
    assert_int_equal(n, 1);
    assert_string_equal(as[0].patient_name, "Ana Diaz");
    free(as);
    assert_int_equal(
        tdn_store_appt_list(f->s, &f->act, T0 - 3600, T0 + 12 * 3600, NULL, true, &as, &n, &err),
        TDN_OK);
    assert_int_equal(n, 2);
    assert_string_equal(as[1].status, "cancelled");
    free(as);
    assert_int_equal(tdn_store_appt_list(f->s, &f->act, T0 - 3600, T0 + 2 * 86400, "drlee", false,
                                         &as, &n, &err),
                     TDN_OK);
    assert_int_equal(n, 2);
    free(as);
}

static void session_link(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t a = book(f, 1, "drlee", T0, 30, &err);
    tdn_session in = {.patient_id = 2};
    int64_t other = 0, mine = 0;
    assert_int_equal(tdn_store_session_open(f->s, &f->act, &in, &other, &err), TDN_OK);
    in.patient_id = 1;
    assert_int_equal(tdn_store_session_open(f->s, &f->act, &in, &mine, &err), TDN_OK);
    assert_int_equal(tdn_store_appt_link_session(f->s, &f->act, a, other, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "another patient's"));
    assert_int_equal(tdn_store_appt_link_session(f->s, &f->act, a, mine, &err), TDN_OK);
    tdn_appointment got;
    assert_int_equal(tdn_store_appt_get(f->s, &f->act, a, &got, &err), TDN_OK);
    assert_int_equal(got.session_id, mine);
    assert_string_equal(got.status, "checked_in");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(core_rules),
        cmocka_unit_test_setup_teardown(overlap_is_refused_naming_the_other, setup, teardown),
        cmocka_unit_test_setup_teardown(cancelled_and_no_show_free_the_time, setup, teardown),
        cmocka_unit_test_setup_teardown(move_checks_the_book, setup, teardown),
        cmocka_unit_test_setup_teardown(list_by_day_and_clinician, setup, teardown),
        cmocka_unit_test_setup_teardown(session_link, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
