/* mhd_lib.c — loading libmicrohttpd when the server starts (see mhd_lib.h). */
#include "web/mhd_lib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#define LIBMHD "libmicrohttpd.so.12"

const tdn_mhd_api *tdn_mhd;

static tdn_mhd_api api;
static char load_error[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Looks one symbol up into *slot; false (and load_error) when missing. */
static bool sym(void *lib, const char *name, void *slot)
{
    void *p = dlsym(lib, name);
    if (!p) snprintf(load_error, sizeof load_error, "%s has no %s", LIBMHD, name);
    *(void **)slot = p;
    return p != NULL;
}

static void load(void)
{
    void *lib = dlopen(LIBMHD, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(load_error, sizeof load_error, "%s", dlerror());
        return;
    }
    bool ok = sym(lib, "MHD_start_daemon", &api.start_daemon) &&
              sym(lib, "MHD_stop_daemon", &api.stop_daemon) &&
              sym(lib, "MHD_get_daemon_info", &api.get_daemon_info) &&
              sym(lib, "MHD_get_connection_info", &api.get_connection_info) &&
              sym(lib, "MHD_get_connection_values", &api.get_connection_values) &&
              sym(lib, "MHD_lookup_connection_value", &api.lookup_connection_value) &&
              sym(lib, "MHD_queue_response", &api.queue_response) &&
              sym(lib, "MHD_create_response_from_buffer", &api.create_response_from_buffer) &&
              sym(lib, "MHD_destroy_response", &api.destroy_response) &&
              sym(lib, "MHD_add_response_header", &api.add_response_header);
    if (ok) tdn_mhd = &api; /* the library stays loaded for the process's life */
}

int tdn_mhd_load(tdn_err *err)
{
    pthread_once(&once, load);
    if (tdn_mhd) return TDN_OK;
    return tdn_err_set(err, TDN_ESYS,
                       "serve: the HTTP server library could not be loaded (%s); install "
                       "Debian's libmicrohttpd12",
                       load_error);
}
