/* cmd_session.c — what a clinician records in a session: `tdn session open`,
 * `tdn finding add`, `tdn measure add`, `tdn ae add`. Muscles, regions and
 * measure ranges are checked against the knowledge base and core/record.h
 * before the store is touched, so bad input writes nothing. The session
 * issue adds its subcommands (due, close, note) to session_subs below. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/needling.h"
#include "core/body.h"
#include "core/protocol.h"
#include "core/record.h"

/* Parses a required id option; 1 after printing the error. */
static int need_id(const char *field, const char *text, int64_t *id)
{
    if (!text) return tdn_cli_usage_error("%s: required", field);
    return tdn_cli_parse_id(field, text, id);
}

/* Checks a side option against the allowed letters ("LR" or "LRB"). */
static int check_side(const char *field, const char *text, const char *allowed, char out[2])
{
    char side = text ? tdn_side_parse(text) : 0;
    if (!side || !strchr(allowed, side))
        return tdn_cli_usage_error("%s: '%s' must be %s", field, text ? text : "",
                                   strlen(allowed) == 2 ? "L or R" : "L, R or B");
    out[0] = side;
    out[1] = '\0';
    return 0;
}

static int session_open(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *episode = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {"--episode", &episode, 0}, {0}};
    if (tdn_cli_opts("session open", argc, argv, opts, &json, NULL)) return 1;
    tdn_session in = {0};
    if (need_id("--patient", patient, &in.patient_id)) return 1;
    if (episode && tdn_cli_parse_id("--episode", episode, &in.episode_id)) return 1;
    /* the state (screened or open) comes from the latest screening and consent */
    return needling_session_open(cli, &in, json);
}

/* The session group's subcommands; the session issue appends here. */
static const tdn_subcmd session_subs[] = {{"open", session_open},
                                          {"due", tdn_session_cmd_due},
                                          {"close", tdn_session_cmd_close},
                                          {"abort", tdn_session_cmd_abort},
                                          {"note", tdn_session_cmd_note},
                                          {"show", tdn_session_cmd_show},
                                          {0}};

int tdn_cmd_session(tdn_cli *cli, int argc, char **argv)
{
    return tdn_cli_dispatch(cli, session_subs, argc, argv);
}

static int finding_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *session = NULL, *muscle = NULL, *side = NULL, *type = NULL;
    tdn_finding f = {0};
    const tdn_opt opts[] = {
        {"--session", &session, 0}, {"--muscle", &muscle, 0},         {"--side", &side, 0},
        {"--type", &type, 0},       {"--taut-band", 0, &f.taut_band}, {"--spot", 0, &f.spot},
        {"--ltr", 0, &f.ltr},       {"--referred", 0, &f.referred},   {0}};
    if (tdn_cli_opts("finding add", argc, argv, opts, &json, NULL)) return 1;
    if (need_id("--session", session, &f.session_id)) return 1;
    if (!muscle) return tdn_cli_usage_error("--muscle: required (a muscle id, see tdn muscle)");
    if (check_side("--side", side, "LR", f.side)) return 1;
    static const char *const types[] = {"active", "latent", "none", NULL};
    tdn_err err = {0};
    if (!type) return tdn_cli_usage_error("--type: required (active, latent or none)");
    if (tdn_word_check("--type", type, types, &err)) return tdn_cli_fail(&err);
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    if (tdn_kb_muscle_find(kb, muscle) < 0)
        return tdn_cli_usage_error("--muscle: unknown muscle '%s' (did you mean '%s'?)", muscle,
                                   tdn_kb_muscle_closest(kb, muscle));
    snprintf(f.muscle, sizeof f.muscle, "%s", muscle);
    snprintf(f.tp_type, sizeof f.tp_type, "%s", type);
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    int64_t id = 0;
    if (tdn_store_finding_add(s, tdn_cli_act(cli), &f, &id, &err)) return tdn_cli_fail(&err);
    return tdn_cli_print_id(json, id);
}

int tdn_cmd_finding(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"add", finding_add}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}

/* `--site temple:R` is the same as `--site temple --side R`, as in a pain map
 * (also `upper_trapezius:R`, `cervical_rotation:L`); a side given both ways
 * must agree. Returns 1 after printing the error. */
static int split_site_side(const char *site, char *out, size_t cap, const char **side)
{
    const char *colon = strrchr(site, ':');
    size_t n = colon ? (size_t)(colon - site) : strlen(site);
    if (n >= cap) return tdn_cli_usage_error("--site: longer than %zu characters", cap - 1);
    memcpy(out, site, n);
    out[n] = '\0';
    if (!colon) return 0;
    if (*side && strcmp(*side, colon + 1) != 0)
        return tdn_cli_usage_error("--side: '%s' disagrees with the side in --site '%s'", *side,
                                   site);
    *side = colon + 1;
    return 0;
}

