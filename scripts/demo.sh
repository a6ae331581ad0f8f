#!/bin/sh
# `make demo`: a short tour of tdn on the command line; once the record and
# web layers exist it also creates a demo clinic in SQLite and serves it.
set -eu
TDN=${1:-build/tdn}
say() { printf '\n$ %s\n' "$*"; "$@"; }
say "$TDN" locate temple:R posterior_neck:R
say "$TDN" locate --condition plantar_fasciitis heel:L=7 sole:L
say "$TDN" muscle piriformis
if "$TDN" --help | grep -q '^  demo'; then
  DB=${TDN_DEMO_DB:-demo.db}
  "$TDN" --db "$DB" demo
  exec "$TDN" --db "$DB" serve --listen "${TDN_LISTEN:-127.0.0.1:8080}"
fi
