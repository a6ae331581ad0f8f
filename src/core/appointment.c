/* appointment.c — the appointment book's rules (appointment.h). */
#include <string.h>

#include "core/appointment.h"
#include "core/record.h"

const char *const tdn_appt_states[] = {"booked", "checked_in", "cancelled", "no_show", NULL};

int tdn_appt_times_check(int64_t starts, int64_t ends, tdn_err *err)
{
    if (starts <= 0) return tdn_err_set(err, TDN_EINPUT, "starts: required");
    int64_t minutes = (ends - starts) / 60;
    if (ends - starts < TDN_APPT_MIN_MINUTES * 60 || ends - starts > TDN_APPT_MAX_MINUTES * 60)
        return tdn_err_set(err, TDN_EINPUT, "minutes: must be %d to %d (not %lld)",
                           TDN_APPT_MIN_MINUTES, TDN_APPT_MAX_MINUTES, (long long)minutes);
    return TDN_OK;
}

int tdn_appt_transition_check(const char *from, const char *to, tdn_err *err)
{
    int rc = tdn_word_check("status", to, tdn_appt_states, err);
    if (rc) return rc;
    if (strcmp(from, "booked") == 0 && strcmp(to, "booked") != 0) return TDN_OK;
    if (strcmp(from, to) == 0)
        return tdn_err_set(err, TDN_EINPUT, "status: refused: the appointment is %s already", from);
    return tdn_err_set(err, TDN_EINPUT,
                       "status: refused: a %s appointment cannot become %s (only a booked one "
                       "changes)",
                       from, to);
}

int tdn_appt_move_check(const char *state, tdn_err *err)
{
    if (strcmp(state, "booked") == 0) return TDN_OK;
    return tdn_err_set(err, TDN_EINPUT,
                       "appointment: refused: a %s appointment cannot be moved (book a new one)",
                       state);
}

bool tdn_appt_overlaps(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end)
{
    return a_start < b_end && b_start < a_end;
}

bool tdn_appt_holds_time(const char *state)
{
    return strcmp(state, "booked") == 0 || strcmp(state, "checked_in") == 0;
}
