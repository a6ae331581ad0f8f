/* auth.c — sessions: placeholder until the store lands. */
#include "web/server.h"

bool tdn_auth_load(tdn_req *req, tdn_web_user *user)
{
    (void)req, (void)user;
    return false;
}

struct tdn_store *tdn_store_acquire(tdn_server *srv, tdn_err *err)
{
    (void)srv;
    tdn_err_set(err, TDN_OK, "no store");
    return NULL;
}

void tdn_store_release(tdn_server *srv, struct tdn_store *st)
{
    (void)srv, (void)st;
}

void tdn_store_pool_close(tdn_server *srv)
{
    (void)srv;
}
