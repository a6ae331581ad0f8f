/* commands.c — the table of `tdn` commands. Add a line here for a new
 * command; its implementation lives in the cli/ file of its group. */
#include "cli/cli.h"

int tdn_cmd_locate(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_muscle(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_regions(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_conditions(tdn_cli *cli, int argc, char **argv);
int tdn_cmd_screen(tdn_cli *cli, int argc, char **argv);

const tdn_cmd tdn_commands[] = {
    {"locate", tdn_cmd_locate,
     "locate [--json] [--limit N] [--condition C] REGION[:SIDE][=0-10]...",
     "rank the muscles whose trigger points refer pain to a pain map"},
    {"muscle", tdn_cmd_muscle, "muscle [--json] ID",
     "everything the knowledge base knows about a muscle"},
    {"regions", tdn_cmd_regions, "regions [--json]", "the body region codes and sides"},
    {"conditions", tdn_cmd_conditions, "conditions [--json]",
     "conditions with their ICD-10-CM code and usual muscles"},
    {"screen", tdn_cmd_screen, "screen [--json] FILE|-",
     "screen a patient profile: go, caution or no-go, with reasons"},
    {0, 0, 0, 0},
};
