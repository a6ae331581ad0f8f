/* db_int.h — private to the store's backends (sqlite.c, pg*.c): what a
 * tdn_db_stmt (db.h) holds. The per-record files never look inside. */
#ifndef TDN_DB_INT_H
#define TDN_DB_INT_H

#include "store/db.h"

struct sqlite3_stmt;

struct tdn_db_stmt {
    tdn_store *s;            /* the store it was prepared on */
    struct sqlite3_stmt *sq; /* SQLite: the statement */
    bool cached;             /* kept in the connection's cache: reset after use, not freed */
};

#endif
