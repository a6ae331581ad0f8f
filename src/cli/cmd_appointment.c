/* cmd_appointment.c — `tdn appointment add|move|cancel|no-show|check-in|
 * list`: the front desk's appointment book. Times are typed on the clinic's
 * clock ("2026-12-07 09:30"); the store refuses an overlap for one
 * clinician, naming the other appointment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/appointment.h"
#include "app/localtime.h"
#include "cli/cli.h"

#define DEFAULT_MINUTES 30

static const char *const appt_options[] = {"patient", "clinician", "starts", "minutes", NULL};

static int parse_minutes(const char *text, int64_t *minutes)
{
    return text ? tdn_cli_parse_id("--minutes", text, minutes) : 0;
}

static int appt_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *clinician = NULL, *at = NULL, *minutes_text = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0},
                            {"--clinician", &clinician, 0},
                            {"--at", &at, 0},
                            {"--minutes", &minutes_text, 0},
                            {0}};
    if (tdn_cli_opts("appointment add", argc, argv, opts, &json, NULL)) return 1;
    if (!patient) return tdn_cli_usage_error("--patient: required (the patient's id)");
    if (!clinician) return tdn_cli_usage_error("--clinician: required (a clinician's user name)");
    if (!at) return tdn_cli_usage_error("--at: required (YYYY-MM-DD HH:MM, the clinic's clock)");
    tdn_appointment a = {0};
    int64_t minutes = DEFAULT_MINUTES;
    if (tdn_cli_parse_id("--patient", patient, &a.patient_id) ||
        parse_minutes(minutes_text, &minutes))
        return 1;
    tdn_store *s = tdn_cli_store(cli, false); /* first: the clinic's clock reads --at */
    if (!s) return cli->store_status;
    tdn_err err = {0};
    if (tdn_local_parse("--at", at, &a.starts, &err)) return tdn_cli_fail(&err);
    a.ends = a.starts + minutes * 60;
    snprintf(a.clinician, sizeof a.clinician, "%.64s", clinician);
    int64_t id = 0;
    if (tdn_store_appt_add(s, tdn_cli_act(cli), &a, &id, &err))
        return tdn_cli_fail_opts(&err, appt_options);
    return tdn_cli_print_id(json, id);
}

static int appt_move(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *id_text = NULL, *clinician = NULL, *at = NULL, *minutes_text = NULL;
    const tdn_opt opts[] = {
        {"--clinician", &clinician, 0}, {"--at", &at, 0}, {"--minutes", &minutes_text, 0}, {0}};
    if (tdn_cli_opts("appointment move", argc, argv, opts, &json, &id_text)) return 1;
    int64_t id = 0, minutes = 0;
    if (!id_text) return tdn_cli_usage_error("appointment move: give the appointment's id");
    if (!at) return tdn_cli_usage_error("--at: required (YYYY-MM-DD HH:MM, the clinic's clock)");
    if (tdn_cli_parse_id("appointment", id_text, &id) || parse_minutes(minutes_text, &minutes))
        return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    int64_t starts = 0;
    if (tdn_local_parse("--at", at, &starts, &err)) return tdn_cli_fail(&err);
    int64_t ends = minutes ? starts + minutes * 60 : 0;
    if (tdn_store_appt_move(s, tdn_cli_act(cli), id, starts, ends, clinician, &err))
        return tdn_cli_fail_opts(&err, appt_options);
    return tdn_cli_print_id(json, id);
}

static int appt_status(tdn_cli *cli, int argc, char **argv, const char *cmd, const char *status)
{
    bool json = false;
    const char *id_text = NULL;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts(cmd, argc, argv, opts, &json, &id_text)) return 1;
    if (!id_text) return tdn_cli_usage_error("%s: give the appointment's id", cmd);
    int64_t id = 0;
    if (tdn_cli_parse_id("appointment", id_text, &id)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    if (tdn_store_appt_set_status(s, tdn_cli_act(cli), id, status, &err)) return tdn_cli_fail(&err);
    if (json)
        return tdn_cli_print_json(json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", status));
    printf("appointment %lld: %s\n", (long long)id, status);
    return 0;
}

static int appt_cancel(tdn_cli *cli, int argc, char **argv)
{
    return appt_status(cli, argc, argv, "appointment cancel", "cancelled");
}
static int appt_no_show(tdn_cli *cli, int argc, char **argv)
{
    return appt_status(cli, argc, argv, "appointment no-show", "no_show");
}
static int appt_check_in(tdn_cli *cli, int argc, char **argv)
{
    return appt_status(cli, argc, argv, "appointment check-in", "checked_in");
}

static void print_appt(const tdn_appointment *a)
{
    char at[40];
    tdn_cli_time(a->starts, at);
    printf("%4lld  %s  %3lld min  %-12s %s (patient %lld)  %s\n", (long long)a->id, at,
           (long long)((a->ends - a->starts) / 60), a->clinician, a->patient_name,
           (long long)a->patient_id, a->status);
}

static int appt_list(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, all = false;
    const char *date = NULL, *week = NULL, *clinician = NULL;
    const tdn_opt opts[] = {{"--date", &date, 0},
                            {"--week", &week, 0},
                            {"--clinician", &clinician, 0},
                            {"--all", 0, &all},
                            {0}};
    if (tdn_cli_opts("appointment list", argc, argv, opts, &json, NULL)) return 1;
    if (date && week) return tdn_cli_usage_error("--week: give --date or --week, not both");
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    const tdn_act *act = tdn_cli_act(cli);
    tdn_err err = {0};
    int64_t from = 0, to = 0;
    const char *day = week ? week : date;
    if (day && tdn_local_date_span(week ? "--week" : "--date", day, &from, &to, &err))
        return tdn_cli_fail(&err);
    if (!day) tdn_local_day(act->now, &from, &to);
    if (week) tdn_local_week(from + 12 * 3600, &from, &to);
    tdn_appointment *as = NULL;
    size_t n = 0;
    if (tdn_store_appt_list(s, act, from, to, clinician, all, &as, &n, &err))
        return tdn_cli_fail(&err);
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (json)
            json_array_append_new(arr, tdn_appt_json(&as[i]));
        else
            print_appt(&as[i]);
    }
    if (!json && n == 0) printf("No appointments.\n");
    free(as);
    return json ? tdn_cli_print_json(json_pack("{s:o}", "appointments", arr)) : 0;
}

int tdn_cmd_appointment(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"add", appt_add},
                                      {"move", appt_move},
                                      {"cancel", appt_cancel},
                                      {"no-show", appt_no_show},
                                      {"check-in", appt_check_in},
                                      {"list", appt_list},
                                      {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
