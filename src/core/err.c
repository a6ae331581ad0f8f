/* err.c — filling tdn_err values. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>

int tdn_err_set(tdn_err *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}
