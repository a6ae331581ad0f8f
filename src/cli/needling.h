/* needling.h — what the needling session commands share (cmd_needle.c,
 * cmd_needling.c, and `tdn session open` in cmd_session.c): loading the
 * session's rules from the knowledge-base files, loading a session from the
 * store, applying a core event and saving the change, and the JSON shapes. */
#ifndef TDN_CLI_NEEDLING_H
#define TDN_CLI_NEEDLING_H

#include "cli/cli.h"
#include "core/aftercare.h"
#include "core/billing.h"
#include "core/protocol.h"

/* One command's working set; needling_load fills it, needling_done frees it. */
typedef struct needling_ctx {
    tdn_cli *cli;
    tdn_store *store;
    const tdn_kb *kb;
    tdn_protocol_rules rules;
    tdn_billing_rules billing;
    tdn_aftercare_rules *aftercare; /* heap */
    tdn_needling_record *rec;       /* as loaded (heap) */
    tdn_needling *after;            /* a copy the command's event changes (heap) */
    int64_t now;
} needling_ctx;

/* Loads the KB, the session rules and (when session_text is not NULL) the
 * session with that id. Returns 0, or the exit code after printing the error
 * (c is then already released). */
int needling_load(tdn_cli *cli, const char *session_text, needling_ctx *c);
/* Saves c->after against c->rec with the audit detail and, on close, the
 * texts. Returns 0 or the exit code after printing the error. */
int needling_save(needling_ctx *c, const char *detail, const char *cpt, const char *note,
                  const char *handout);
void needling_done(needling_ctx *c);

/* JSON of one needle, of the ledger, and of the whole session state. */
json_t *needling_needle_json(const tdn_needle *n);
json_t *needling_ledger_json(const tdn_needling *n);
json_t *needling_session_json(int64_t id, const tdn_needling *n);

/* `tdn session open` (cmd_session.c calls it): opens the session for
 * in->patient_id with the state the latest screening and consent allow. */
int needling_session_open(tdn_cli *cli, const tdn_session *in, bool json);

/* Subcommands of `tdn session` (added to session_subs in cmd_session.c). */
int tdn_session_cmd_due(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_close(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_abort(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_note(tdn_cli *cli, int argc, char **argv);
int tdn_session_cmd_show(tdn_cli *cli, int argc, char **argv);

#endif
