/* appointment.h — the appointment book's rules (pure: no I/O, no clock):
 * an appointment's length, its states and which changes each allows, and
 * when two appointments of one clinician overlap. The store applies them
 * inside its transaction; the caller passes times (unix seconds).
 *
 * States: booked -> checked_in | cancelled | no_show; checked_in -> (done:
 * a session opened from it keeps it checked_in). Only a booked appointment
 * may be moved. Cancelled and no-show appointments free their time. */
#ifndef TDN_APPOINTMENT_H
#define TDN_APPOINTMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define TDN_APPT_MIN_MINUTES 5
#define TDN_APPT_MAX_MINUTES (8 * 60)

/* The states, ended by NULL: booked, checked_in, cancelled, no_show. */
extern const char *const tdn_appt_states[];

/* starts and ends (unix seconds): ends after starts by TDN_APPT_MIN_MINUTES
 * to TDN_APPT_MAX_MINUTES; fields named "starts" / "minutes". */
int tdn_appt_times_check(int64_t starts, int64_t ends, tdn_err *err);
/* Whether an appointment in state `from` may become `to` (a state of
 * tdn_appt_states); TDN_EINPUT "status: refused: ..." saying why not. */
int tdn_appt_transition_check(const char *from, const char *to, tdn_err *err);
/* Whether an appointment in this state may be moved; TDN_EINPUT
 * "appointment: refused: ..." when not. */
int tdn_appt_move_check(const char *state, tdn_err *err);
/* True when [a_start, a_end) and [b_start, b_end) share time (touching
 * ends do not). */
bool tdn_appt_overlaps(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end);
/* True when an appointment in this state holds its time in the book. */
bool tdn_appt_holds_time(const char *state);

#endif
