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
#include "store/store.h"

typedef struct tdn_cli {
    const char *db_url;  /* --db, default "tdn.db" */
    char db_shown[1024]; /* db_url as printed: a PostgreSQL password starred out */
    const char *kb_dir;  /* --kb, NULL = embedded */
    tdn_kb *kb;          /* loaded on first use */
    tdn_kbfiles kbfiles;
    int kb_status; /* exit code when the KB failed to load */
    const char *prog;
    tdn_store *store; /* opened on first use (tdn_cli_store), closed at exit */
    int store_status; /* exit code when the store failed to open */
    tdn_act act;      /* who and when, for the audit (tdn_cli_act) */
    char actor[65];
    char tz[65]; /* the clinic's time zone (setting timezone), in use once the store is open */
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
/* The record store at --db, opened and migrated on first use; NULL after
 * printing the error (exit code in cli->store_status). Unless create is true
 * (tdn init), a missing database file is an input error ("run tdn init").
 * Opening it also makes the clinic's time zone (setting timezone) the
 * process's local time (app/localtime.h): times are shown on its clock. */
tdn_store *tdn_cli_store(tdn_cli *cli, bool create);
/* Who acts and when: $TDN_USER or the login name, and the clock now
 * ($TDN_NOW, unix seconds, replaces the clock for tests and demos). */
const tdn_act *tdn_cli_act(tdn_cli *cli);
/* Parses a record id (a whole number >= 1) given for option field; prints the
 * error and returns 1 when it is not one. */
int tdn_cli_parse_id(const char *field, const char *text, int64_t *id);
/* Value of option argv[*i] ("--opt V" or "--opt=V"), advancing *i; NULL
 * (after printing "field: needs a value") when it is missing. */
const char *tdn_cli_value(int argc, char **argv, int *i, const char *field);
/* True when argv[i] is option name, bare or as name=value. */
bool tdn_cli_is_opt(const char *arg, const char *name);

/* A subcommand (`tdn patient add`): fn gets argv from the subcommand name. */
typedef struct tdn_subcmd {
    const char *name;
    tdn_cmd_fn fn;
} tdn_subcmd;
/* Runs the subcommand argv[1] of group argv[0] from subs (ended by {0});
 * an unknown or missing one is a usage error listing the valid ones. */
int tdn_cli_dispatch(tdn_cli *cli, const tdn_subcmd *subs, int argc, char **argv);

/* Declarative options of one command: either value (receives the text of
 * "--name V" / "--name=V") or flag (set true by "--name"). */
typedef struct tdn_opt {
    const char *name;
    const char **value;
    bool *flag;
} tdn_opt;
/* Parses argv[1..] of command cmd against opts (ended by {0}); "--json" sets
 * *json; a bare argument (or "-") goes to *positional when it is not NULL.
 * Unknown options, missing values, repeats and extra arguments are usage
 * errors: returns 1 after printing, 0 when all is well. */
int tdn_cli_opts(const char *cmd, int argc, char **argv, const tdn_opt *opts, bool *json,
                 const char **positional);
/* Formats t as "YYYY-MM-DD HH:MM LABEL" on the clinic's clock into out
 * ("2026-11-23 11:33 CET"; UTC until the store is open). */
void tdn_cli_time(int64_t t, char out[40]);

/* Prints "tdn: <msg>" to stderr and returns the exit code for err->status. */
int tdn_cli_fail(const tdn_err *err);
/* As tdn_cli_fail, but a message that names one of the NULL-ended options
 * by its bare field name ("length: ...", as core and the web name fields) is
 * printed with the option's dashes ("--length: ..."), as the user typed it. */
int tdn_cli_fail_opts(const tdn_err *err, const char *const *options);
/* Prints "tdn: <formatted>" to stderr and returns 1 (bad usage or input). */
int tdn_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints v as indented JSON on stdout, releases it, returns 0 (2 if it fails). */
int tdn_cli_print_json(json_t *v);
/* Prints the id of a new record: the bare number, or {"id": N} with --json. */
int tdn_cli_print_id(bool json, int64_t id);
/* True when arg equals "--json"; used by commands' option loops. */
bool tdn_cli_is_json_flag(const char *arg);

#endif
