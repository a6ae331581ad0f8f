/* cmd_needle.c — `tdn needle in|ltr|redirect|out|reinsert|broken|estim`: one
 * needling event per call. Each command loads the session, applies the event
 * with core/protocol at the CLI's clock ($TDN_NOW or now), and saves the
 * change in one transaction; a refused event exits 1 and writes nothing.
 * Also the helpers of needling.h shared with the session commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/needling.h"

/* ---- shared helpers (needling.h) ---------------------------------------- */

void needling_done(needling_ctx *c)
{
    free(c->aftercare);
    free(c->rec);
    free(c->after);
    c->aftercare = NULL;
    c->rec = NULL;
    c->after = NULL;
}

static int load_rules(needling_ctx *c)
{
    const tdn_kbfiles *f = tdn_cli_kbfiles(c->cli);
    if (!f) return c->cli->kb_status;
    c->kb = tdn_cli_kb(c->cli);
    tdn_err err = {0};
    if (tdn_protocol_rules_load(&c->rules, f->files, f->n, &err) ||
        tdn_billing_load(&c->billing, f->files, f->n, &err) ||
        tdn_aftercare_load(c->aftercare, f->files, f->n, &err))
        return tdn_cli_fail(&err);
    return 0;
}

int needling_load(tdn_cli *cli, const char *session_text, needling_ctx *c)
{
    *c = (needling_ctx){.cli = cli};
    int64_t id = 0;
    if (session_text && tdn_cli_parse_id("--session", session_text, &id)) return 1;
    c->aftercare = calloc(1, sizeof *c->aftercare);
    c->rec = calloc(1, sizeof *c->rec);
    c->after = calloc(1, sizeof *c->after);
    int rc = 0;
    if (!c->aftercare || !c->rec || !c->after) rc = tdn_cli_usage_error("out of memory") + 1;
    if (!rc) rc = load_rules(c);
    if (!rc && !(c->store = tdn_cli_store(cli, false))) rc = cli->store_status;
    c->now = tdn_cli_act(cli)->now;
    tdn_err err = {0};
    if (!rc && session_text &&
        tdn_store_needling_load(c->store, tdn_cli_act(cli), id, c->rec, &err))
        rc = tdn_cli_fail(&err);
    if (!rc) memcpy(c->after, &c->rec->needling, sizeof *c->after);
    if (rc) needling_done(c);
    return rc;
}

int needling_save(needling_ctx *c, const char *detail, const char *cpt, const char *note,
                  const char *handout)
{
    tdn_needling_change ch = {detail, cpt, note, handout};
    tdn_err err = {0};
    if (tdn_store_needling_save(c->store, tdn_cli_act(c->cli), c->rec, c->after, &ch, &err))
        return tdn_cli_fail(&err);
    return 0;
}

