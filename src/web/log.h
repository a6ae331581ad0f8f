/* log.h — the server's event log (log.c): logfmt lines on stderr with no
 * query strings, bodies or patient data. Internal to src/web/. Safe from any
 * thread (one fprintf per line). */
#ifndef TDN_WEB_LOG_H
#define TDN_WEB_LOG_H

#include <stdbool.h>

/* True for the statuses that are logged: 5xx, 403 and 429. */
bool tdn_log_wanted(int status);
/* Logs one answer when tdn_log_wanted(status): method, path (its query
 * string dropped), status, reason (the field the error names) and client
 * address; NULL or "" fields are written as "-". */
void tdn_log_answer(const char *method, const char *path, int status, const char *reason,
                    const char *addr);
/* Logs a connection cut off at the request-head deadline. */
void tdn_log_slow_client(void);

#endif
