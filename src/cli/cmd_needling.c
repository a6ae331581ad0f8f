/* cmd_needling.c — the session commands of the needling issue: `tdn session
 * open` (state from the latest screening and consent), `session due|close|
 * abort|note|show` and `tdn handout`. Thin: load the session, call core
 * (protocol, billing, note, aftercare), save, print text or --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/needling.h"
#include "core/note.h"

/* ---- open ------------------------------------------------------------------ */

/* Regions the screening profile blocks: local infection, lymphedema or skin
 * lesion (DESIGN §6: no_go for that region). */
static int blocked_from_profile(const char *profile, tdn_pain *out, int max, int *n)
{
    *n = 0;
    json_t *p = profile ? json_loads(profile, 0, NULL) : NULL;
    json_t *local = json_object_get(p, "local"), *v;
    size_t i;
    json_array_foreach(local, i, v)
    {
        const char *cond = json_string_value(json_object_get(v, "condition"));
        const char *region = json_string_value(json_object_get(v, "region"));
        if (!cond || !region || *n >= max) continue;
        if (strcmp(cond, "infection") && strcmp(cond, "lymphedema") && strcmp(cond, "skin_lesion"))
            continue;
        tdn_err err = {0};
        if (tdn_pain_parse(region, &out[*n], &err) == TDN_OK) (*n)++;
    }
    json_decref(p);
    return 0;
}

int needling_session_open(tdn_cli *cli, const tdn_session *in, bool json)
{
    needling_ctx c;
    int rc = needling_load(cli, NULL, &c);
    if (rc) return rc;
    tdn_needling_context ctx;
    tdn_err err = {0};
    if (tdn_store_needling_context(c.store, in->patient_id, &ctx, &err)) {
        needling_done(&c);
        return tdn_cli_fail(&err);
    }
    tdn_pain blocked[TDN_SESSION_MAX_BLOCKED];
    int n_blocked = 0;
    blocked_from_profile(ctx.profile, blocked, TDN_SESSION_MAX_BLOCKED, &n_blocked);
    free(ctx.profile);
    if (ctx.valid_days) c.rules.screening_valid_days = ctx.valid_days; /* the clinic's setting */
    tdn_open_input oi = {.has_screening = ctx.has_screening,
                         .decision = tdn_decision_parse(ctx.decision),
                         .screened_at = ctx.screened_at,
                         .blocked = blocked,
                         .n_blocked = n_blocked,
                         .has_consent = ctx.has_consent,
                         .consented_at = ctx.consented_at};
    int64_t id = 0;
    if (tdn_session_open(c.after, &c.rules, &oi, c.now, &err) ||
        tdn_store_needling_open(c.store, tdn_cli_act(cli), in, ctx.screening_id, c.after, &id,
                                &err)) {
        needling_done(&c);
        return tdn_cli_fail(&err);
    }
    if (json) {
        json_t *b = json_array();
        for (int i = 0; i < n_blocked; i++) {
            char r[48];
            snprintf(r, sizeof r, "%s:%c", tdn_region_at(blocked[i].region)->code, blocked[i].side);
            json_array_append_new(b, json_string(r));
        }
        rc = tdn_cli_print_json(json_pack("{s:I, s:s, s:s?, s:o}", "id", (json_int_t)id, "state",
                                          tdn_session_state_name(c.after->state), "unscreened",
                                          c.after->unscreened[0] ? c.after->unscreened : NULL,
                                          "blocked", b));
    } else {
        printf("%lld\n", (long long)id);
        if (c.after->unscreened[0])
            fprintf(stderr,
                    "tdn: session %lld is open but not screened: %s; needling needs "
                    "--override REASON\n",
                    (long long)id, c.after->unscreened);
    }
    needling_done(&c);
    return rc;
}

/* ---- due ------------------------------------------------------------------- */

static const char *due_kind_name(int kind)
{
    static const char *const names[] = {"", "deep_dwell", "superficial_first", "superficial_second",
                                        "estim_end"};
    return kind >= TDN_DUE_DEEP_DWELL && kind <= TDN_DUE_ESTIM_END ? names[kind] : "?";
}

/* Parses `session SUB ID [--json]` plus opts; loads the session. */
static int load_positional(tdn_cli *cli, const char *cmd, int argc, char **argv,
                           const tdn_opt *opts, bool *json, needling_ctx *c)
{
    const char *id = NULL;
    static const tdn_opt none[] = {{0}};
    if (tdn_cli_opts(cmd, argc, argv, opts ? opts : none, json, &id)) return 1;
    if (!id) return tdn_cli_usage_error("%s: give the session id", cmd);
    return needling_load(cli, id, c);
}

