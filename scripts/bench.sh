#!/bin/sh
# `make bench`: runs every benchmark in build/ (tests/bench/bench_*.c) and
# any bench script in tests/bench/*.sh; each prints its figure beside its
# baseline measured in the same run.
set -eu
BUILD=${1:-build}
for b in "$BUILD"/bench_*; do
  [ -x "$b" ] && "$b"
done
for s in tests/bench/*.sh; do
  case $s in */lib_*.sh) continue ;; esac # helpers the benches source
  [ -f "$s" ] && sh "$s" "$BUILD"
done
exit 0