static json_t *opt_int(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

json_t *needling_needle_json(const tdn_needle *n)
{
    char side[2] = {n->side, 0};
    json_t *estim = json_null();
    if (n->estim.used)
        estim = json_pack("{s:f, s:i, s:i, s:s, s:I}", "freq_hz", n->estim.freq_hz, "pulse_us",
                          n->estim.pulse_us, "duration_s", n->estim.duration_s, "intensity",
                          n->estim.intensity, "started_at", (json_int_t)n->estim.started_at);
    return json_pack(
        "{s:i, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:i, s:i, s:i, s:I, s:I, s:o, s:I, s:s, s:o}",
        "number", n->number, "muscle", n->muscle, "side", side, "technique",
        tdn_technique_name(n->technique), "guide_tube", n->guide_tube, "palpation",
        n->palpation[0] ? json_string(n->palpation) : json_null(), "gauge_mm",
        n->gauge_mm > 0 ? json_real(n->gauge_mm) : json_null(), "length_mm", opt_int(n->length_mm),
        "ltr_count", n->ltr_count, "redirections", n->redirections, "rounds", n->rounds,
        "inserted_at", (json_int_t)n->inserted_at, "round_at", (json_int_t)n->round_at,
        "withdrawn_at", n->state == TDN_NEEDLE_IN ? json_null() : json_integer(n->withdrawn_at),
        "dwell_s", (json_int_t)n->dwell_s, "state", tdn_needle_state_name(n->state), "estim",
        estim);
}

json_t *needling_ledger_json(const tdn_needling *n)
{
    tdn_ledger l = tdn_ledger_count(n->needles, n->n_needles);
    return json_pack("{s:i, s:i, s:i, s:i}", "inserted", l.inserted, "withdrawn", l.withdrawn,
                     "broken", l.broken, "in", l.in);
}

json_t *needling_session_json(int64_t id, const tdn_needling *n)
{
    json_t *needles = json_array(), *overrides = json_array(), *aes = json_array();
    for (int i = 0; i < n->n_needles; i++)
        json_array_append_new(needles, needling_needle_json(&n->needles[i]));
    for (int i = 0; i < n->n_overrides; i++) {
        const tdn_override *o = &n->overrides[i];
        json_array_append_new(overrides,
                              json_pack("{s:s, s:s, s:i, s:I}", "rule", o->rule, "reason",
                                        o->reason, "needle", o->needle, "at", (json_int_t)o->at));
    }
    for (int i = 0; i < n->n_aes; i++) {
        const tdn_ae_record *a = &n->aes[i];
        json_array_append_new(aes, json_pack("{s:s, s:s, s:s, s:o, s:I}", "kind", a->kind,
                                             "severity", a->severity, "note", a->note, "needle",
                                             opt_int(a->needle), "at", (json_int_t)a->at));
    }
    return json_pack("{s:I, s:s, s:s?, s:I, s:o, s:o, s:o, s:o, s:o}", "session", (json_int_t)id,
                     "state", tdn_session_state_name(n->state), "unscreened",
                     n->unscreened[0] ? n->unscreened : NULL, "opened_at", (json_int_t)n->opened_at,
                     "ended_at", opt_int(n->ended_at), "ledger", needling_ledger_json(n), "needles",
                     needles, "overrides", overrides, "adverse_events", aes);
}

/* ---- parsing ------------------------------------------------------------- */

static int parse_int(const char *field, const char *text, long min, long max, int *out)
{
    char *end;
    long v = text ? strtol(text, &end, 10) : 0;
    if (!text || !*text || *end || v < min || v > max)
        return tdn_cli_usage_error("%s: '%s' must be a whole number from %ld to %ld", field,
                                   text ? text : "", min, max);
    *out = (int)v;
    return 0;
}

static int parse_real(const char *field, const char *text, double *out)
{
    char *end;
    double v = text ? strtod(text, &end) : 0;
    if (!text || !*text || *end || !(v > 0))
        return tdn_cli_usage_error("%s: '%s' must be a positive number", field, text ? text : "");
    *out = v;
    return 0;
}

/* Prints the result of an event on needle number: text or JSON. */
static int print_event(const needling_ctx *c, bool json, const char *what, int number,
                       const tdn_insert_result *res)
{
    const tdn_needle *n = tdn_session_needle(c->after, number);
    if (json) {
        json_t *w = json_array();
        for (int i = 0; res && i < res->n_warnings; i++)
            json_array_append_new(w, json_string(res->warnings[i]));
        return tdn_cli_print_json(json_pack(
            "{s:I, s:s, s:o, s:o, s:o}", "session", (json_int_t)c->rec->session.id, "state",
            tdn_session_state_name(c->after->state), "needle", needling_needle_json(n), "ledger",
            needling_ledger_json(c->after), "warnings", w));
    }
    tdn_ledger l = tdn_ledger_count(c->after->needles, c->after->n_needles);
    printf("needle %d %s: %s %c %s", n->number, what, n->muscle, n->side,
           tdn_technique_name(n->technique));
    if (n->technique == TDN_TECH_DEEP)
        printf(", LTRs %d, redirections %d", n->ltr_count, n->redirections);
    else
        printf(", round %d", n->rounds);
    printf("\nsession %lld: %s; ledger %d in, %d out, %d broken of %d inserted\n",
           (long long)c->rec->session.id, tdn_session_state_name(c->after->state), l.in,
           l.withdrawn, l.broken, l.inserted);
    for (int i = 0; res && i < res->n_warnings; i++)
        printf("WARNING: %s\n", res->warnings[i]);
    return 0;
}

/* ---- needle in ------------------------------------------------------------ */

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
    if (s != 'L' && s != 'R') return tdn_cli_usage_error("--side: required, L or R");
    int tech = technique ? tdn_technique_parse(technique) : 0;
    if (!tech) return tdn_cli_usage_error("--technique: required, deep or superficial");
    tdn_insert in = {.muscle = muscle,
                     .side = s,
                     .technique = tech,
                     .guide_tube = guide_tube,
                     .palpation = palpation,
                     .override = override};
    if (gauge && parse_real("--gauge", gauge, &in.gauge_mm)) return 1;
    if (length && parse_int("--length", length, 1, 1000, &in.length_mm)) return 1;
    needling_ctx c;
    int rc = needling_load(cli, session, &c);
    if (rc) return rc;
    tdn_insert_result res;
    tdn_err err = {0};
    if (tdn_session_insert(c.after, c.kb, &c.rules, &in, c.now, &res, &err)) {
        needling_done(&c);
        return tdn_cli_fail(&err);
    }
    char detail[160];
    snprintf(detail, sizeof detail, "needle in #%d %s %c %s%s", res.needle, muscle, s,
             tdn_technique_name(tech),
             c.after->n_overrides > c.rec->needling.n_overrides ? " (override)" : "");
    rc = needling_save(&c, detail, NULL, NULL, NULL);
    if (!rc) rc = print_event(&c, json, "in", res.needle, &res);
    needling_done(&c);
    return rc;
}

/* ---- events on one needle ------------------------------------------------- */

typedef struct needle_args {
    bool json;
    const char *session, *needle;
    const char *incident, *severity;                 /* broken */
    const char *freq, *pulse, *duration, *intensity; /* estim */
} needle_args;

