/* test_pg_store.c — the record store on a real PostgreSQL server, when the
 * environment gives one: TDN_TEST_PG_URL is a server URL (any database),
 * or TDN_TEST_PG_STATE the state directory of a tests/pg/cluster.sh cluster
 * (its file url), under which each test creates and drops its own database.
 * Without either the tests are skipped; ctest's pg/unit/test_pg_store sets
 * the state and fails when the cluster is not there. Covers migrations (concurrent and newer),
 * patients with their audit rows in the same transaction, row counts of
 * changes, reconnecting after the connection was cut, and no group-commit
 * connection on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"

typedef struct pg_fixture {
    char server[512]; /* TDN_TEST_PG_URL */
    char name[64];    /* this test's database */
    char url[640];    /* its URL */
    tdn_store *s;
    tdn_act act;
} pg_fixture;

/* url with its database replaced by name (the path after the host). */
static void url_for(const char *url, const char *name, char *out, size_t cap)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *path = strchr(host, '/');
    const char *query = strchr(host, '?');
    if (query && path && path > query) path = NULL;
    size_t keep = path ? (size_t)(path - url) : query ? (size_t)(query - url) : strlen(url);
    snprintf(out, cap, "%.*s/%s%s", (int)keep, url, name, query ? query : "");
}

/* Runs sql on the database at url; its first value as an integer, or -1. */
static long long pg_value(const char *url, const char *sql)
{
    PGconn *c = PQconnectdb(url);
    long long v = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
            v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        else if (PQresultStatus(r) == PGRES_COMMAND_OK)
            v = 0;
        else
            fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    } else {
        fprintf(stderr, "%s", PQerrorMessage(c));
    }
    PQfinish(c);
    return v;
}

/* The server URL from the environment into out; false when none is given. */
static bool server_url(char *out, size_t cap)
{
    const char *url = getenv("TDN_TEST_PG_URL"), *state = getenv("TDN_TEST_PG_STATE");
    if (url && *url) {
        snprintf(out, cap, "%s", url);
        return true;
    }
    if (!state || !*state) return false;
    char path[512];
    snprintf(path, sizeof path, "%s/url", state);
    FILE *f = fopen(path, "r");
    assert_non_null(f); /* a state without a url: the cluster did not start */
    bool ok = fgets(out, (int)cap, f) != NULL;
    fclose(f);
    out[strcspn(out, "\n")] = '\0';
    assert_true(ok && *out);
    return true;
}

static int setup(void **state)
{
    char server[512];
    if (!server_url(server, sizeof server)) return 0; /* each test skips */
    pg_fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    static int n;
    snprintf(f->server, sizeof f->server, "%s", server);
    snprintf(f->name, sizeof f->name, "tdn_unit_%d_%d", (int)getpid(), ++n);
    url_for(server, f->name, f->url, sizeof f->url);
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->name);
    if (pg_value(server, sql) != 0) return -1;
    f->act = (tdn_act){"tester", 1700000000};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    pg_fixture *f = *state;
    if (!f) return 0;
    tdn_store_close(f->s);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->name);
    pg_value(f->server, sql);
    free(f);
    return 0;
}

static pg_fixture *opened(void **state)
{
    pg_fixture *f = *state;
    if (!f) skip();
    tdn_err err = {0};
    int rc = tdn_store_open(&f->s, f->url, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, TDN_OK);
    return f;
}

static void migrates_to_the_latest_schema(void **state)
{
    pg_fixture *f = opened(state);
    assert_int_equal(tdn_store_schema_version(f->s), tdn_store_schema_latest());
    assert_int_equal(pg_value(f->url, "SELECT max(version) FROM tdn_schema"),
                     tdn_store_schema_latest());
    /* opening again changes nothing */
    tdn_store *again = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_store_open(&again, f->url, &err), TDN_OK);
    tdn_store_close(again);
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM tdn_schema"),
                     tdn_store_schema_latest());
}

static void two_processes_migrate_a_new_database_at_once(void **state)
{
    pg_fixture *f = *state;
    if (!f) skip();
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0) {
            tdn_store *s = NULL;
            tdn_err err = {0};
            int rc = tdn_store_open(&s, f->url, &err);
            if (rc) fprintf(stderr, "child: %s\n", err.msg);
            tdn_store_close(s);
            _exit(rc);
        }
    }
    for (int i = 0; i < 2; i++) {
        int status = 0;
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM tdn_schema"),
                     tdn_store_schema_latest());
}

static void refuses_a_newer_schema(void **state)
{
    pg_fixture *f = opened(state);
    tdn_store_close(f->s);
    f->s = NULL;
    char sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO tdn_schema (version) VALUES (%d)",
             tdn_store_schema_latest() + 1);
    assert_int_equal(pg_value(f->url, sql), 0);
    tdn_err err = {0};
    assert_int_equal(tdn_store_open(&f->s, f->url, &err), TDN_ESYS);
    assert_null(f->s);
    assert_non_null(strstr(err.msg, "newer than this tdn"));
}

