/* test_store.c — the record store's foundation against a temporary SQLite
 * database: durable settings, migrations forward from an old database,
 * patients, the append-only audit, users with argon2id and lockout, and
 * "nothing written" on bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/wait.h>

#include "store_fixture.h"

static int setup(void **state)
{
    store_fixture *f = calloc(1, sizeof *f);
    if (!f || fixture_open(f)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    free(*state);
    return 0;
}

static void opens_with_durable_settings(void **state)
{
    store_fixture *f = *state;
    assert_int_equal(tdn_store_schema_version(f->s), tdn_store_schema_latest());
    assert_true(tdn_store_schema_latest() >= 2);
    assert_int_equal(fixture_int(f, "PRAGMA user_version"), tdn_store_schema_latest());
    /* WAL is a property of the file: a raw connection sees it. */
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void postgres_url_is_refused_clearly(void **state)
{
    (void)state;
    tdn_store *s = (tdn_store *)1;
    tdn_err err = {0};
    /* an unreachable server is a system error naming PostgreSQL */
    assert_int_equal(tdn_store_open(&s, "postgresql://127.0.0.1:1/tdn", &err), TDN_ESYS);
    assert_null(s);
    assert_non_null(strstr(err.msg, "cannot connect to PostgreSQL"));
}

static void unopenable_path_is_a_system_error(void **state)
{
    (void)state;
    tdn_store *s = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_store_open(&s, "/nonexistent-dir/x/tdn.db", &err), TDN_ESYS);
    assert_null(s);
}

/* A database made by an older tdn (migration 1 only) is migrated forward on
 * open, and its records survive. */
static void migrates_old_database_forward(void **state)
{
    (void)state;
    store_fixture f = {0};
    snprintf(f.dir, sizeof f.dir, "/tmp/tdn-mig-XXXXXX");
    assert_non_null(mkdtemp(f.dir));
    snprintf(f.path, sizeof f.path, "%s/old.db", f.dir);
    f.act = (tdn_act){"tester", 1700000000};
    tdn_err err = {0};
    assert_int_equal(tdn_store_open_version(&f.s, f.path, 1, &err), TDN_OK);
    assert_int_equal(tdn_store_schema_version(f.s), 1);
    tdn_patient p = fixture_patient("Old Record");
    int64_t id = 0;
    assert_int_equal(tdn_store_patient_add(f.s, &f.act, &p, &id, &err), TDN_OK);
    tdn_store_close(f.s);
    assert_int_equal(fixture_int(&f, "PRAGMA user_version"), 1);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM sqlite_master WHERE name = 'setting'"),
                     0);

    assert_int_equal(tdn_store_open(&f.s, f.path, &err), TDN_OK);
    assert_int_equal(tdn_store_schema_version(f.s), tdn_store_schema_latest());
    assert_int_equal(fixture_int(&f, "PRAGMA user_version"), tdn_store_schema_latest());
    assert_int_equal(
        fixture_int(&f, "SELECT value FROM setting WHERE key = 'screening_valid_days'"), 30);
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM sqlite_master WHERE name = "
                                     "'patient_name' AND type = 'index'"),
                     1);
    tdn_patient back;
    assert_int_equal(tdn_store_patient_get(f.s, &f.act, id, &back, &err), TDN_OK);
    assert_string_equal(back.name, "Old Record");
    assert_int_equal(fixture_int(&f, "SELECT count(*) FROM audit WHERE action = 'create'"), 1);
    fixture_close(&f);
}

/* Several processes opening a new database at once: one migrates, the
 * others wait and find it done — none fails. */
static void concurrent_first_opens_all_succeed(void **state)
{
    store_fixture *f = *state;
    tdn_store_close(f->s);
    f->s = NULL;
    const char *path = f->path;
    char side[128];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) { /* start from no database at all */
        snprintf(side, sizeof side, "%s%s", path, suffix[i]);
        unlink(side);
    }
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            tdn_store *s = NULL;
            tdn_err err = {0};
            int rc = tdn_store_open(&s, path, &err);
            if (rc) fprintf(stderr, "child %d: %s\n", i, err.msg);
            tdn_store_close(s);
            _exit(rc);
        }
    }
    for (int i = 0; i < 4; i++) {
        int status = -1;
        waitpid(kids[i], &status, 0);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(fixture_int(f, "PRAGMA user_version"), tdn_store_schema_latest());
}

