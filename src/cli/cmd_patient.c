/* cmd_patient.c — `tdn init` (create or migrate the record store) and
 * `tdn patient add|show|list`. Thin: parse options, check values with
 * core/record.h, call the store, print text or --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/words.h"
#include "cli/cli.h"
#include "app/episode_code.h"
#include "app/localtime.h"
#include "app/record_json.h"
#include "core/record.h"

int tdn_cmd_init(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("init", argc, argv, opts, &json, NULL)) return 1;
    tdn_store *s = tdn_cli_store(cli, true);
    if (!s) return cli->store_status;
    int64_t users = 0;
    tdn_err err = {0};
    if (tdn_store_user_count(s, &users, &err)) return tdn_cli_fail(&err);
    if (json)
        return tdn_cli_print_json(json_pack("{s:s, s:i, s:I}", "db", cli->db_shown,
                                            "schema_version", tdn_store_schema_version(s), "users",
                                            (json_int_t)users));
    printf("tdn: record store %s is ready (schema version %d)\n", cli->db_shown,
           tdn_store_schema_version(s));
    if (users == 0)
        printf(
            "No users yet. Add one (the password is read from stdin, never the command line):\n"
            "  tdn user add --username U --role admin|clinician|front_desk [--password-stdin]\n");
    return 0;
}

static int patient_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *name = NULL, *birth = NULL, *sex = NULL;
    const tdn_opt opts[] = {{"--name", &name, 0}, {"--birth", &birth, 0}, {"--sex", &sex, 0}, {0}};
    if (tdn_cli_opts("patient add", argc, argv, opts, &json, NULL)) return 1;
    if (!name) return tdn_cli_usage_error("--name: required (the patient's full name)");
    if (!birth) return tdn_cli_usage_error("--birth: required (YYYY-MM-DD)");
    tdn_store *s = tdn_cli_store(cli, false); /* first: the clinic's day bounds --birth */
    if (!s) return cli->store_status;
    const tdn_act *act = tdn_cli_act(cli);
    tdn_err err = {0};
    tdn_tz zone;
    if (tdn_date_check("--birth", birth, act->now, tdn_tz_at(&zone, act->now), NULL, &err) ||
        tdn_sex_check("--sex", sex, &err))
        return tdn_cli_fail(&err);
    tdn_patient p = {0};
    if (strlen(name) > TDN_NAME_MAX)
        return tdn_cli_usage_error("--name: longer than %d characters", TDN_NAME_MAX);
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.birth, sizeof p.birth, "%s", birth);
    snprintf(p.sex, sizeof p.sex, "%s", sex ? sex : "");
    int64_t id = 0;
    if (tdn_store_patient_add(s, act, &p, &id, &err)) return tdn_cli_fail(&err);
    return tdn_cli_print_id(json, id);
}

static void print_session_items(const tdn_chart *c, int64_t sid)
{
    for (size_t i = 0; i < c->n_findings; i++) {
        const tdn_finding *f = &c->findings[i];
        if (f->session_id != sid) continue;
        printf("    finding %lld: %s %s, %s trigger point%s%s%s%s\n", (long long)f->id, f->muscle,
               f->side, f->tp_type, f->taut_band ? ", taut band" : "",
               f->spot ? ", hyperirritable spot" : "", f->ltr ? ", LTR" : "",
               f->referred ? ", referred pain reproduced" : "");
    }
    for (size_t i = 0; i < c->n_measures; i++) {
        const tdn_measure *m = &c->measures[i];
        if (m->session_id != sid) continue;
        bool scale = !strcmp(m->kind, "nprs") || !strcmp(m->kind, "psfs"); /* 0-10 */
        bool activity = !strcmp(m->kind, "psfs"); /* a free-text activity has no side */
        printf("    measure %lld: %-8s %-4s %s%s%s = %g%s%s%s%s\n", (long long)m->id, m->phase,
               m->kind, m->site, activity ? "" : ":", activity ? "" : m->side, m->value,
               scale ? "/10" : " ", scale ? "" : m->unit, *m->motion ? " " : "", m->motion);
    }
    for (size_t i = 0; i < c->n_aes; i++) {
        const tdn_adverse_event *a = &c->aes[i];
        if (a->session_id != sid) continue;
        printf("    adverse event %lld: %s, %s, %s%s%s\n", (long long)a->id, a->kind, a->severity,
               a->resolved ? "resolved" : "not resolved", *a->action ? "; action: " : "",
               a->action);
    }
}

/* The screening's reasons (JSON text) as "rule (region): level" lines. */
static void print_reasons(const char *reasons)
{
    json_t *a = json_loads(reasons ? reasons : "[]", 0, NULL);
    size_t i;
    json_t *r;
    json_array_foreach(a, i, r)
    {
        const char *region = json_string_value(json_object_get(r, "region"));
        const char *level = json_string_value(json_object_get(r, "level"));
        const char *rule = json_string_value(json_object_get(r, "rule"));
        printf("    %s: %s%s%s%s\n", level ? level : "?", rule ? rule : "?", region ? " (" : "",
               region ? region : "", region ? ")" : "");
    }
    json_decref(a);
}

