#!/bin/sh
# CLI tests of help for one command, as a new user asks for it: `tdn CMD
# --help`, `tdn CMD SUB --help`, `tdn CMD -h` and `tdn help CMD` print that
# command's usage, one line per form, on stdout and exit 0 without touching
# the store; an unknown command is still exit 1.
. "$(dirname "$0")/lib.sh"
for cmd in locate muscle regions conditions init user patient episode consent screening \
    session needle handout painmap finding measure ae export audit serve demo screen; do
    run "$TDN" "$cmd" --help
    expect_rc 0
    expect_out "usage:"
    expect_out "  tdn $cmd"
    [ -z "$ERR" ] || fail "tdn $cmd --help wrote to stderr"
done
run "$TDN" needle in --help
expect_rc 0
expect_out "  tdn needle in --session ID --muscle M --side L|R --technique deep|superficial"
expect_out "  tdn needle ltr|redirect|out|reinsert --session ID --needle N"
expect_out "  tdn needle broken --session ID --needle N --incident T --severity S"
run "$TDN" session close -h
expect_rc 0
expect_out "  tdn session due|close|note|show ID"
run "$TDN" help measure
expect_rc 0
expect_out "  tdn measure add --session ID --phase pre|post|followup"
run "$TDN" --db nowhere.db patient add --help
expect_rc 0
[ ! -e nowhere.db ] || fail "help created a database"
run "$TDN" help nosuch
expect_rc 1
expect_err "unknown command 'nosuch'"
run "$TDN" help
expect_rc 0
expect_out "commands:"
# libpq is loaded only when a PostgreSQL store opens (store/pg_lib.c): the
# SQLite commands start without it and the dozen libraries it brings.
if ldd "$TDN" | grep -q libpq; then fail "tdn links libpq at start"; fi
# libmicrohttpd likewise only when `tdn serve` starts (web/mhd_lib.c): it
# brings GnuTLS and about eight more libraries into every command's start.
if ldd "$TDN" | grep -qE 'libmicrohttpd|libgnutls'; then fail "tdn links libmicrohttpd at start"; fi
pass
