/* test_read_lock.c — long reads do not hold the write lock (issue 11): while
 * a report is reading, another connection can still write
 * (SQLite's progress handler writes from a second connection in the middle
 * of the read's first SELECT, with no busy wait), and each read is still
 * audited once, after it read. White-box: it hooks the store's connection
 * through sqlite_int.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store/sqlite_int.h"
#include "store_fixture.h"

typedef struct writer {
    sqlite3 *other; /* a second connection to the same file */
    int tried;      /* writes tried during a SELECT of the store's connection */
    int rc;         /* the first try's result code */
} writer;

/* True when a SELECT (not BEGIN, not the audit) runs on db now. */
static bool selecting(sqlite3 *db)
{
    for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) {
        const char *sql = sqlite3_sql(st);
        if (sqlite3_stmt_busy(st) && sql &&
            (!strncmp(sql, "WITH", 4) || !strncmp(sql, "SELECT", 6)))
            return true;
    }
    return false;
}

static sqlite3 *hooked_db;

static int write_meanwhile(void *ctx)
{
    writer *w = ctx;
    if (w->tried || !selecting(hooked_db)) return 0;
    w->tried++;
    w->rc = sqlite3_exec(w->other,
                         "INSERT INTO patient (name, birth, created) VALUES ('Other', "
                         "'1990-01-01', 1)",
                         NULL, NULL, NULL);
    return 0;
}

static void hook(store_fixture *f, writer *w)
{
    memset(w, 0, sizeof *w);
    assert_int_equal(sqlite3_open(f->path, &w->other), SQLITE_OK);
    sqlite3_busy_timeout(w->other, 0); /* a held write lock fails it at once */
    hooked_db = f->s->db;
    sqlite3_progress_handler(f->s->db, 1, write_meanwhile, w);
}

static void unhook(store_fixture *f, writer *w)
{
    sqlite3_progress_handler(f->s->db, 0, NULL, NULL);
    sqlite3_close(w->other);
}

static const char *const clinic_sql =
    "INSERT INTO patient VALUES (1, 'A', '1980-01-01', NULL, 1);"
    "INSERT INTO episode (id, patient_id, condition, icd10, opened) VALUES "
    "(1, 1, 'migraine', 'G43.909', 1);"
    "INSERT INTO session (id, patient_id, episode_id, clinician, opened_at) VALUES "
    "(1, 1, 1, 'drlee', 86400);"
    "INSERT INTO needle (session_id, number, muscle, side, technique, inserted_at) VALUES "
    "(1, 1, 'upper_trapezius', 'R', 'deep', 1);"
    "INSERT INTO measure (session_id, phase, kind, site, side, value, unit, recorded_at) VALUES "
    "(1, 'pre', 'nprs', 'temple', 'R', 6, 'nprs', 86500), "
    "(1, 'post', 'nprs', 'temple', 'R', 3, 'nprs', 86600);";

static void reports_let_others_write(void **state)
{
    (void)state;
    store_fixture f = {0};
    assert_int_equal(fixture_open(&f), 0);
    assert_int_equal(fixture_exec(&f, clinic_sql), SQLITE_OK);
    tdn_report_filter all = {.from = -1, .to = -1};
    tdn_err err = {0};
    writer w;

    hook(&f, &w);
    tdn_safety_counts sc;
    assert_int_equal(tdn_store_report_safety(f.s, &f.act, &all, &sc, &err), TDN_OK);
    unhook(&f, &w);
    assert_int_equal(w.tried, 1);
    assert_int_equal(w.rc, SQLITE_OK);
    assert_int_equal(sc.sessions, 1); /* its own snapshot */
    tdn_safety_counts_free(&sc);

    hook(&f, &w);
    tdn_outcome_counts oc;
    assert_int_equal(tdn_store_report_outcomes(f.s, &f.act, &all, &oc, &err), TDN_OK);
    unhook(&f, &w);
    assert_int_equal(w.rc, SQLITE_OK);
    assert_int_equal(oc.n[TDN_WIN_IMMEDIATE], 1);
    tdn_outcome_counts_free(&oc);

    hook(&f, &w);
    tdn_split_value *sv = NULL;
    size_t n = 0;
    assert_int_equal(tdn_store_report_split(f.s, &f.act, &all, &sv, &n, &err), TDN_OK);
    unhook(&f, &w);
    assert_int_equal(w.rc, SQLITE_OK);
    free(sv);

    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM patient WHERE name = 'Other'"), 3);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit WHERE action = 'report' AND "
                                     "patient_id IS NULL"),
                     3);
    fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reports_let_others_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
