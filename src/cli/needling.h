/* needling.h — what the needling session commands share (cmd_needle.c,
 * cmd_needling.c, and `tdn session open` in cmd_session.c): the knowledge
 * base, the session rules and the store, opened once per command. The work
 * itself is app/needling.h's, shared with the web. */
#ifndef TDN_CLI_NEEDLING_H
#define TDN_CLI_NEEDLING_H

#include "app/needling.h"
#include "cli/cli.h"

typedef struct needling_cli {
    tdn_store *store;
    const tdn_kb *kb;
    tdn_needling_rules *rules; /* heap */
    tdn_needling_record *rec;  /* heap, zeroed: the session after the command */
} needling_cli;

/* Opens the KB, the rules and the store. Returns 0, or the exit code after
 * printing the error (nothing to release then). */
int needling_cli_open(tdn_cli *cli, needling_cli *c);
void needling_cli_done(needling_cli *c);
/* Parses argv of cmd (opts, --json, the session id as the bare argument),
 * opens like needling_cli_open and loads the session into c->rec. Returns 0
 * or the exit code after printing the error. */
int needling_cli_load(tdn_cli *cli, const char *cmd, int argc, char **argv, const tdn_opt *opts,
                      bool *json, needling_cli *c);

/* `tdn session open` (cmd_session.c calls it): opens the session for
 * in->patient_id with the state the latest screening and consent allow. */
int needling_session_open(tdn_cli *cli, const tdn_session *in, bool json);

/* Subcommands of `tdn session` (listed in session_subs in cmd_session.c). */
int tdn_session_cmd_due(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_close(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_abort(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_note(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_show(tdn_cli *cli, int argc, char **argv);

#endif
