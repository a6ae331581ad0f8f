/* appointment.h — what the CLI and the web share about the appointment
 * book: local clinic times typed as text ("2026-12-07 09:30" or the HTML
 * datetime-local "2026-12-07T09:30") to unix seconds, the local week and
 * day around an instant, and an appointment as JSON. The process's time
 * zone is the clinic's (app/localtime.h). */
#ifndef TDN_APP_APPOINTMENT_H
#define TDN_APP_APPOINTMENT_H

#include <jansson.h>

#include "store/store.h"

/* text as a local date and time; TDN_EINPUT naming field when it is not
 * an existing "YYYY-MM-DD HH:MM" (a time skipped by a clock change too). */
int tdn_local_parse(const char *field, const char *text, int64_t *out, tdn_err *err);
/* A local date "YYYY-MM-DD" as [*start, *end) of that day; TDN_EINPUT naming
 * field when it is not a date. */
int tdn_local_date_span(const char *field, const char *date, int64_t *start, int64_t *end,
                        tdn_err *err);
/* The local week (Monday to Monday) holding t. */
void tdn_local_week(int64_t t, int64_t *start, int64_t *end);
/* {"id", "patient", "patient_name", "clinician", "clinician_name", "starts",
 *  "ends", "starts_at" (local text), "minutes", "status", "checked_in_at",
 *  "session" (null when none), "consent_on_file", "intake" (none, pending,
 *  reviewed)} — names and times only,
 *  nothing clinical. */
json_t *tdn_appt_json(const tdn_appointment *a);

#endif
