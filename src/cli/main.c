/* main.c — the `tdn` binary: everything happens in tdn_cli_main. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return tdn_cli_main(argc, argv);
}