int tdn_session_cmd_due(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_ctx c;
    int rc = load_positional(cli, "session due", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    tdn_due due[TDN_SESSION_MAX_NEEDLES * 2];
    int n = tdn_protocol_due(c.after, &c.rules, c.now, due, TDN_SESSION_MAX_NEEDLES * 2);
    if (json) {
        json_t *a = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:I, s:I, s:b, s:s}", "needle",
                                               due[i].needle, "kind", due_kind_name(due[i].kind),
                                               "rule", due[i].rule, "due_at",
                                               (json_int_t)due[i].due_at, "remaining_s",
                                               (json_int_t)due[i].remaining_s, "due", due[i].due,
                                               "message", due[i].message));
        rc = tdn_cli_print_json(
            json_pack("{s:I, s:s, s:I, s:o, s:o}", "session", (json_int_t)c.rec->session.id,
                      "state", tdn_session_state_name(c.after->state), "now", (json_int_t)c.now,
                      "due", a, "ledger", needling_ledger_json(c.after)));
    } else {
        char clock[16];
        tdn_clock_utc(c.now, clock);
        printf("session %lld (%s) at %s: ", (long long)c.rec->session.id,
               tdn_session_state_name(c.after->state), clock);
        if (n == 0)
            printf("no needle in situ, nothing due\n");
        else
            printf("%d timer%s\n", n, n == 1 ? "" : "s");
        for (int i = 0; i < n; i++)
            printf("  %-4s %s\n", due[i].due ? "DUE" : "", due[i].message);
    }
    needling_done(&c);
    return rc;
}

/* ---- note ------------------------------------------------------------------ */

#define NOTE_MAX 64

/* The record data of the note, drawn from the patient's chart. */
typedef struct note_data {
    tdn_chart chart;
    tdn_pain pains[NOTE_MAX];
    tdn_note_finding findings[NOTE_MAX];
    tdn_note_measure measures[NOTE_MAX];
    char sites[NOTE_MAX][80];
    char condition[96];
    tdn_note_input in;
} note_data;

static const char *unit_text(const char *unit)
{
    if (strcmp(unit, "nprs") == 0 || strcmp(unit, "psfs") == 0) return "/10";
    if (strcmp(unit, "deg") == 0) return " deg";
    if (strcmp(unit, "kg/cm2") == 0) return " kg/cm2";
    return "";
}

static void note_pains(note_data *d, const tdn_session *row)
{
    for (int pass = 0; pass < 2 && d->in.n_pains == 0; pass++)
        for (size_t i = 0; i < d->chart.n_pains && d->in.n_pains < NOTE_MAX; i++) {
            const tdn_pain_entry *p = &d->chart.pains[i];
            bool mine = pass == 0 ? p->session_id == row->id
                                  : row->episode_id && p->episode_id == row->episode_id;
            int region = tdn_region_find(p->region);
            if (!mine || region < 0) continue;
            d->pains[d->in.n_pains++] =
                (tdn_pain){region, p->side[0] ? p->side[0] : 'B', p->intensity};
        }
    d->in.pains = d->pains;
}

static void note_findings_measures(note_data *d, int64_t sid)
{
    for (size_t i = 0; i < d->chart.n_findings && d->in.n_findings < NOTE_MAX; i++) {
        const tdn_finding *f = &d->chart.findings[i];
        if (f->session_id != sid) continue;
        d->findings[d->in.n_findings++] = (tdn_note_finding){
            f->muscle, f->side[0], strcmp(f->tp_type, "active") == 0, f->taut_band, f->spot,
            f->ltr,    f->referred};
    }
    for (size_t i = 0; i < d->chart.n_measures && d->in.n_measures < NOTE_MAX; i++) {
        const tdn_measure *m = &d->chart.measures[i];
        if (m->session_id != sid) continue;
        char *site = d->sites[d->in.n_measures];
        snprintf(site, sizeof d->sites[0], "%s%s%s%s%s", m->site, m->side[0] ? ":" : "", m->side,
                 m->motion[0] ? " " : "", m->motion);
        d->measures[d->in.n_measures++] =
            (tdn_note_measure){m->kind, site, m->phase, m->value, unit_text(m->unit)};
    }
    d->in.findings = d->findings;
    d->in.measures = d->measures;
}

static void note_episode(note_data *d, const tdn_kb *kb, const tdn_session *row)
{
    for (size_t i = 0; i < d->chart.n_episodes; i++) {
        const tdn_episode *e = &d->chart.episodes[i];
        if (e->id != row->episode_id) continue;
        int ci = tdn_kb_condition_find(kb, e->condition);
        snprintf(d->condition, sizeof d->condition, "%s",
                 ci >= 0 ? kb->conditions[ci].name : e->condition);
        d->in.condition = d->condition;
        d->in.icd10 = e->icd10;
        d->in.plan = e->plan[0] ? e->plan : NULL;
    }
}

