/* cmd_user.c — `tdn user add|set|list`: the people who log in to tdn. The
 * password comes from stdin (--password-stdin, or a no-echo prompt on a
 * terminal), never from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/record_json.h"
#include "cli/cli.h"

#define PASSWORD_BUF 1100

/* Reads one line of stdin into buf without the newline; -1 when none. */
static int read_password(char *buf, size_t cap, bool prompt)
{
    struct termios old, quiet;
    bool tty = prompt && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fputs("Password: ", stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(buf, (int)cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got) return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

static int user_add(tdn_cli *cli, int argc, char **argv)
{
    bool json = false, from_stdin = false;
    const char *username = NULL, *role = NULL, *display = NULL, *patient = NULL;
    const tdn_opt opts[] = {{"--username", &username, 0},         {"--role", &role, 0},
                            {"--display", &display, 0},           {"--patient", &patient, 0},
                            {"--password-stdin", 0, &from_stdin}, {0}};
    if (tdn_cli_opts("user add", argc, argv, opts, &json, NULL)) return 1;
    if (!username) return tdn_cli_usage_error("--username: required");
    if (!role)
        return tdn_cli_usage_error("--role: required (admin, clinician, front_desk, patient)");
    int64_t patient_id = 0;
    if (patient && tdn_cli_parse_id("--patient", patient, &patient_id)) return 1;
    if (!from_stdin && !isatty(STDIN_FILENO))
        return tdn_cli_usage_error("--password-stdin: give it to read the password from stdin");
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    char password[PASSWORD_BUF];
    if (read_password(password, sizeof password, !from_stdin))
        return tdn_cli_usage_error("password: none given on stdin");
    tdn_err err = {0};
    int64_t id = 0;
    int rc = tdn_store_user_add(s, tdn_cli_act(cli), username, display, role, password, patient_id,
                                &id, &err);
    memset(password, 0, sizeof password);
    return rc ? tdn_cli_fail(&err) : tdn_cli_print_id(json, id);
}

static int user_set(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const char *username = NULL, *display = NULL, *credentials = NULL;
    const tdn_opt opts[] = {{"--display", &display, 0}, {"--credentials", &credentials, 0}, {0}};
    if (tdn_cli_opts("user set", argc, argv, opts, &json, &username)) return 1;
    if (!username) return tdn_cli_usage_error("user set: give the username");
    if (!display)
        return tdn_cli_usage_error("--display: required (the full name, e.g. Dr Jane Lee)");
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_err err = {0};
    if (tdn_store_user_set_name(s, tdn_cli_act(cli), username, display,
                                credentials ? credentials : "", &err))
        return tdn_cli_fail(&err);
    if (json)
        return tdn_cli_print_json(json_pack("{s:s, s:s, s:s}", "username", username, "display",
                                            display, "credentials",
                                            credentials ? credentials : ""));
    printf("%s: %s%s%s\n", username, display, credentials && *credentials ? ", " : "",
           credentials ? credentials : "");
    return 0;
}

static int user_list(tdn_cli *cli, int argc, char **argv)
{
    bool json = false;
    const tdn_opt opts[] = {{0}};
    if (tdn_cli_opts("user list", argc, argv, opts, &json, NULL)) return 1;
    tdn_store *s = tdn_cli_store(cli, false);
    if (!s) return cli->store_status;
    tdn_user *us = NULL;
    size_t n = 0;
    tdn_err err = {0};
    if (tdn_store_user_list(s, &us, &n, &err)) return tdn_cli_fail(&err);
    json_t *a = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (json)
            json_array_append_new(a, tdn_user_json(&us[i]));
        else
            printf("%4lld  %-20s %-11s %s%s%s\n", (long long)us[i].id, us[i].username, us[i].role,
                   us[i].display, us[i].credentials[0] ? ", " : "", us[i].credentials);
    }
    if (!json && n == 0) printf("No users yet.\n");
    free(us);
    return json ? tdn_cli_print_json(json_pack("{s:o}", "users", a)) : 0;
}

int tdn_cmd_user(tdn_cli *cli, int argc, char **argv)
{
    static const tdn_subcmd subs[] = {
        {"add", user_add}, {"set", user_set}, {"list", user_list}, {0}};
    return tdn_cli_dispatch(cli, subs, argc, argv);
}
