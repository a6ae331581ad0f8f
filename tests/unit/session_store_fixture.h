/* session_store_fixture.h — a session test with a real store: the session
 * fixture (session_fixture.h: hand-made KB and rules) set up beside a
 * temporary store (store_fixture.h) in `sf`. Use sxs_setup / sxs_teardown as
 * a cmocka test's setup and teardown. */
#ifndef TDN_SESSION_STORE_FIXTURE_H
#define TDN_SESSION_STORE_FIXTURE_H

#include "session_fixture.h"
#include "store_fixture.h"

static store_fixture sf;

static int sxs_setup(void **state)
{
    if (sx_setup(state)) return -1;
    return fixture_open(&sf);
}

static int sxs_teardown(void **state)
{
    fixture_close(&sf);
    return sx_teardown(state);
}

#endif
