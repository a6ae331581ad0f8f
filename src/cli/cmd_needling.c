/* cmd_needling.c — the session commands of the needling issue: `tdn session
 * open` (the state its screening and consent allow), `session due|close|
 * abort|note|show` and `tdn handout`. Thin: app/needling does the work,
 * this file parses arguments and prints text or --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "app/localtime.h"
#include "cli/needling.h"

int needling_session_open(tdn_cli *cli, const tdn_session *in, bool json)
{
    needling_cli c;
    int rc = needling_cli_open(cli, &c);
    if (rc) return rc;
    int64_t id = 0;
    tdn_needling *n = &c.rec->needling;
    tdn_err err = {0};
    if (tdn_needling_open(c.store, tdn_cli_act(cli), c.rules, in, &id, n, &err)) {
        needling_cli_done(&c);
        return tdn_cli_fail(&err);
    }
    if (json) {
        json_t *b = json_array();
        for (int i = 0; i < n->n_blocked; i++) {
            char r[48];
            snprintf(r, sizeof r, "%s:%c", tdn_region_at(n->blocked[i].region)->code,
                     n->blocked[i].side);
            json_array_append_new(b, json_string(r));
        }
        rc = tdn_cli_print_json(json_pack("{s:I, s:s, s:s?, s:o}", "id", (json_int_t)id, "state",
                                          tdn_session_state_name(n->state), "unscreened",
                                          n->unscreened[0] ? n->unscreened : NULL, "blocked", b));
    } else {
        printf("%lld\n", (long long)id);
        if (n->unscreened[0])
            fprintf(stderr,
                    "tdn: session %lld is open but not screened: %s; needling needs "
                    "--override REASON\n",
                    (long long)id, n->unscreened);
    }
    needling_cli_done(&c);
    return rc;
}

/* Parses `CMD ID [--json]` plus opts, opens what the command needs and loads
 * the session into c->rec. Returns 0 or the exit code after printing. */
int needling_cli_load(tdn_cli *cli, const char *cmd, int argc, char **argv, const tdn_opt *opts,
                      bool *json, needling_cli *c)
{
    const char *text = NULL;
    static const tdn_opt none[] = {{0}};
    if (tdn_cli_opts(cmd, argc, argv, opts ? opts : none, json, &text)) return 1;
    if (!text) return tdn_cli_usage_error("%s: give the session id", cmd);
    int64_t id = 0;
    if (tdn_cli_parse_id("session", text, &id)) return 1;
    int rc = needling_cli_open(cli, c);
    tdn_err err = {0};
    if (!rc && tdn_store_needling_load(c->store, tdn_cli_act(cli), id, c->rec, &err)) {
        needling_cli_done(c);
        rc = tdn_cli_fail(&err);
    }
    return rc;
}

