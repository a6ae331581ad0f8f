/* test_pg_sql.c — the PostgreSQL statement layer without a server: SQLite's
 * placeholders become PostgreSQL's outside literals, identifiers and
 * comments; instr( becomes strpos(; INSERTs get RETURNING id; and a URL
 * that cannot connect fails with exit status 2 and libpq's message, never
 * the password, and reaches the web as 503 (try again), not 500; a URL as
 * printed has its password starred out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "store/db_int.h"
#include "store/store.h"
#include "web/http.h"

static void expect_translation(const char *sql, bool returning, const char *want)
{
    char *got = tdn_pg_translate(sql, returning);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void placeholders_become_dollar_numbers(void **state)
{
    (void)state;
    expect_translation("SELECT a FROM t WHERE id = ?1", false, "SELECT a FROM t WHERE id = $1");
    expect_translation("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", false,
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
    expect_translation("WHERE ?1 IS NULL OR x = ?1", false, "WHERE $1 IS NULL OR x = $1");
    /* bare ? counts on from the last number, as in SQLite */
    expect_translation("VALUES (?, ?3, ?)", false, "VALUES ($1, $3, $4)");
}

static void literals_identifiers_and_comments_are_untouched(void **state)
{
    (void)state;
    expect_translation("SELECT '?1', x FROM t WHERE y = ?1", false,
                       "SELECT '?1', x FROM t WHERE y = $1");
    expect_translation("SELECT 'it''s ?2' || ?1", false, "SELECT 'it''s ?2' || $1");
    expect_translation("SELECT \"a?1\" FROM \"user\" WHERE id = ?1", false,
                       "SELECT \"a?1\" FROM \"user\" WHERE id = $1");
    expect_translation("SELECT 1 -- why ?1\nWHERE ?2", false, "SELECT 1 -- why ?1\nWHERE $2");
    expect_translation("SELECT 'instr(a, b)'", false, "SELECT 'instr(a, b)'");
    /* an unterminated literal is copied as it is, for the server to refuse */
    expect_translation("SELECT 'open ?1", false, "SELECT 'open ?1");
}

static void instr_becomes_strpos(void **state)
{
    (void)state;
    expect_translation("WHERE instr(lower(name), lower(?1)) > 0", false,
                       "WHERE strpos(lower(name), lower($1)) > 0");
    expect_translation("SELECT myinstr(a, b), t.instr(a)", false,
                       "SELECT myinstr(a, b), t.instr(a)");
}

static void inserts_return_their_id(void **state)
{
    (void)state;
    expect_translation("INSERT INTO t (a) VALUES (?1)", true,
                       "INSERT INTO t (a) VALUES ($1) RETURNING id");
}

static void recognises_postgres_urls(void **state)
{
    (void)state;
    assert_true(tdn_store_is_postgres("postgresql://h/db"));
    assert_true(tdn_store_is_postgres("postgres:///db?host=/tmp"));
    assert_false(tdn_store_is_postgres("clinic.db"));
    assert_false(tdn_store_is_postgres("postgresql.db"));
}

/* Opening fails with TDN_ESYS (exit 2), names PostgreSQL and keeps the
 * password out of the message. */
static void expect_refused(const char *url, const char *secret, const char *says)
{
    tdn_store *s = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_store_open(&s, url, &err), TDN_ESYS);
    assert_null(s);
    assert_non_null(strstr(err.msg, "PostgreSQL"));
    assert_non_null(strstr(err.msg, says));
    assert_null(strstr(err.msg, secret));
}

static void bad_urls_fail_without_the_password(void **state)
{
    (void)state;
    /* nothing listens on port 1 */
    expect_refused("postgresql://tdn:hunter2-secret@127.0.0.1:1/clinic?connect_timeout=5",
                   "hunter2", "127.0.0.1");
    expect_refused("postgresql://tdn:hunter2-secret@localhost/clinic?bogus=1", "hunter2", "bogus");
    /* libpq quotes a bad percent-encoding, password and all */
    expect_refused("postgres://tdn:hunter2%zz-secret@localhost/clinic", "hunter2",
                   "percent-encoded");
}

static int web_status(const tdn_err *err)
{
    tdn_resp resp = {0};
    tdn_resp_err(&resp, err);
    tdn_buf_free(&resp.body);
    return resp.status;
}

static void an_unreachable_database_answers_503(void **state)
{
    (void)state;
    tdn_store *s = NULL;
    tdn_err err = {0};
    assert_int_equal(tdn_store_open(&s, "postgresql://tdn@127.0.0.1:1/clinic", &err), TDN_ESYS);
    assert_int_equal(web_status(&err), 503);
    tdn_err lost = {0};
    tdn_err_set(&lost, TDN_ESYS, "storage: database unavailable: begin: no connection");
    assert_int_equal(web_status(&lost), 503);
    /* any other storage failure stays 500 */
    tdn_err other = {0};
    tdn_err_set(&other, TDN_ESYS, "storage: write: disk full");
    assert_int_equal(web_status(&other), 500);
}

static void expect_shown(const char *url, size_t cap, const char *want)
{
    char out[256];
    assert_true(cap <= sizeof out);
    tdn_store_url_shown(url, out, cap);
    assert_string_equal(out, want);
}

/* The URL as tdn prints it: passwords starred, anything else as it is. */
static void shown_urls_hide_the_password(void **state)
{
    (void)state;
    expect_shown("postgresql://tdn:hunter2@db.example/clinic", 256,
                 "postgresql://tdn:***@db.example/clinic");
    expect_shown("postgres:///clinic?host=/run/pg&password=hunter2&user=tdn", 256,
                 "postgres:///clinic?host=/run/pg&password=***&user=tdn");
    expect_shown("postgresql://tdn:a@db/c?password=b", 256,
                 "postgresql://tdn:***@db/c?password=***");
    expect_shown("postgresql://tdn@db/clinic?sslmode=require", 256,
                 "postgresql://tdn@db/clinic?sslmode=require");
    expect_shown("postgresql://db/clinic?mypassword=x", 256, "postgresql://db/clinic?mypassword=x");
    expect_shown("clinic.db", 256, "clinic.db");
    /* cut short, never a letter of the password */
    expect_shown("postgresql://tdn:hunter2@db/clinic", 21, "postgresql://tdn:***");
    expect_shown("postgresql://tdn:hunter2@db/clinic", 19, "postgresql://tdn:*");
    expect_shown("postgresql://tdn:hunter2@db/clinic", 18, "postgresql://tdn:");
    expect_shown("postgresql://tdn:hunter2@db/clinic", 1, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholders_become_dollar_numbers),
        cmocka_unit_test(literals_identifiers_and_comments_are_untouched),
        cmocka_unit_test(instr_becomes_strpos),
        cmocka_unit_test(inserts_return_their_id),
        cmocka_unit_test(recognises_postgres_urls),
        cmocka_unit_test(bad_urls_fail_without_the_password),
        cmocka_unit_test(shown_urls_hide_the_password),
        cmocka_unit_test(an_unreachable_database_answers_503),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
