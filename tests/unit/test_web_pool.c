/* test_web_pool.c — the server's store pool is fixed at --threads handles
 * (on PostgreSQL, connections): with every handle lent out, a request waits
 * for one to come back instead of opening another, and gets that one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/kbfiles.h"
#include "store/store.h"
#include "web/server.h"

typedef struct fixture {
    char dir[64], db[96];
    tdn_kb *kb;
    tdn_kbfiles files;
    tdn_server *srv;
} fixture;

static fixture fx;

static tdn_server *server_with(int threads)
{
    tdn_err err = {0};
    tdn_web_config cfg = {.db_url = fx.db, .kb = fx.kb, .kbfiles = &fx.files, .threads = threads};
    tdn_server *srv = tdn_server_new(&cfg, &err);
    if (!srv) fail_msg("server: %s", err.msg);
    return srv;
}

static int setup(void **state)
{
    (void)state;
    tdn_err err = {0};
    snprintf(fx.dir, sizeof fx.dir, "/tmp/tdn-pool-XXXXXX");
    if (!mkdtemp(fx.dir)) return -1;
    snprintf(fx.db, sizeof fx.db, "%s/tdn.db", fx.dir);
    return tdn_kb_open(&fx.kb, &fx.files, NULL, &err) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
    tdn_kb_free(fx.kb);
    tdn_kbfiles_free(&fx.files);
    return system(cmd) == 0 ? 0 : -1;
}

typedef struct waiter {
    tdn_server *srv;
    struct tdn_store *got;
    volatile int done;
} waiter;

static void *acquire_one(void *arg)
{
    waiter *w = arg;
    tdn_err err = {0};
    w->got = tdn_store_acquire(w->srv, &err);
    w->done = 1;
    return NULL;
}

static void full_pool_waits_for_a_handle(void **state)
{
    (void)state;
    tdn_server *srv = server_with(2);
    tdn_err err = {0};
    struct tdn_store *a = tdn_store_acquire(srv, &err), *b = tdn_store_acquire(srv, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    waiter w = {.srv = srv};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, acquire_one, &w), 0);
    usleep(200 * 1000);
    assert_false(w.done); /* both handles are lent out: it waits */
    tdn_store_release(srv, a);
    pthread_join(t, NULL);
    assert_ptr_equal(w.got, a); /* the handle given back, not a third one */
    assert_int_equal(srv->n_open, 2);
    tdn_store_release(srv, b);
    tdn_store_release(srv, w.got);
    tdn_server_free(srv);
}

static void pool_size_is_threads_or_the_default(void **state)
{
    (void)state;
    tdn_server *srv = server_with(3);
    assert_int_equal(srv->pool_size, 3);
    assert_int_equal(srv->n_open, 1); /* the store opened once at start to check it */
    tdn_server_free(srv);
    srv = server_with(0);
    assert_int_equal(srv->pool_size, TDN_SERVE_THREADS);
    tdn_server_free(srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_pool_waits_for_a_handle),
        cmocka_unit_test(pool_size_is_threads_or_the_default),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
