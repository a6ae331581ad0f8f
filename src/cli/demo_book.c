/* demo_book.c — the demo clinic's appointment book for `tdn demo`: a day of
 * made-up appointments with the demo clinician today (the demo patients,
 * one checked in) and a new made-up patient whose intake waits for review,
 * with one "not sure" for the clinician to resolve. */
#include <stdio.h>
#include <stdlib.h>

#include "app/intake.h"
#include "app/localtime.h"
#include "cli/cli.h"

#define HOUR 3600

/* The new patient's intake as they might send it: everything "no" but one
 * "not sure", where it hurts and one goal. */
static int pending_intake(tdn_store *s, const tdn_act *act, const tdn_kbfiles *files, int64_t pid,
                          tdn_err *err)
{
    tdn_intake_form *f = calloc(1, sizeof *f);
    if (!f) return tdn_err_set(err, TDN_ESYS, "demo: out of memory");
    int rc = tdn_intake_form_load(f, files->files, files->n, err);
    json_t *answers = json_object();
    for (int i = 0; !rc && i < f->n; i++)
        json_object_set_new(answers, f->q[i].id, json_string("no"));
    json_object_set_new(answers, "antiplatelet", json_string("unsure"));
    json_t *sub = json_pack("{s:o,s:{},s:[s,s],s:[{s:s,s:i}]}", "answers", answers, "places",
                            "pains", "buttock:R=6", "posterior_thigh:R=4", "goals", "activity",
                            "sitting through a film", "score", 3);
    if (!rc) rc = tdn_intake_submit(s, act, f, pid, sub, NULL, err);
    json_decref(sub);
    free(f);
    return rc;
}

int tdn_demo_book(tdn_store *s, const tdn_act *act, const tdn_kbfiles *files,
                  const int64_t *patients, int n, tdn_err *err)
{
    tdn_patient newcomer = {.name = "Morgan Newcomer", .birth = "1979-03-08", .sex = "F"};
    int64_t pid = 0, id = 0, day_start = 0, day_end = 0;
    int rc = tdn_store_patient_add(s, act, &newcomer, &pid, err);
    if (!rc) rc = pending_intake(s, act, files, pid, err);
    tdn_local_day(act->now, &day_start, &day_end);
    for (int i = 0; !rc && i <= n; i++) { /* 09:00, 09:45, ... the newcomer last */
        tdn_appointment a = {.patient_id = i < n ? patients[i] : pid,
                             .starts = day_start + 9 * HOUR + i * 45 * 60,
                             .clinician = "drlee"};
        a.ends = a.starts + 30 * 60;
        rc = tdn_store_appt_add(s, act, &a, &id, err);
        if (!rc && i == 0) rc = tdn_store_appt_set_status(s, act, id, "checked_in", err);
    }
    return rc;
}
