#!/bin/sh
# cold.sh — `make bench` for cold start: `tdn locate …` as a whole process
# (exec, dynamic loading, knowledge base, answer), median wall time and CPU
# time over many runs, beside baseline processes run interleaved in the same
# loop (/bin/true, and `sqlite3 :memory: 'select 1'` when sqlite3 is there),
# so a busy machine slows all alike. The goal is a median <= 20 ms.
# usage: sh tests/bench/cold.sh BUILD_DIR
set -eu
BUILD=${1:-build}
TDN=$(cd "$BUILD" && pwd)/tdn
command -v python3 >/dev/null 2>&1 || { echo "cold bench: python3 missing"; exit 0; }
python3 - "$TDN" "${TDN_BENCH_COLD_RUNS:-60}" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time
tdn, runs = sys.argv[1], int(sys.argv[2])
cmds = [('tdn locate temple:R=6 posterior_neck:R=4',
         [tdn, 'locate', 'temple:R=6', 'posterior_neck:R=4']),
        ('/bin/true', ['/bin/true'])]
if shutil.which('sqlite3'):
    cmds.append(("sqlite3 :memory: 'select 1'", ['sqlite3', ':memory:', 'select 1']))
wall = {name: [] for name, _ in cmds}
cpu = {name: [] for name, _ in cmds}
env = dict(os.environ, TDN_USER='bench')
for i in range(runs):
    for name, argv in cmds:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       check=True)
        wall[name].append((time.perf_counter() - t0) * 1000)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
med = {n: statistics.median(v) for n, v in wall.items()}
for name, _ in cmds:
    print('cold: %-40s median %6.1f ms  (CPU %5.1f ms)' %
          (name, med[name], statistics.median(cpu[name])))
first = cmds[0][0]
print('cold: tdn locate / true %.1f' % (med[first] / med['/bin/true']) +
      ('  tdn locate / sqlite3 %.1f' % (med[first] / med[cmds[2][0]]) if len(cmds) > 2 else '') +
      '  (%d runs each, interleaved; goal: median <= 20 ms)' % runs)
PY
echo "cold: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
