/* pg_lib.c — loading libpq on first use (see pg_lib.h). */
#include "store/pg_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#define LIBPQ "libpq.so.5"

const tdn_pq_api *tdn_pq;

static tdn_pq_api api;
static char load_error[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Looks one symbol up into *slot; false (and load_error) when missing. */
static bool sym(void *lib, const char *name, void *slot)
{
    void *p = dlsym(lib, name);
    if (!p) snprintf(load_error, sizeof load_error, "%s has no %s", LIBPQ, name);
    *(void **)slot = p;
    return p != NULL;
}

static void load(void)
{
    void *lib = dlopen(LIBPQ, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
    bool ok = sym(lib, "PQconnectdbParams", &api.connectdbParams) &&
              sym(lib, "PQstatus", &api.status) && sym(lib, "PQfinish", &api.finish) &&
              sym(lib, "PQreset", &api.reset) && sym(lib, "PQerrorMessage", &api.errorMessage) &&
              sym(lib, "PQtransactionStatus", &api.transactionStatus) &&
              sym(lib, "PQexec", &api.exec) && sym(lib, "PQexecParams", &api.execParams) &&
              sym(lib, "PQprepare", &api.prepare) &&
              sym(lib, "PQexecPrepared", &api.execPrepared) &&
              sym(lib, "PQresultStatus", &api.resultStatus) &&
              sym(lib, "PQresultErrorField", &api.resultErrorField) &&
              sym(lib, "PQclear", &api.clear) && sym(lib, "PQntuples", &api.ntuples) &&
              sym(lib, "PQnfields", &api.nfields) && sym(lib, "PQfname", &api.fname) &&
              sym(lib, "PQgetvalue", &api.getvalue) && sym(lib, "PQgetisnull", &api.getisnull) &&
              sym(lib, "PQcmdTuples", &api.cmdTuples) && sym(lib, "PQcmdStatus", &api.cmdStatus);
    if (ok) tdn_pq = &api; /* the library stays loaded for the process's life */
}

int tdn_pq_load(tdn_err *err)
{
    pthread_once(&once, load);
    if (tdn_pq) return TDN_OK;
    return tdn_err_set(err, TDN_ESYS,
                       "--db: PostgreSQL's client library could not be loaded (%s); install "
                       "Debian's libpq5",
                       load_error);
}