static void newer_database_is_refused(void **state)
{
    store_fixture *f = *state;
    tdn_store_close(f->s);
    f->s = NULL;
    assert_int_equal(fixture_exec(f, "PRAGMA user_version = 999"), SQLITE_OK);
    tdn_err err = {0};
    assert_int_equal(tdn_store_open(&f->s, f->path, &err), TDN_ESYS);
    assert_non_null(strstr(err.msg, "newer"));
}

static void patient_add_get_list_and_audit(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    tdn_patient a = fixture_patient("Ann Lee"), b = fixture_patient("Bob Annison");
    snprintf(a.sex, sizeof a.sex, "F");
    int64_t ida = 0, idb = 0;
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &a, &ida, &err), TDN_OK);
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &b, &idb, &err), TDN_OK);
    assert_true(ida > 0 && idb > ida);
    tdn_patient got;
    assert_int_equal(tdn_store_patient_get(f->s, &f->act, ida, &got, &err), TDN_OK);
    assert_string_equal(got.name, "Ann Lee");
    assert_string_equal(got.birth, "1980-05-17");
    assert_string_equal(got.sex, "F");
    assert_int_equal(got.created, f->act.now);

    tdn_patient *ps;
    size_t n;
    assert_int_equal(tdn_store_patient_list(f->s, &f->act, "ANN", &ps, &n, &err), TDN_OK);
    assert_int_equal(n, 2); /* "Ann Lee" and "Bob Annison", case-insensitive */
    free(ps);
    assert_int_equal(tdn_store_patient_list(f->s, &f->act, "lee", &ps, &n, &err), TDN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ps[0].id, ida);
    free(ps);
    /* LIKE wildcards are plain text in a search */
    assert_int_equal(tdn_store_patient_list(f->s, &f->act, "%", &ps, &n, &err), TDN_OK);
    assert_int_equal(n, 0);
    free(ps);

    tdn_audit_entry *es;
    int64_t next = -1;
    tdn_audit_query q = {.patient_id = ida};
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_OK);
    assert_int_equal(n, 2); /* created, then read: newest first */
    assert_int_equal(next, 0);
    assert_string_equal(es[1].action, "create");
    assert_string_equal(es[1].table, "patient");
    assert_string_equal(es[1].actor, "tester");
    assert_int_equal(es[1].record_id, ida);
    assert_string_equal(es[0].action, "read");
    free(es);
    /* the audit read itself was audited */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE tbl = 'audit'"), 1);
}

/* Issue 17: /api/audit loaded the whole table to show the latest 500. */
static void audit_is_read_a_page_at_a_time(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    for (int i = 0; i < 7; i++) {
        tdn_act who = {i % 2 ? "odd" : "even", f->act.now + i};
        tdn_patient p = fixture_patient("Pat");
        assert_int_equal(tdn_store_patient_add(f->s, &who, &p, NULL, &err), TDN_OK);
    }
    tdn_audit_entry *es;
    size_t n;
    int64_t next;
    tdn_audit_query q = {.limit = 3, .action = "create"};
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_OK);
    assert_int_equal(n, 3);
    assert_int_equal(es[0].id, 7); /* the newest first */
    assert_int_equal(es[2].id, 5);
    assert_int_equal(next, 5);
    free(es);
    q.before = next;
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_OK);
    assert_int_equal(n, 3);
    assert_int_equal(es[0].id, 4);
    free(es);
    q.before = next;
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(es[0].id, 1);
    assert_int_equal(next, 0);
    free(es);
    q = (tdn_audit_query){.actor = "odd"};
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_OK);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(es[i].actor, "odd");
    free(es);
    /* four reads of the audit, each audited */
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE tbl = 'audit'"), 4);
}

static void audit_is_append_only(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    tdn_patient p = fixture_patient("Cy");
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, NULL, &err), TDN_OK);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit"), 1);
    assert_int_equal(fixture_exec(f, "UPDATE audit SET actor = 'mallory'"), SQLITE_CONSTRAINT);
    assert_int_equal(fixture_exec(f, "DELETE FROM audit"), SQLITE_CONSTRAINT);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM audit WHERE actor = 'tester'"), 1);
}

