/* cmd_note.c — `tdn note show|edit|sign|addendum SESSION`: the session note
 * as a clinical document. show prints the clinic's letterhead and the note
 * (the note as signed with its addenda, or the draft with the clinician's
 * text); edit sets the clinician's Subjective, Objective, Assessment and
 * Plan text until the note is signed; sign signs it as the acting user (full
 * name and credentials, `tdn user set`), once the session is closed; after
 * that only addenda are added. The work is app/needling.h's (note.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/settings.h"
#include "cli/needling.h"

static void print_letterhead(tdn_store *s)
{
    tdn_letterhead lh;
    tdn_err ignored = {0};
    if (tdn_letterhead_get(s, &lh, &ignored)) return;
    if (lh.name[0]) printf("%s\n", lh.name);
    if (lh.address[0]) printf("%s\n", lh.address);
    if (lh.phone[0]) printf("Phone: %s\n", lh.phone);
    if (lh.name[0] || lh.address[0] || lh.phone[0]) printf("\n");
}

static int note_show(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_cli c;
    int rc = needling_cli_load(cli, "note show", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    tdn_buf b = {0};
    tdn_err err = {0};
    tdn_note_record nr = {0};
    if (tdn_needling_note(c.store, tdn_cli_act(cli), c.kb, c.rules, c.rec, &b, NULL, &err) ||
        (json && tdn_store_note_get(c.store, tdn_cli_act(cli), c.rec->session.id, &nr, &err))) {
        rc = tdn_cli_fail(&err);
    } else if (json) {
        rc = tdn_cli_print_json(json_pack(
            "{s:I, s:b, s:s?, s:s}", "session", (json_int_t)c.rec->session.id, "signed",
            nr.signed_at != 0, "signer", nr.signed_at ? nr.signer : NULL, "note", tdn_buf_str(&b)));
    } else {
        print_letterhead(c.store);
        fputs(tdn_buf_str(&b), stdout);
    }
    tdn_note_record_free(&nr);
    tdn_buf_free(&b);
    needling_cli_done(&c);
    return rc;
}

static int note_edit(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    tdn_note_text t = {0};
    const tdn_opt opts[] = {{"--subjective", &t.subjective, 0},
                            {"--objective", &t.objective, 0},
                            {"--assessment", &t.assessment, 0},
                            {"--plan", &t.plan, 0},
                            {0}};
    needling_cli c;
    int rc = needling_cli_load(cli, "note edit", argc, argv, opts, &json, &c);
    if (rc) return rc;
    tdn_err err = {0};
    if (!t.subjective && !t.objective && !t.assessment && !t.plan)
        rc = tdn_cli_usage_error(
            "note edit: give --subjective, --objective, --assessment or --plan");
    else if (tdn_store_note_edit(c.store, tdn_cli_act(cli), c.rec->session.id, &t, &err))
        rc = tdn_cli_fail(&err);
    else if (json)
        rc = tdn_cli_print_json(
            json_pack("{s:I, s:b}", "session", (json_int_t)c.rec->session.id, "saved", 1));
    else
        printf("note of session %lld saved\n", (long long)c.rec->session.id);
    needling_cli_done(&c);
    return rc;
}

static int note_sign(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    needling_cli c;
    int rc = needling_cli_load(cli, "note sign", argc, argv, NULL, &json, &c);
    if (rc) return rc;
    tdn_err err = {0};
    char signer[TDN_SIGNER_MAX + 1] = "";
    const tdn_act *act = tdn_cli_act(cli);
    if (tdn_needling_note_sign(c.store, act, c.kb, c.rules, c.rec->session.id, &err) ||
        tdn_signer_name(c.store, act->actor, signer, sizeof signer, &err))
        rc = tdn_cli_fail(&err);
    else if (json)
        rc = tdn_cli_print_json(json_pack("{s:I, s:s, s:I}", "session",
                                          (json_int_t)c.rec->session.id, "signer", signer,
                                          "signed_at", (json_int_t)act->now));
    else
        printf("note of session %lld signed by %s\n", (long long)c.rec->session.id, signer);
    needling_cli_done(&c);
    return rc;
}

static int note_addendum(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *text = NULL;
    const tdn_opt opts[] = {{"--text", &text, 0}, {0}};
    needling_cli c;
    int rc = needling_cli_load(cli, "note addendum", argc, argv, opts, &json, &c);
    if (rc) return rc;
    tdn_err err = {0};
    int64_t id = 0;
    if (!text)
        rc = tdn_cli_usage_error("--text: required (the addendum)");
    else if (tdn_needling_note_addendum(c.store, tdn_cli_act(cli), c.rec->session.id, text, &id,
                                        &err))
        rc = tdn_cli_fail(&err);
    else
        rc = tdn_cli_print_id(json, id);
    needling_cli_done(&c);
    return rc;
}

int tdn_cmd_note(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {{"show", note_show},
                                      {"edit", note_edit},
                                      {"sign", note_sign},
                                      {"addendum", note_addendum},
                                      {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
