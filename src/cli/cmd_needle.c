/* cmd_needle.c — `tdn needle in|ltr|redirect|out|reinsert|broken|estim`: one
 * needling event per call, at the CLI's clock ($TDN_NOW or now), applied and
 * saved by app/needling (load, core/protocol, save in one transaction). A
 * refused event exits 1 with core's message and writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/needling.h"

int needling_cli_open(tdn_cli *cli, needling_cli *c)
{
    *c = (needling_cli){0};
    const tdn_kbfiles *f = tdn_cli_kbfiles(cli);
    if (!f) return cli->kb_status;
    c->kb = tdn_cli_kb(cli);
    c->rules = calloc(1, sizeof *c->rules);
    c->rec = calloc(1, sizeof *c->rec);
    int rc = 0;
    tdn_err err = {0};
    if (!c->rules || !c->rec)
        rc = tdn_cli_fail(&(tdn_err){TDN_ESYS, "out of memory"});
    else if (tdn_needling_rules_load(c->rules, f->files, f->n, &err))
        rc = tdn_cli_fail(&err);
    else if (!(c->store = tdn_cli_store(cli, false)))
        rc = cli->store_status;
    if (rc) needling_cli_done(c);
    return rc;
}

void needling_cli_done(needling_cli *c)
{
    free(c->rules);
    free(c->rec);
    c->rules = NULL;
    c->rec = NULL;
}

static int parse_int(const char *field, const char *text, long min, long max, int *out)
{
    char *end;
    long v = text ? strtol(text, &end, 10) : 0;
    if (!text) return tdn_cli_usage_error("%s: required", field);
    if (!*text || *end || v < min || v > max)
        return tdn_cli_usage_error("%s: '%s' must be a whole number from %ld to %ld", field, text,
                                   min, max);
    *out = (int)v;
    return 0;
}

static int parse_real(const char *field, const char *text, double *out)
{
    char *end;
    double v = text ? strtod(text, &end) : 0;
    if (!text) return tdn_cli_usage_error("%s: required", field);
    if (!*text || *end || !(v > 0))
        return tdn_cli_usage_error("%s: '%s' must be a positive number", field, text);
    *out = v;
    return 0;
}

/* Prints the needle's event: text, or JSON with the needle, ledger and warnings. */
static int print_event(int64_t sid, const tdn_needling *n, bool json, const char *what, int number,
                       const tdn_insert_result *res)
{
    const tdn_needle *nd = tdn_session_needle(n, number);
    if (json) {
        json_t *w = json_array();
        for (int i = 0; i < res->n_warnings; i++)
            json_array_append_new(w, json_string(res->warnings[i]));
        return tdn_cli_print_json(json_pack("{s:I, s:s, s:o, s:o, s:o}", "session", (json_int_t)sid,
                                            "state", tdn_session_state_name(n->state), "needle",
                                            tdn_needle_json(nd), "ledger", tdn_ledger_json(n),
                                            "warnings", w));
    }
    tdn_ledger l = tdn_ledger_count(n->needles, n->n_needles);
    printf("needle %d %s: %s %c %s", nd->number, what, nd->muscle, nd->side,
           tdn_technique_name(nd->technique));
    if (nd->technique == TDN_TECH_DEEP)
        printf(", LTRs %d, redirections %d", nd->ltr_count, nd->redirections);
    else
        printf(", round %d", nd->rounds);
    printf("\nsession %lld: %s; ledger %d in, %d out, %d broken of %d inserted\n", (long long)sid,
           tdn_session_state_name(n->state), l.in, l.withdrawn, l.broken, l.inserted);
    for (int i = 0; i < res->n_warnings; i++)
        printf("WARNING: %s\n", res->warnings[i]);
    return 0;
}

/* The options of the needle commands, which core's messages name bare. */
static const char *const needle_options[] = {
    "muscle", "side",  "technique", "palpation", "gauge",    "length",   "override", "needle",
    "freq",   "pulse", "duration",  "intensity", "incident", "severity", NULL};

/* Applies ev to session_text's session and prints the result. */
static int run_event(tdn_cli *cli, const char *session_text, const tdn_needling_event *ev,
                     bool json, const char *what)
{
    int64_t sid = 0;
    if (tdn_cli_parse_id("--session", session_text, &sid)) return 1;
    needling_cli c;
    int rc = needling_cli_open(cli, &c);
    if (rc) return rc;
    tdn_insert_result res;
    tdn_err err = {0};
    if (tdn_needling_apply(c.store, tdn_cli_act(cli), c.kb, c.rules, sid, ev, c.rec, &res, &err))
        rc = tdn_cli_fail_opts(&err, needle_options);
    else
        rc = print_event(sid, &c.rec->needling, json, what,
                         ev->kind == TDN_EV_INSERT ? res.needle : ev->needle, &res);
    needling_cli_done(&c);
    return rc;
}

