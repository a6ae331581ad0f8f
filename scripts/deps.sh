#!/bin/sh
# Installs the Debian packages tdn needs to build, test and demo, if any are
# missing. Idempotent and quiet when everything is present; never prompts.
set -eu
PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev postgresql
libsqlite3-dev libpq-dev libmicrohttpd-dev libjansson-dev libsodium-dev libcmocka-dev libgsl-dev
sqlite3 valgrind python3 curl tzdata"
if [ "${1:-}" = "--browser" ]; then
    # node and npm may come from elsewhere (e.g. NodeSource's nodejs bundles npm):
    # ask Debian only for the commands that are missing.
    PKGS="$PKGS chromium"
    command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
    command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
fi
if [ "${1:-}" = "--bench" ]; then PKGS="$PKGS wrk nginx-light"; fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "tdn: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq </dev/null >/dev/null || true
$SUDO apt-get install -y -qq $missing </dev/null >/dev/null