static void print_pains_and_diary(const tdn_chart *c)
{
    for (size_t i = 0; i < c->n_pains; i++) {
        const tdn_pain_entry *p = &c->pains[i];
        char level[16] = "";
        if (p->intensity >= 0) snprintf(level, sizeof level, "=%d", p->intensity);
        printf("  pain map: %s:%s%s (%s %lld)\n", p->region, p->side, level,
               p->session_id ? "session" : "episode",
               (long long)(p->session_id ? p->session_id : p->episode_id));
    }
    for (size_t i = 0; i < c->n_diary; i++) {
        const tdn_diary_entry *d = &c->diary[i];
        printf("  diary %s: pain %d, soreness %d%s%s\n", d->day, d->pain, d->soreness,
               *d->note ? ": " : "", d->note);
    }
}

static void print_chart(const tdn_chart *c, const tdn_kb *kb)
{
    char t[40];
    const tdn_patient *p = &c->patient;
    printf("Patient %lld: %s, born %s, sex %s\n", (long long)p->id, p->name, p->birth,
           *p->sex ? p->sex : "-");
    for (size_t i = 0; i < c->n_consents; i++) {
        tdn_cli_time(c->consents[i].given_at, t);
        printf("  consent by %s, %s (recorded by %s)\n", c->consents[i].given_by, t,
               c->consents[i].recorded_by);
    }
    for (size_t i = 0; i < c->n_screenings; i++) {
        tdn_cli_time(c->screenings[i].created, t);
        printf("  screening %lld: %s, %s\n", (long long)c->screenings[i].id,
               c->screenings[i].decision, t);
        print_reasons(c->screenings[i].reasons);
    }
    for (size_t i = 0; i < c->n_episodes; i++) {
        const tdn_episode *e = &c->episodes[i];
        tdn_cli_time(e->opened, t);
        char code[TDN_EPISODE_CODE_TEXT_MAX];
        tdn_episode_code_text(kb, e, code, sizeof code);
        printf("  episode %lld: %s%s%s%s%s (ICD-10-CM %s), opened %s%s\n", (long long)e->id,
               e->condition, *e->side ? ", " : "", tdn_side_words(e->side[0]), *e->site ? ", " : "",
               e->site, code, t, e->closed ? ", closed" : "");
        if (*e->goals) printf("    goals: %s\n", e->goals);
        if (*e->plan) printf("    plan of care: %s\n", e->plan);
    }
    for (size_t i = 0; i < c->n_sessions; i++) {
        const tdn_session *x = &c->sessions[i];
        tdn_cli_time(x->opened_at, t);
        printf("  session %lld: %s, opened %s by %s%s%s\n", (long long)x->id, x->state, t,
               x->clinician, *x->cpt ? ", CPT " : "", x->cpt);
        print_session_items(c, x->id);
    }
    if (c->n_sessions == 0) printf("  no sessions yet\n");
    print_pains_and_diary(c);
}

static int patient_show(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *id_text = NULL;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("patient show", argc, argv, opts, &json, &id_text)) return 1;
    if (!id_text) return tdn_cli_usage_error("patient show: give a patient id");
    int64_t id = 0;
    if (tdn_cli_parse_id("patient", id_text, &id)) return 1;
    const tdn_kb *kb = json ? NULL : tdn_cli_kb(cli);
    if (!json && !kb) return cli->kb_status;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_chart chart;
    tdn_err err = {0};
    if (tdn_store_chart_read(s, tdn_cli_act(cli), id, &chart, &err)) return tdn_cli_fail(&err);
    int rc = json ? tdn_cli_print_json(tdn_chart_json(&chart)) : (print_chart(&chart, kb), 0);
    tdn_chart_free(&chart);
    return rc;
}

static int patient_list(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *search = NULL;
    const tdn_opt opts[] = {{"--search", &search, 0}, {0}};
    if (tdn_cli_opts("patient list", argc, argv, opts, &json, NULL)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_patient *ps = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_patient_list(s, tdn_cli_act(cli), search, &ps, &n, &err))
        return tdn_cli_fail(&err);
    json_t *a = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (json)
            json_array_append_new(a, tdn_patient_json(&ps[i]));
        else
            printf("%6lld  %-40s %s  %s\n", (long long)ps[i].id, ps[i].name, ps[i].birth,
                   *ps[i].sex ? ps[i].sex : "-");
    }
    if (!json && n == 0) printf("No patients%s.\n", search && *search ? " match" : " yet");
    free(ps);
    return json ? tdn_cli_print_json(json_pack("{s:o}", "patients", a)) : 0;
}

int tdn_cmd_patient(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {
        {"add", patient_add}, {"show", patient_show}, {"list", patient_list}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
