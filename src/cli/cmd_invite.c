/* cmd_invite.c — `tdn invite --patient ID [--hours N]`: the desk invites a
 * patient to the portal. Prints the login's user name and the one-time
 * sign-in code (shown only now: the store keeps its hash) with its expiry;
 * the patient opens /welcome, types the code and chooses a password. */
#include <stdio.h>
#include <stdlib.h>

#include "app/invite.h"
#include "cli/cli.h"

int tdn_cmd_invite(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *patient = NULL, *hours_text = NULL;
    const tdn_opt opts[] = {{"--patient", &patient, 0}, {"--hours", &hours_text, 0}, {0}};
    if (tdn_cli_opts("invite", argc, argv, opts, &json, NULL)) return 1;
    if (!patient) return tdn_cli_usage_error("--patient: required (the patient's id)");
    int64_t patient_id = 0, hours = 0;
    if (tdn_cli_parse_id("--patient", patient, &patient_id)) return 1;
    if (hours_text && tdn_cli_parse_id("--hours", hours_text, &hours)) return 1;
    if (hours > TDN_INVITE_HOURS_MAX)
        return tdn_cli_usage_error("--hours: must be 1 to %d", TDN_INVITE_HOURS_MAX);
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    char code[TDN_INVITE_CODE_MAX + 1];
    tdn_invitation inv;
    tdn_err err = {0};
    if (tdn_invite_create(s, tdn_cli_act(cli), patient_id, (int)hours, code, &inv, &err)) {
        static const char *const options[] = {"patient", "hours", NULL};
        return tdn_cli_fail_opts(&err, options);
    }
    char until[40];
    tdn_cli_time(inv.expires, until);
    if (json)
        return tdn_cli_print_json(
            json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "invitation", (json_int_t)inv.id, "patient",
                      (json_int_t)inv.patient_id, "username", inv.username, "code", code, "expires",
                      (json_int_t)inv.expires, "expires_at", until));
    printf("Portal invitation for patient %lld\n"
           "  user name:     %s\n"
           "  sign-in code:  %s  (use once)\n"
           "  valid until:   %s\n"
           "The patient opens /welcome, types the code and chooses a password.\n",
           (long long)inv.patient_id, inv.username, code, until);
    return 0;
}
