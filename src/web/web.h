/* web.h — `tdn serve`: the HTTP server (libmicrohttpd) that serves the web
 * app and the JSON API under /api/ over the same core and store as the CLI.
 * tdn_web_serve blocks until SIGINT or SIGTERM, then stops gracefully.
 * Times are shown on the clinic's clock: the caller makes its time zone the
 * process's (app/localtime.h) before serving. */
#ifndef TDN_WEB_H
#define TDN_WEB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/kb.h"

typedef struct tdn_web_config {
    const char *listen;                /* "ADDR:PORT"; port 0 picks a free port */
    const char *db_url;                /* record store */
    const tdn_kb *kb;                  /* read-only, shared by all threads */
    const struct tdn_kbfiles *kbfiles; /* the KB's files: screening and session rules */
    bool behind_tls_proxy; /* browsers reach tdn over HTTPS through a TLS-terminating reverse
                              proxy (tdn itself speaks plain HTTP): cookies get Secure and
                              answers Strict-Transport-Security */
    int threads;           /* worker threads = pooled stores (0 = 16: server.h) */
    int idle_minutes;      /* session idle expiry (0 = 30) */
    int per_address;       /* open connections from one address (0 = 64) */
    int head_seconds;      /* deadline for a request's head (0 = 15) */
    int64_t fixed_now;     /* the clock for tests ($TDN_NOW), 0 = the real one */
} tdn_web_config;

/* Serves until SIGINT/SIGTERM. Prints "tdn: serving http://ADDR:PORT/" on
 * stdout once listening. Returns TDN_OK after a clean stop, TDN_EINPUT for a
 * bad --listen, TDN_ESYS when the socket or store cannot be opened. */
int tdn_web_serve(const tdn_web_config *cfg, tdn_err *err);

/* Prints the route table, one "METHOD PATTERN ROLES FLAGS" line each, to fp
 * (tests use it to check that every route refuses strangers). */
void tdn_web_list_routes(FILE *fp);

#endif