static void bad_input_writes_nothing(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    long long before = fixture_rows(f);
    tdn_patient p = fixture_patient("");
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, NULL, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "--name"));
    p = fixture_patient("Dee");
    snprintf(p.sex, sizeof p.sex, "Q");
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, NULL, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "--sex"));
    tdn_patient got;
    assert_int_equal(tdn_store_patient_get(f->s, &f->act, 42, &got, &err), TDN_EINPUT);
    assert_non_null(strstr(err.msg, "no patient with id 42"));
    tdn_audit_entry *es;
    size_t n;
    int64_t next;
    tdn_audit_query q = {.patient_id = 42};
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_EINPUT);
    assert_null(es);
    q = (tdn_audit_query){.limit = TDN_AUDIT_PAGE_MAX + 1};
    assert_int_equal(tdn_store_audit_page(f->s, &f->act, &q, &es, &n, &next, &err), TDN_EINPUT);
    assert_string_equal(err.msg, "limit: from 1 to 500");
    assert_int_equal(fixture_rows(f), before);
}

static void users_hash_passwords_and_lock_out(void **state)
{
    store_fixture *f = *state;
    tdn_err err = {0};
    int64_t id = 0, n = -1;
    assert_int_equal(tdn_store_user_count(f->s, &n, &err), TDN_OK);
    assert_int_equal(n, 0);
    assert_int_equal(tdn_store_user_add(f->s, &f->act, "drsmith", "Dr Smith", "clinician",
                                        "correct horse", 0, &id, &err),
                     TDN_OK);
    assert_int_equal(fixture_int(f, "SELECT password_hash LIKE '$argon2id$%' FROM \"user\""), 1);
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\" WHERE password_hash LIKE "
                                    "'%correct horse%'"),
                     0);
    tdn_user u;
    assert_int_equal(tdn_store_user_get(f->s, "drsmith", &u, &err), TDN_OK);
    assert_string_equal(u.role, "clinician");
    assert_string_equal(u.display, "Dr Smith");
    assert_int_equal(tdn_store_user_get_id(f->s, id, &u, &err), TDN_OK);
    assert_int_equal(tdn_store_user_get(f->s, "nobody", &u, &err), TDN_EINPUT);

    /* duplicates, bad roles, short or common passwords, patient logins without a patient */
    assert_int_equal(
        tdn_store_user_add(f->s, &f->act, "drsmith", "", "admin", "long-enough-pw", 0, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "taken"));
    assert_int_equal(
        tdn_store_user_add(f->s, &f->act, "x", "", "doctor", "long-enough-pw", 0, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "role"));
    assert_int_equal(tdn_store_user_add(f->s, &f->act, "x", "", "admin", "short", 0, NULL, &err),
                     TDN_EINPUT);
    assert_non_null(strstr(err.msg, "password"));
    assert_int_equal(tdn_store_user_add(f->s, &f->act, "x", "", "admin", "        ", 0, NULL, &err),
                     TDN_EINPUT);
    assert_string_equal(err.msg, "password: at least 12 characters");
    assert_int_equal(
        tdn_store_user_add(f->s, &f->act, "x", "", "admin", "Unbelievable", 0, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "common"));
    assert_int_equal(
        tdn_store_user_add(f->s, &f->act, "pat", "", "patient", "long-enough-pw", 0, NULL, &err),
        TDN_EINPUT);
    assert_int_equal(
        tdn_store_user_add(f->s, &f->act, "pat", "", "patient", "long-enough-pw", 77, NULL, &err),
        TDN_EINPUT);
    assert_non_null(strstr(err.msg, "no patient with id 77"));
    assert_int_equal(fixture_int(f, "SELECT count(*) FROM \"user\""), 1);

    /* signing in: test_login_store.c */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(opens_with_durable_settings, setup, teardown),
        cmocka_unit_test(postgres_url_is_refused_clearly),
        cmocka_unit_test(unopenable_path_is_a_system_error),
        cmocka_unit_test(migrates_old_database_forward),
        cmocka_unit_test_setup_teardown(concurrent_first_opens_all_succeed, setup, teardown),
        cmocka_unit_test_setup_teardown(newer_database_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(patient_add_get_list_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_is_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_is_read_a_page_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(users_hash_passwords_and_lock_out, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