static int parse_needle_args(const char *cmd, int argc, char **argv, needle_args *a, int *number)
{
    bool broken = strcmp(cmd, "needle broken") == 0, estim = strcmp(cmd, "needle estim") == 0;
    tdn_opt opts[12] = {{"--session", &a->session, 0}, {"--needle", &a->needle, 0}};
    int k = 2;
    if (broken) {
        opts[k++] = (tdn_opt){"--incident", &a->incident, 0};
        opts[k++] = (tdn_opt){"--severity", &a->severity, 0};
    }
    if (estim) {
        opts[k++] = (tdn_opt){"--freq", &a->freq, 0};
        opts[k++] = (tdn_opt){"--pulse", &a->pulse, 0};
        opts[k++] = (tdn_opt){"--duration", &a->duration, 0};
        opts[k++] = (tdn_opt){"--intensity", &a->intensity, 0};
    }
    opts[k] = (tdn_opt){0};
    if (tdn_cli_opts(cmd, argc, argv, opts, &a->json, NULL)) return 1;
    if (!a->session) return tdn_cli_usage_error("--session: required");
    if (!a->needle) return tdn_cli_usage_error("--needle: required (the needle's number)");
    if (parse_int("--needle", a->needle, 1, TDN_SESSION_MAX_NEEDLES, number)) return 1;
    if (broken && !a->incident)
        return tdn_cli_usage_error("--incident: required, what happened and what was done");
    if (broken && !a->severity)
        return tdn_cli_usage_error("--severity: required, mild, moderate or significant");
    return 0;
}

static int apply_estim(needling_ctx *c, const needle_args *a, int number, tdn_err *err)
{
    tdn_estim_input e = {.intensity = a->intensity};
    if (parse_real("--freq", a->freq, &e.freq_hz) ||
        parse_int("--pulse", a->pulse, 1, 100000, &e.pulse_us) ||
        parse_int("--duration", a->duration, 1, 1000000, &e.duration_s))
        return 1;
    if (!a->intensity) {
        tdn_cli_usage_error("--intensity: required, the patient's tolerance in words");
        return 1;
    }
    return tdn_session_estim(c->after, number, &e, c->now, err) ? 3 : 0;
}

/* Runs the event of command cmd on the needle. Returns 0, or 3 when core
 * refused it (err set), or 1 / 2 when argument parsing already printed. */
static int apply_event(needling_ctx *c, const char *cmd, const needle_args *a, int number,
                       tdn_err *err)
{
    int rc = 0;
    if (strcmp(cmd, "needle ltr") == 0)
        rc = tdn_session_ltr(c->after, number, c->now, err);
    else if (strcmp(cmd, "needle redirect") == 0)
        rc = tdn_session_redirect(c->after, number, c->now, err);
    else if (strcmp(cmd, "needle out") == 0)
        rc = tdn_session_withdraw(c->after, number, c->now, err);
    else if (strcmp(cmd, "needle reinsert") == 0)
        rc = tdn_session_reinsert(c->after, number, c->now, err);
    else if (strcmp(cmd, "needle broken") == 0)
        rc = tdn_session_broken(c->after, number, a->severity, a->incident, c->now, err);
    else
        return apply_estim(c, a, number, err);
    return rc ? 3 : 0;
}

static int needle_event(tdn_cli *cli, const char *cmd, const char *what, int argc, char **argv)
{
    needle_args a = {0};
    int number = 0;
    if (parse_needle_args(cmd, argc, argv, &a, &number)) return 1;
    needling_ctx c;
    int rc = needling_load(cli, a.session, &c);
    if (rc) return rc;
    tdn_err err = {0};
    rc = apply_event(&c, cmd, &a, number, &err);
    if (rc) {
        needling_done(&c);
        return rc == 3 ? tdn_cli_fail(&err) : 1;
    }
    const tdn_needle *n = tdn_session_needle(c.after, number);
    char detail[160];
    snprintf(detail, sizeof detail, "needle %s #%d %s %c", what, number, n->muscle, n->side);
    rc = needling_save(&c, detail, NULL, NULL, NULL);
    if (!rc) rc = print_event(&c, a.json, what, number, NULL);
    needling_done(&c);
    return rc;
}

static int needle_ltr(tdn_cli *cli, int argc, char **argv)
{
    return needle_event(cli, "needle ltr", "LTR", argc, argv);
}
static int needle_redirect(tdn_cli *cli, int argc, char **argv)
{
    return needle_event(cli, "needle redirect", "redirected", argc, argv);
}
static int needle_out(tdn_cli *cli, int argc, char **argv)
{
    return needle_event(cli, "needle out", "out", argc, argv);
}
static int needle_reinsert(tdn_cli *cli, int argc, char **argv)
{
    return needle_event(cli, "needle reinsert", "reinserted", argc, argv);
}
static int needle_broken(tdn_cli *cli, int argc, char **argv)
{
    return needle_event(cli, "needle broken", "broken", argc, argv);
}
static int needle_estim(tdn_cli *cli, int argc, char **argv)
{
    return needle_event(cli, "needle estim", "e-stim", argc, argv);
}

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