static int measure_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *session = NULL, *phase = NULL, *kind = NULL, *site = NULL, *value = NULL,
               *side = NULL, *motion = NULL;
    const tdn_opt opts[] = {{"--session", &session, 0}, {"--phase", &phase, 0},
                            {"--kind", &kind, 0},       {"--site", &site, 0},
                            {"--value", &value, 0},     {"--side", &side, 0},
                            {"--motion", &motion, 0},   {0}};
    if (tdn_cli_opts("measure add", argc, argv, opts, &json, NULL)) return 1;
    tdn_measure m = {0};
    if (need_id("--session", session, &m.session_id)) return 1;
    static const char *const phases[] = {"pre", "post", "followup", NULL};
    tdn_err err = {0};
    if (!phase) return tdn_cli_usage_error("--phase: required (pre, post or followup)");
    if (tdn_word_check("--phase", phase, phases, &err)) return tdn_cli_fail(&err);
    if (!kind) return tdn_cli_usage_error("--kind: required (nprs, ppt, rom or psfs)");
    if (!value) return tdn_cli_usage_error("--value: required");
    char site_only[sizeof m.site];
    bool free_text_site = strcmp(kind, "psfs") == 0; /* a PSFS activity may hold a colon */
    if (site && !free_text_site) {
        if (split_site_side(site, site_only, sizeof site_only, &side)) return 1;
        site = site_only;
    }
    if (check_side("--side", side ? side : "B", "LRB", m.side)) return 1;
    const tdn_kb *kb = tdn_cli_kb(cli);
    if (!kb) return cli->kb_status;
    const char *unit = NULL;
    if (tdn_measure_check(kb, kind, site, value, motion, &m.value, &unit, &err))
        return tdn_cli_fail(&err);
    snprintf(m.phase, sizeof m.phase, "%s", phase);
    snprintf(m.kind, sizeof m.kind, "%s", kind);
    snprintf(m.site, sizeof m.site, "%s", site);
    snprintf(m.unit, sizeof m.unit, "%s", unit);
    snprintf(m.motion, sizeof m.motion, "%s", motion ? motion : "");
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    int64_t id = 0;
    if (tdn_store_measure_add(s, tdn_cli_act(cli), &m, &id, &err)) return tdn_cli_fail(&err);
    return tdn_cli_print_id(json, id);
}

int tdn_cmd_measure(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"add", measure_add}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}

static int ae_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *session = NULL, *kind = NULL, *severity = NULL, *action = NULL, *note = NULL,
               *needle = NULL;
    tdn_adverse_event ae = {0};
    const tdn_opt opts[] = {{"--session", &session, 0},
                            {"--kind", &kind, 0},
                            {"--severity", &severity, 0},
                            {"--action", &action, 0},
                            {"--note", &note, 0},
                            {"--needle", &needle, 0},
                            {"--resolved", 0, &ae.resolved},
                            {0}};
    if (tdn_cli_opts("ae add", argc, argv, opts, &json, NULL)) return 1;
    if (need_id("--session", session, &ae.session_id)) return 1;
    int64_t number = 0; /* the needle's number in the session, as the needle commands take it */
    if (needle && tdn_cli_parse_id("--needle", needle, &number)) return 1;
    if (number > TDN_SESSION_MAX_NEEDLES)
        return tdn_cli_usage_error("--needle: '%s' must be a whole number from 1 to %d", needle,
                                   TDN_SESSION_MAX_NEEDLES);
    ae.needle_number = (int)number;
    tdn_err err = {0};
    if (!kind) return tdn_cli_usage_error("--kind: required (e.g. bruising, soreness, syncope)");
    if (!severity) return tdn_cli_usage_error("--severity: required (mild, moderate, significant, serious)");
    if (tdn_ae_kind_check("--kind", kind, &err) ||
        tdn_ae_severity_check("--severity", severity, &err))
        return tdn_cli_fail(&err);
    if (action && strlen(action) > TDN_TEXT_MAX)
        return tdn_cli_usage_error("--action: longer than %d characters", TDN_TEXT_MAX);
    if (note && strlen(note) > TDN_TEXT_MAX)
        return tdn_cli_usage_error("--note: longer than %d characters", TDN_TEXT_MAX);
    snprintf(ae.kind, sizeof ae.kind, "%s", kind);
    snprintf(ae.severity, sizeof ae.severity, "%s", severity);
    snprintf(ae.action, sizeof ae.action, "%s", action ? action : "");
    snprintf(ae.note, sizeof ae.note, "%s", note ? note : "");
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    int64_t id = 0;
    if (tdn_store_ae_add(s, tdn_cli_act(cli), &ae, &id, &err)) return tdn_cli_fail(&err);
    return tdn_cli_print_id(json, id);
}

int tdn_cmd_ae(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"add", ae_add}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
