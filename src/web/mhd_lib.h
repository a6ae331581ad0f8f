/* mhd_lib.h — libmicrohttpd, loaded when `tdn serve` starts, not when tdn
 * starts: it pulls in GnuTLS and about eight more libraries (p11-kit,
 * libtasn1, nettle, gmp, ...) whose loading and start-up code cost every
 * other command (`tdn locate`, ...) several milliseconds. The calls of
 * serve.c and auth.c go through tdn_mhd (the macros below keep their names).
 * Only those two files include this file. */
#ifndef TDN_MHD_LIB_H
#define TDN_MHD_LIB_H

#include <microhttpd.h>

#include "core/err.h"

typedef struct tdn_mhd_api {
    struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                       MHD_AccessHandlerCallback, void *, ...);
    void (*stop_daemon)(struct MHD_Daemon *);
    const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *, enum MHD_DaemonInfoType,
                                                   ...);
    const union MHD_ConnectionInfo *(*get_connection_info)(struct MHD_Connection *,
                                                           enum MHD_ConnectionInfoType, ...);
    int (*get_connection_values)(struct MHD_Connection *, enum MHD_ValueKind, MHD_KeyValueIterator,
                                 void *);
    const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind,
                                           const char *);
    enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
    struct MHD_Response *(*create_response_from_buffer)(size_t, void *,
                                                        enum MHD_ResponseMemoryMode);
    void (*destroy_response)(struct MHD_Response *);
    enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
} tdn_mhd_api;

/* The loaded library, or NULL before tdn_mhd_load succeeded (then no
 * libmicrohttpd connection exists either). */
extern const tdn_mhd_api *tdn_mhd;

/* Loads libmicrohttpd once per process (thread-safe); TDN_ESYS naming the
 * library when it is missing. */
int tdn_mhd_load(tdn_err *err);

#define MHD_start_daemon tdn_mhd->start_daemon
#define MHD_stop_daemon tdn_mhd->stop_daemon
#define MHD_get_daemon_info tdn_mhd->get_daemon_info
#define MHD_get_connection_info tdn_mhd->get_connection_info
#define MHD_get_connection_values tdn_mhd->get_connection_values
#define MHD_lookup_connection_value tdn_mhd->lookup_connection_value
#define MHD_queue_response tdn_mhd->queue_response
#define MHD_create_response_from_buffer tdn_mhd->create_response_from_buffer
#define MHD_destroy_response tdn_mhd->destroy_response
#define MHD_add_response_header tdn_mhd->add_response_header

#endif
