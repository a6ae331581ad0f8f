/* test_schema_pg.c — the binary carries a PostgreSQL twin of every SQLite
 * schema migration: the same file names (so the same numbers), in the same
 * order, up to tdn_store_schema_latest(), each non-empty. What the twins
 * build is compared on a real cluster by tests/pg/schema_compare.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/embedded.h"
#include "store/store.h"

static int count(const struct tdn_embedded *e)
{
    int n = 0;
    while (e[n].name)
        n++;
    return n;
}

/* The file name after the last '/'. */
static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void every_migration_has_a_postgresql_twin(void **state)
{
    (void)state;
    int n = count(tdn_embedded_schema);
    assert_int_equal(count(tdn_embedded_schema_pg), n);
    assert_int_equal(n, tdn_store_schema_latest());
    for (int i = 0; i < n; i++) {
        const char *a = base(tdn_embedded_schema[i].name);
        const char *b = base(tdn_embedded_schema_pg[i].name);
        if (strcmp(a, b) != 0) fail_msg("migration %s has no PostgreSQL twin (found %s)", a, b);
        assert_true(tdn_embedded_schema_pg[i].len > 0);
    }
}

static void the_twins_use_postgresql_syntax(void **state)
{
    (void)state;
    for (const struct tdn_embedded *e = tdn_embedded_schema_pg; e->name; e++) {
        const char *sql = (const char *)e->data;
        if (strstr(sql, "INTEGER PRIMARY KEY") || strstr(sql, "INSERT OR IGNORE") ||
            strstr(sql, "RAISE(ABORT"))
            fail_msg("%s uses SQLite-only syntax", base(e->name));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_migration_has_a_postgresql_twin),
        cmocka_unit_test(the_twins_use_postgresql_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
