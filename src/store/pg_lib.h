/* pg_lib.h — libpq, loaded when the first PostgreSQL store opens, not when
 * tdn starts: libpq pulls in about a dozen libraries (TLS, Kerberos, LDAP,
 * SASL) that every SQLite command would otherwise load at start. The libpq
 * calls of pg*.c go through tdn_pq (the macros below keep their names).
 * Only pg.c and pg_stmt.c include this file. */
#ifndef TDN_PG_LIB_H
#define TDN_PG_LIB_H

#include <libpq-fe.h>

#include "core/err.h"

typedef struct tdn_pq_api {
    PGconn *(*connectdbParams)(const char *const *, const char *const *, int);
    ConnStatusType (*status)(const PGconn *);
    void (*finish)(PGconn *);
    void (*reset)(PGconn *);
    char *(*errorMessage)(const PGconn *);
    PGTransactionStatusType (*transactionStatus)(const PGconn *);
    PGresult *(*exec)(PGconn *, const char *);
    PGresult *(*execParams)(PGconn *, const char *, int, const Oid *, const char *const *,
                            const int *, const int *, int);
    PGresult *(*prepare)(PGconn *, const char *, const char *, int, const Oid *);
    PGresult *(*execPrepared)(PGconn *, const char *, int, const char *const *, const int *,
                              const int *, int);
    ExecStatusType (*resultStatus)(const PGresult *);
    char *(*resultErrorField)(const PGresult *, int);
    void (*clear)(PGresult *);
    int (*ntuples)(const PGresult *);
    int (*nfields)(const PGresult *);
    char *(*fname)(const PGresult *, int);
    char *(*getvalue)(const PGresult *, int, int);
    int (*getisnull)(const PGresult *, int, int);
    char *(*cmdTuples)(PGresult *);
    char *(*cmdStatus)(PGresult *);
} tdn_pq_api;

/* The loaded library, or NULL before tdn_pq_load succeeded. */
extern const tdn_pq_api *tdn_pq;

/* Loads libpq once per process (thread-safe); TDN_ESYS naming the library
 * when it is missing, e.g. "install libpq5". */
int tdn_pq_load(tdn_err *err);

#define PQconnectdbParams tdn_pq->connectdbParams
#define PQstatus tdn_pq->status
#define PQfinish tdn_pq->finish
#define PQreset tdn_pq->reset
#define PQerrorMessage tdn_pq->errorMessage
#define PQtransactionStatus tdn_pq->transactionStatus
#define PQexec tdn_pq->exec
#define PQexecParams tdn_pq->execParams
#define PQprepare tdn_pq->prepare
#define PQexecPrepared tdn_pq->execPrepared
#define PQresultStatus tdn_pq->resultStatus
#define PQresultErrorField tdn_pq->resultErrorField
#define PQclear tdn_pq->clear
#define PQntuples tdn_pq->ntuples
#define PQnfields tdn_pq->nfields
#define PQfname tdn_pq->fname
#define PQgetvalue tdn_pq->getvalue
#define PQgetisnull tdn_pq->getisnull
#define PQcmdTuples tdn_pq->cmdTuples
#define PQcmdStatus tdn_pq->cmdStatus

#endif
