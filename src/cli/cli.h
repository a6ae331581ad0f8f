/* cli.h — what every `tdn` command shares: the global options, lazy access to
 * the knowledge base, error reporting (stderr, exit 1 for input, 2 for
 * system) and JSON output. One file per command group implements commands
 * with the signature of tdn_cmd_fn; commands.c lists them. */
#ifndef TDN_CLI_H
#define TDN_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "app/kbfiles.h"
#include "core/err.h"
#include "core/kb.h"

typedef struct tdn_cli {
    const char *db_url; /* --db, default "tdn.db" */
    const char *kb_dir; /* --kb, NULL = embedded */
    tdn_kb *kb;         /* loaded on first use */
    tdn_kbfiles kbfiles;
    int kb_status; /* exit code when the KB failed to load */
    const char *prog;
} tdn_cli;

typedef int (*tdn_cmd_fn)(tdn_cli *cli, int argc, char **argv);

typedef struct tdn_cmd {
    const char *name;
    tdn_cmd_fn fn;
    const char *usage;
    const char *help;
} tdn_cmd;

/* The command table, terminated by an entry with name NULL (commands.c). */
extern const tdn_cmd tdn_commands[];

/* Runs `tdn` with argv (global options, then a command); returns the exit code. */
int tdn_cli_main(int argc, char **argv);

/* The knowledge base, loaded on first use; NULL after printing the error. */
const tdn_kb *tdn_cli_kb(tdn_cli *cli);
/* The knowledge-base files (loaded with the KB); NULL after printing the error. */
const tdn_kbfiles *tdn_cli_kbfiles(tdn_cli *cli);
/* Prints "tdn: <msg>" to stderr and returns the exit code for err->status. */
int tdn_cli_fail(const tdn_err *err);
/* Prints "tdn: <formatted>" to stderr and returns 1 (bad usage or input). */
int tdn_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints v as indented JSON on stdout, releases it, returns 0 (2 if it fails). */
int tdn_cli_print_json(json_t *v);
/* True when arg equals "--json"; used by commands' option loops. */
bool tdn_cli_is_json_flag(const char *arg);

#endif