static void patients_are_added_read_and_audited(void **state)
{
    pg_fixture *f = opened(state);
    tdn_err err = {0};
    tdn_patient p = {.name = "Ann O'Brien ?1", .birth = "1980-02-03", .sex = "F"};
    int64_t id = 0, id2 = 0;
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, &id, &err), TDN_OK);
    tdn_patient q = {.name = "Bob Example", .birth = "1975-11-30"};
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &q, &id2, &err), TDN_OK);
    assert_true(id > 0);
    assert_int_equal(id2, id + 1);
    tdn_patient got = {0};
    assert_int_equal(tdn_store_patient_get(f->s, &f->act, id, &got, &err), TDN_OK);
    assert_string_equal(got.name, "Ann O'Brien ?1");
    assert_string_equal(got.birth, "1980-02-03");
    assert_string_equal(got.sex, "F");
    assert_int_equal(got.created, 1700000000);
    assert_int_equal(tdn_store_patient_get(f->s, &f->act, id2, &got, &err), TDN_OK);
    assert_string_equal(got.sex, ""); /* NULL reads as none */
    tdn_patient *list = NULL;
    size_t n = 0;
    assert_int_equal(tdn_store_patient_list(f->s, &f->act, "o'b", &list, &n, &err), TDN_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    free(list);
    /* an unknown id is bad input, and its transaction wrote nothing */
    assert_int_equal(tdn_store_patient_get(f->s, &f->act, id + 99, &got, &err), TDN_EINPUT);
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM audit WHERE action = 'create' AND "
                                      "tbl = 'patient'"),
                     2);
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM audit WHERE action = 'read'"), 3);
    /* bad input writes nothing */
    tdn_patient bad = {.name = "", .birth = "1980-02-03"};
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &bad, NULL, &err), TDN_EINPUT);
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM patient"), 2);
}

static void counts_changed_rows(void **state)
{
    pg_fixture *f = opened(state);
    tdn_err err = {0};
    int64_t uid = 0;
    assert_int_equal(tdn_store_user_add(f->s, &f->act, "drsmith", "Dr Smith", "clinician",
                                        "correct horse battery staple", 0, &uid, &err),
                     TDN_OK);
    tdn_user u = {0};
    assert_int_equal(tdn_store_user_get(f->s, "drsmith", &u, &err), TDN_OK);
    assert_int_equal(u.id, uid);
    /* a web session row, then ending every session of the user counts it */
    tdn_auth_session a = {
        .user_id = uid, .created = 1700000000, .last_seen = 1700000000, .expires = 1700003600};
    memset(a.token_hash, 'a', 64);
    memset(a.csrf, 'b', 64);
    assert_int_equal(tdn_store_auth_create(f->s, &f->act, &a, &err), TDN_OK);
    int64_t ended = -1;
    assert_int_equal(tdn_store_auth_end_user(f->s, &f->act, uid, &ended, &err), TDN_OK);
    assert_int_equal(ended, 1);
    assert_int_equal(tdn_store_auth_end_user(f->s, &f->act, uid, &ended, &err), TDN_OK);
    assert_int_equal(ended, 0);
}

static void reconnects_after_the_connection_is_cut(void **state)
{
    pg_fixture *f = opened(state);
    tdn_err err = {0};
    tdn_patient p = {.name = "Cut Off", .birth = "1990-01-01"};
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, NULL, &err), TDN_OK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
             "'%s' AND pid <> pg_backend_pid()",
             f->name);
    assert_int_equal(pg_value(f->server, sql), 1);
    /* the next action finds the connection gone, reconnects and succeeds */
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, NULL, &err), TDN_OK);
    int64_t users = -1;
    assert_int_equal(pg_value(f->server, sql), 1);
    assert_int_equal(tdn_store_user_count(f->s, &users, &err), TDN_OK); /* no transaction */
    assert_int_equal(users, 0);
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM patient"), 2);
}

/* Group commit is SQLite's: on PostgreSQL opening a group opens no
 * connection (it would sit unused for the server's whole life). */
static void a_group_opens_no_connection(void **state)
{
    pg_fixture *f = opened(state);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s'",
             f->name);
    assert_int_equal(pg_value(f->server, sql), 1);
    tdn_store_group *g = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_store_group_open(&g, f->url, &err), TDN_OK);
    assert_null(g);
    assert_int_equal(pg_value(f->server, sql), 1);
    tdn_store_join(f->s, g);
    tdn_patient p = {.name = "Not Grouped", .birth = "1990-01-01"};
    assert_int_equal(tdn_store_patient_add(f->s, &f->act, &p, NULL, &err), TDN_OK);
    assert_int_equal(pg_value(f->url, "SELECT count(*) FROM patient"), 1);
    tdn_store_group_close(g);
}

int main(void)
{
    char server[512];
    if (!server_url(server, sizeof server))
        fprintf(stderr, "test_pg_store: neither TDN_TEST_PG_URL nor TDN_TEST_PG_STATE is set: "
                        "PostgreSQL tests skipped\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(migrates_to_the_latest_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(two_processes_migrate_a_new_database_at_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_a_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(patients_are_added_read_and_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(counts_changed_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(reconnects_after_the_connection_is_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(a_group_opens_no_connection, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