int tdn_session_cmd_due(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_cli c;
    int rc = needling_cli_load(cli, "session due", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    const tdn_needling *n = &c.rec->needling;
    int64_t now = tdn_cli_act(cli)->now, sid = c.rec->session.id;
    enum { MAX_DUE = TDN_SESSION_MAX_NEEDLES * 2 };
    tdn_due due[MAX_DUE];
    int count = tdn_protocol_due(n, &c.rules->protocol, now, due, MAX_DUE);
    if (json) {
        rc = tdn_cli_print_json(json_pack("{s:I, s:s, s:I, s:o, s:o}", "session", (json_int_t)sid,
                                          "state", tdn_session_state_name(n->state), "now",
                                          (json_int_t)now, "due", tdn_due_json(due, count),
                                          "ledger", tdn_ledger_json(n)));
    } else {
        char clock[TDN_CLOCK_LEN];
        tdn_tz zone;
        tdn_clock(tdn_tz_at(&zone, now), now, clock);
        printf("session %lld (%s) at %s: ", (long long)sid, tdn_session_state_name(n->state),
               clock);
        if (count == 0)
            printf("no needle in situ, nothing due\n");
        else
            printf("%d timer%s\n", count, tdn_plural(count));
        for (int i = 0; i < count; i++)
            printf("  %-4s %s\n", due[i].due ? "DUE" : "", due[i].message);
    }
    needling_cli_done(&c);
    return rc;
}

int tdn_session_cmd_note(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, final = false;
    needling_cli c;
    int rc = needling_cli_load(cli, "session note", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    tdn_buf b = {0};
    tdn_err err = {0};
    if (tdn_needling_note(c.store, tdn_cli_act(cli), c.kb, c.rules, c.rec, &b, &final, &err))
        rc = tdn_cli_fail(&err);
    else if (json)
        rc = tdn_cli_print_json(json_pack("{s:I, s:s, s:b, s:s}", "session",
                                          (json_int_t)c.rec->session.id, "state",
                                          tdn_session_state_name(c.rec->needling.state), "final",
                                          final, "note", tdn_buf_str(&b)));
    else
        fputs(tdn_buf_str(&b), stdout);
    tdn_buf_free(&b);
    needling_cli_done(&c);
    return rc;
}

static void print_closed(int64_t sid, const tdn_billing *bill)
{
    printf("session %lld closed: ", (long long)sid);
    if (bill->cpt)
        printf("CPT %s (%s; %d distinct muscle%s, %d needle%s)\n", bill->cpt->code,
               bill->cpt->descriptor, bill->distinct_muscles, tdn_plural(bill->distinct_muscles),
               bill->needles, tdn_plural(bill->needles));
    else
        printf("no CPT code (no needle inserted)\n");
    printf("the note: tdn session note %lld", (long long)sid);
    if (bill->needles) printf("; the patient's handout: tdn handout %lld", (long long)sid);
    printf("\n");
}

int tdn_session_cmd_close(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *text = NULL;
    static const tdn_opt none[] = {{0}};
    if (tdn_cli_opts("session close", argc, argv, none, &json, &text)) return 1;
    if (!text) return tdn_cli_usage_error("session close: give the session id");
    int64_t sid = 0;
    if (tdn_cli_parse_id("session", text, &sid)) return 1;
    needling_cli c;
    int rc = needling_cli_open(cli, &c);
    if (rc) return rc;
    tdn_billing bill;
    tdn_err err = {0};
    if (tdn_needling_close(c.store, tdn_cli_act(cli), c.kb, c.rules, sid, c.rec, &bill, &err)) {
        rc = tdn_cli_fail(&err);
    } else if (json) {
        json_t *cpt = bill.cpt ? json_pack("{s:s, s:s, s:s}", "code", bill.cpt->code, "descriptor",
                                           bill.cpt->descriptor, "rule", bill.cpt->id)
                               : json_null();
        rc = tdn_cli_print_json(
            json_pack("{s:I, s:s, s:o, s:i, s:i, s:o}", "session", (json_int_t)sid, "state",
                      "closed", "cpt", cpt, "distinct_muscles", bill.distinct_muscles, "needles",
                      bill.needles, "ledger", tdn_ledger_json(&c.rec->needling)));
    } else {
        print_closed(sid, &bill);
    }
    needling_cli_done(&c);
    return rc;
}

int tdn_session_cmd_abort(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *text = NULL, *reason = NULL;
    const tdn_opt opts[] = {{"--reason", &reason, 0}, {0}};
    if (tdn_cli_opts("session abort", argc, argv, opts, &json, &text)) return 1;
    if (!text) return tdn_cli_usage_error("session abort: give the session id");
    tdn_needling_event ev = {.kind = TDN_EV_ABORT, .text = reason};
    int64_t sid = 0;
    if (tdn_cli_parse_id("session", text, &sid)) return 1;
    needling_cli c;
    int rc = needling_cli_open(cli, &c);
    if (rc) return rc;
    tdn_err err = {0};
    static const char *const abort_options[] = {"reason", NULL};
    if (tdn_needling_apply(c.store, tdn_cli_act(cli), c.kb, c.rules, sid, &ev, c.rec, NULL, &err))
        rc = tdn_cli_fail_opts(&err, abort_options);
    else if (json)
        rc = tdn_cli_print_json(tdn_needling_json(sid, &c.rec->needling));
    else
        printf("session %lld aborted: %s\n", (long long)sid, reason);
    needling_cli_done(&c);
    return rc;
}

static void print_needles(const tdn_needling *n, const tdn_tz *zone)
{
    for (int i = 0; i < n->n_needles; i++) {
        const tdn_needle *nd = &n->needles[i];
        char in_at[TDN_CLOCK_LEN], out_at[TDN_CLOCK_LEN];
        tdn_clock(zone, nd->round_at, in_at);
        tdn_clock(zone, nd->withdrawn_at, out_at);
        printf("  #%d %-24s %c %-11s in %s", nd->number, nd->muscle, nd->side,
               tdn_technique_name(nd->technique), in_at);
        if (nd->state == TDN_NEEDLE_IN)
            printf("  STILL IN\n");
        else
            printf("  %s %s\n", tdn_needle_state_name(nd->state), out_at);
    }
}

int tdn_session_cmd_show(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_cli c;
    int rc = needling_cli_load(cli, "session show", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    const tdn_needling *n = &c.rec->needling;
    if (json) {
        rc = tdn_cli_print_json(tdn_needling_json(c.rec->session.id, n));
    } else {
        tdn_ledger l = tdn_ledger_count(n->needles, n->n_needles);
        printf("session %lld: %s; ledger %d inserted = %d out + %d broken + %d in\n",
               (long long)c.rec->session.id, tdn_session_state_name(n->state), l.inserted,
               l.withdrawn, l.broken, l.in);
        if (n->unscreened[0]) printf("not screened at opening: %s\n", n->unscreened);
        tdn_tz zone;
        tdn_needling_tz(n, tdn_cli_act(cli)->now, &zone);
        print_needles(n, &zone);
    }
    needling_cli_done(&c);
    return rc;
}

int tdn_cmd_handout(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, html = false;
    const tdn_opt opts[] = {{"--html", 0, &html}, {0}};
    needling_cli c;
    int rc = needling_cli_load(cli, "handout", argc, argv, opts, &json, &c);
    if (rc) return rc;
    tdn_handout *h = calloc(1, sizeof *h);
    tdn_err err = {0};
    if (!h) {
        rc = tdn_cli_fail(&(tdn_err){TDN_ESYS, "out of memory"});
    } else if (tdn_needling_handout(c.store, tdn_cli_act(cli), c.kb, c.rules, c.rec, h, &err)) {
        rc = tdn_cli_fail(&err);
    } else if (json) {
        rc = tdn_cli_print_json(tdn_handout_json(c.rec->session.id, h));
    } else {
        tdn_buf b = {0};
        if (html)
            tdn_handout_html(h, &b);
        else
            tdn_handout_text(h, &b);
        fputs(tdn_buf_str(&b), stdout);
        tdn_buf_free(&b);
    }
    free(h);
    needling_cli_done(&c);
    return rc;
}