/* Appends the note of the loaded session (after c->after) to b. */
static int build_note(needling_ctx *c, tdn_buf *b)
{
    note_data *d = calloc(1, sizeof *d);
    if (!d) return tdn_cli_usage_error("out of memory") + 1;
    tdn_err err = {0};
    const tdn_session *row = &c->rec->session;
    if (tdn_store_chart_read(c->store, tdn_cli_act(c->cli), row->patient_id, &d->chart, &err)) {
        free(d);
        return tdn_cli_fail(&err);
    }
    note_pains(d, row);
    note_findings_measures(d, row->id);
    note_episode(d, c->kb, row);
    tdn_billing bill = tdn_billing_derive(&c->billing, c->after);
    tdn_session_note(c->kb, c->after, &bill, &d->in, b);
    tdn_chart_free(&d->chart);
    free(d);
    return 0;
}

int tdn_session_cmd_note(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_ctx c;
    int rc = load_positional(cli, "session note", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    tdn_buf b = {0};
    char *note = NULL, *handout = NULL;
    bool final = c.after->state == TDN_SESSION_CLOSED || c.after->state == TDN_SESSION_ABORTED;
    tdn_err err = {0};
    if (final && tdn_store_needling_texts(c.store, c.rec->session.id, &note, &handout, &err))
        rc = tdn_cli_fail(&err);
    if (!rc && note && *note) {
        tdn_buf_put(&b, note);
    } else if (!rc) {
        if (!final)
            tdn_buf_put(&b, "DRAFT: the session is not closed; the note is final at close\n");
        rc = build_note(&c, &b);
    }
    if (!rc && json)
        rc = tdn_cli_print_json(json_pack(
            "{s:I, s:s, s:b, s:s}", "session", (json_int_t)c.rec->session.id, "state",
            tdn_session_state_name(c.after->state), "final", final, "note", tdn_buf_str(&b)));
    else if (!rc)
        fputs(tdn_buf_str(&b), stdout);
    free(note);
    free(handout);
    tdn_buf_free(&b);
    needling_done(&c);
    return rc;
}

/* ---- close and abort -------------------------------------------------------- */

static int close_texts(needling_ctx *c, tdn_buf *note, tdn_buf *handout)
{
    int rc = build_note(c, note);
    if (rc || c->after->n_needles == 0) return rc;
    tdn_handout *h = calloc(1, sizeof *h);
    tdn_err err = {0};
    if (!h) return tdn_cli_usage_error("out of memory") + 1;
    if (tdn_aftercare_handout(c->aftercare, c->kb, c->after, h, &err))
        rc = tdn_cli_fail(&err);
    else
        tdn_handout_text(h, handout);
    free(h);
    return rc;
}

int tdn_session_cmd_close(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_ctx c;
    int rc = load_positional(cli, "session close", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    tdn_err err = {0};
    if (tdn_session_close(c.after, c.now, &err)) {
        needling_done(&c);
        return tdn_cli_fail(&err);
    }
    tdn_billing bill = tdn_billing_derive(&c.billing, c.after);
    tdn_buf note = {0}, handout = {0};
    rc = close_texts(&c, &note, &handout);
    char detail[96];
    snprintf(detail, sizeof detail, "closed, CPT %s", bill.cpt ? bill.cpt->code : "none");
    if (!rc)
        rc = needling_save(&c, detail, bill.cpt ? bill.cpt->code : "", tdn_buf_str(&note),
                           tdn_buf_str(&handout));
    if (!rc && json) {
        json_t *cpt = bill.cpt ? json_pack("{s:s, s:s, s:s}", "code", bill.cpt->code, "descriptor",
                                           bill.cpt->descriptor, "rule", bill.cpt->id)
                               : json_null();
        rc = tdn_cli_print_json(json_pack("{s:I, s:s, s:o, s:i, s:i, s:o}", "session",
                                          (json_int_t)c.rec->session.id, "state", "closed", "cpt",
                                          cpt, "distinct_muscles", bill.distinct_muscles, "needles",
                                          bill.needles, "ledger", needling_ledger_json(c.after)));
    } else if (!rc) {
        printf("session %lld closed: ", (long long)c.rec->session.id);
        if (bill.cpt)
            printf("CPT %s (%s; %d distinct muscle%s, %d needle%s)\n", bill.cpt->code,
                   bill.cpt->descriptor, bill.distinct_muscles,
                   bill.distinct_muscles == 1 ? "" : "s", bill.needles,
                   bill.needles == 1 ? "" : "s");
        else
            printf("no CPT code (no needle inserted)\n");
        printf("the note: tdn session note %lld", (long long)c.rec->session.id);
        if (bill.needles)
            printf("; the patient's handout: tdn handout %lld", (long long)c.rec->session.id);
        printf("\n");
    }
    tdn_buf_free(&note);
    tdn_buf_free(&handout);
    needling_done(&c);
    return rc;
}

int tdn_session_cmd_abort(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *reason = NULL;
    const tdn_opt opts[] = {{"--reason", &reason, 0}, {0}};
    needling_ctx c;
    int rc = load_positional(cli, "session abort", argc, argv, opts, &json, &c);
    if (rc) return rc;
    tdn_err err = {0};
    if (tdn_session_abort(c.after, reason, c.now, &err)) {
        needling_done(&c);
        return tdn_cli_fail(&err);
    }
    tdn_buf note = {0};
    rc = build_note(&c, &note);
    char detail[300];
    snprintf(detail, sizeof detail, "aborted: %.200s", reason);
    if (!rc) rc = needling_save(&c, detail, NULL, tdn_buf_str(&note), NULL);
    if (!rc && json)
        rc = tdn_cli_print_json(needling_session_json(c.rec->session.id, c.after));
    else if (!rc)
        printf("session %lld aborted: %s\n", (long long)c.rec->session.id, reason);
    tdn_buf_free(&note);
    needling_done(&c);
    return rc;
}

/* ---- show and handout ------------------------------------------------------ */

int tdn_session_cmd_show(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_ctx c;
    int rc = load_positional(cli, "session show", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    json_t *j = needling_session_json(c.rec->session.id, c.after);
    if (json) {
        rc = tdn_cli_print_json(j);
    } else {
        tdn_ledger l = tdn_ledger_count(c.after->needles, c.after->n_needles);
        printf("session %lld: %s; ledger %d inserted = %d out + %d broken + %d in\n",
               (long long)c.rec->session.id, tdn_session_state_name(c.after->state), l.inserted,
               l.withdrawn, l.broken, l.in);
        if (c.after->unscreened[0]) printf("not screened at opening: %s\n", c.after->unscreened);
        for (int i = 0; i < c.after->n_needles; i++) {
            const tdn_needle *n = &c.after->needles[i];
            char in_at[16], out_at[16];
            tdn_clock_utc(n->round_at, in_at);
            tdn_clock_utc(n->withdrawn_at, out_at);
            printf("  #%d %-24s %c %-11s in %s", n->number, n->muscle, n->side,
                   tdn_technique_name(n->technique), in_at);
            if (n->state == TDN_NEEDLE_IN)
                printf("  STILL IN\n");
            else
                printf("  %s %s\n", tdn_needle_state_name(n->state), out_at);
        }
        json_decref(j);
    }
    needling_done(&c);
    return rc;
}

static json_t *handout_json(int64_t id, const tdn_handout *h)
{
    json_t *sections = json_array();
    for (int i = 0; i < h->n_sections; i++) {
        json_t *lines = json_array();
        for (int j = 0; j < h->sections[i].n_lines; j++)
            json_array_append_new(lines, json_string(h->sections[i].lines[j]));
        json_array_append_new(sections,
                              json_pack("{s:s, s:s, s:o}", "id", h->sections[i].id, "heading",
                                        h->sections[i].heading, "lines", lines));
    }
    return json_pack("{s:I, s:s, s:{s:b, s:b, s:b, s:b}, s:o}", "session", (json_int_t)id, "title",
                     h->title, "kind", "deep", h->deep, "superficial", h->superficial, "estim",
                     h->estim, "lung", h->lung, "sections", sections);
}

int tdn_cmd_handout(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, html = false;
    const tdn_opt opts[] = {{"--html", 0, &html}, {0}};
    needling_ctx c;
    int rc = load_positional(cli, "handout", argc, argv, opts, &json, &c);
    if (rc) return rc;
    tdn_handout *h = calloc(1, sizeof *h);
    tdn_err err = {0};
    if (!h)
        rc = tdn_cli_usage_error("out of memory") + 1;
    else if (tdn_aftercare_handout(c.aftercare, c.kb, c.after, h, &err))
        rc = tdn_cli_fail(&err);
    else if (json)
        rc = tdn_cli_print_json(handout_json(c.rec->session.id, h));
    else {
        tdn_buf b = {0};
        if (html)
            tdn_handout_html(h, &b);
        else
            tdn_handout_text(h, &b);
        fputs(tdn_buf_str(&b), stdout);
        tdn_buf_free(&b);
    }
    free(h);
    needling_done(&c);
    return rc;
}