static int needle_in(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, guide_tube = false;
    const char *session = NULL, *muscle = NULL, *side = NULL, *technique = NULL, *palpation = NULL,
               *gauge = NULL, *length = NULL, *override = NULL;
    const tdn_opt opts[] = {{"--session", &session, 0},
                            {"--muscle", &muscle, 0},
                            {"--side", &side, 0},
                            {"--technique", &technique, 0},
                            {"--guide-tube", 0, &guide_tube},
                            {"--palpation", &palpation, 0},
                            {"--gauge", &gauge, 0},
                            {"--length", &length, 0},
                            {"--override", &override, 0},
                            {0}};
    if (tdn_cli_opts("needle in", argc, argv, opts, &json, NULL)) return 1;
    if (!session) return tdn_cli_usage_error("--session: required");
    if (!muscle) return tdn_cli_usage_error("--muscle: required (a muscle id, see tdn muscle)");
    char s = side ? tdn_side_parse(side) : 0;
    if (!side) return tdn_cli_usage_error("--side: required, L or R");
    if (s != 'L' && s != 'R') return tdn_cli_usage_error("--side: '%s' must be L or R", side);
    int tech = technique ? tdn_technique_parse(technique) : 0;
    if (!technique) return tdn_cli_usage_error("--technique: required, deep or superficial");
    if (!tech)
        return tdn_cli_usage_error("--technique: '%s' must be deep or superficial", technique);
    tdn_needling_event ev = {.kind = TDN_EV_INSERT,
                             .insert = {.muscle = muscle,
                                        .side = s,
                                        .technique = tech,
                                        .guide_tube = guide_tube,
                                        .palpation = palpation,
                                        .override = override}};
    if (gauge && parse_real("--gauge", gauge, &ev.insert.gauge_mm)) return 1;
    if (length && parse_int("--length", length, 1, 1000, &ev.insert.length_mm)) return 1;
    return run_event(cli, session, &ev, json, "in");
}

/* The per-needle events: their kind, what they print, and their extra options. */
static const struct needle_cmd {
    const char *name, *what;
    int kind;
} needle_cmds[] = {
    {"needle ltr", "LTR", TDN_EV_LTR},          {"needle redirect", "redirected", TDN_EV_REDIRECT},
    {"needle out", "out", TDN_EV_WITHDRAW},     {"needle reinsert", "reinserted", TDN_EV_REINSERT},
    {"needle broken", "broken", TDN_EV_BROKEN}, {"needle estim", "e-stim", TDN_EV_ESTIM},
};

/* Reads the options of broken / estim into ev; 1 after printing an error. */
static int event_options(int kind, const char *const *v, tdn_needling_event *ev)
{
    if (kind == TDN_EV_BROKEN) {
        if (!v[0])
            return tdn_cli_usage_error("--incident: required, what happened and what was done");
        if (!v[1])
            return tdn_cli_usage_error("--severity: required, mild, moderate, significant or serious");
        ev->text = v[0];
        ev->severity = v[1];
    }
    if (kind == TDN_EV_ESTIM) {
        if (parse_real("--freq", v[2], &ev->estim.freq_hz) ||
            parse_int("--pulse", v[3], 1, 100000, &ev->estim.pulse_us) ||
            parse_int("--duration", v[4], 1, 1000000, &ev->estim.duration_s))
            return 1;
        if (!v[5]) return tdn_cli_usage_error("--intensity: required, the patient's tolerance");
        ev->estim.intensity = v[5];
    }
    return 0;
}

static int needle_event(tdn_cli *cli, const struct needle_cmd *cmd, int argc, char **argv)
{
    bool json = false;
    const char *session = NULL, *needle = NULL, *v[6] = {0};
    tdn_opt opts[9] = {{"--session", &session, 0}, {"--needle", &needle, 0}};
    int k = 2;
    if (cmd->kind == TDN_EV_BROKEN) {
        opts[k++] = (tdn_opt){"--incident", &v[0], 0};
        opts[k++] = (tdn_opt){"--severity", &v[1], 0};
    } else if (cmd->kind == TDN_EV_ESTIM) {
        opts[k++] = (tdn_opt){"--freq", &v[2], 0};
        opts[k++] = (tdn_opt){"--pulse", &v[3], 0};
        opts[k++] = (tdn_opt){"--duration", &v[4], 0};
        opts[k++] = (tdn_opt){"--intensity", &v[5], 0};
    }
    opts[k] = (tdn_opt){0};
    if (tdn_cli_opts(cmd->name, argc, argv, opts, &json, NULL)) return 1;
    if (!session) return tdn_cli_usage_error("--session: required");
    tdn_needling_event ev = {.kind = cmd->kind};
    if (parse_int("--needle", needle, 1, TDN_SESSION_MAX_NEEDLES, &ev.needle)) return 1;
    if (event_options(cmd->kind, v, &ev)) return 1;
    return run_event(cli, session, &ev, json, cmd->what);
}

#define NEEDLE_FN(fn, i)                                                                           \
    static int fn(tdn_cli *cli, int argc, char **argv)                                             \
    {                                                                                              \
        return needle_event(cli, &needle_cmds[i], argc, argv);                                     \
    }
NEEDLE_FN(needle_ltr, 0)
NEEDLE_FN(needle_redirect, 1)
NEEDLE_FN(needle_out, 2)
NEEDLE_FN(needle_reinsert, 3)
NEEDLE_FN(needle_broken, 4)
NEEDLE_FN(needle_estim, 5)

int tdn_cmd_needle(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"in", needle_in},
                                      {"ltr", needle_ltr},
                                      {"redirect", needle_redirect},
                                      {"out", needle_out},
                                      {"reinsert", needle_reinsert},
                                      {"broken", needle_broken},
                                      {"estim", needle_estim},
                                      {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
