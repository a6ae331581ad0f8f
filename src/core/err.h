/* err.h — tdn's error value: functions that can fail return a status and fill
 * a tdn_err with a message a user can act on (it names the field). */
#ifndef TDN_ERR_H
#define TDN_ERR_H

enum tdn_status {
    TDN_OK = 0,
    TDN_EINPUT = 1, /* bad usage or input: exit 1 */
    TDN_ESYS = 2,   /* storage or system failure: exit 2 */
};

typedef struct tdn_err {
    int status;
    char msg[512];
} tdn_err;

/* Sets err (if not NULL) to status and a printf-formatted message; returns status. */
int tdn_err_set(tdn_err *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
