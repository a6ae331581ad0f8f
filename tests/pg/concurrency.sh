# concurrency.sh — two `tdn serve` processes on one PostgreSQL database, a
# group of clinics' set-up. 64 clients at once, for 30 s
# (TDN_CONCURRENCY_SECONDS), each request sent to either server in turn, with
# sign-ins made on one server and used on the other: most clients add a
# patient, consent, screening, open a session, add measures, put needles in
# and take them out, close the session; 8 clients share two sessions, putting
# needles in and out of the same session from both servers at once (the
# session's revision makes a loser answer "changed meanwhile": retried).
# The database's default isolation is SERIALIZABLE, as a cautious
# administrator might set it: tdn must still never fail a writer (pg.c).
# Afterwards: every write answered 2xx is stored exactly once, ids are
# unique, every needle ledger balances (in == out per session), the audit has
# exactly one row per write answered and none for anything else; no 5xx.
# Then SIGKILL of one server in the middle of the load: nothing either server
# answered 2xx for is lost, and the survivor goes on serving (no 5xx).
# Prints the figures (requests, 2xx, req/s per server). Behaviour only: the
# figures are printed, never compared with a bound.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
[ -n "$PG_ADMIN" ] || fail "needs a PostgreSQL cluster (TDN_TEST_PG_STATE or TDN_TEST_PG_URL)"
SECONDS_LOAD=${TDN_CONCURRENCY_SECONDS:-30}
THREADS=8
PIDS=""
stop_all() {
    for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    PIDS=""
    cleanup
}
trap stop_all EXIT
psql "$PG_ADMIN" -XAtq -v ON_ERROR_STOP=1 \
    -c "ALTER DATABASE $PG_NAME SET default_transaction_isolation = 'serializable'" >/dev/null ||
    fail "cannot set the database's default isolation"
"$TDN" init >/dev/null || fail "init"
printf 'conc-pass-long-1\n' | "$TDN" user add --username doc --role clinician \
    --password-stdin >/dev/null || fail "user add"

# serve NAME: starts a server on the test's database; sets PID_NAME, URL_NAME.
serve() {
    "$TDN" serve --listen 127.0.0.1:0 --threads "$THREADS" --per-address 256 >"$WORK/$1.out" 2>"$WORK/$1.err" &
    eval "PID_$1=$!"
    PIDS="$PIDS $!"
    i=0
    while ! grep -q '^tdn: serving ' "$WORK/$1.out" 2>/dev/null; do
        i=$((i + 1))
        [ $i -gt 200 ] && { cat "$WORK/$1.err" >&2; fail "server $1 did not start"; }
        sleep 0.05
    done
    eval "URL_$1=\$(sed -n 's/^tdn: serving \\(.*\\)\\/\$/\\1/p' \"\$WORK/\$1.out\")"
}
# sign_in URL: signs doc in there; prints "COOKIE CSRF".
sign_in() {
    curl -s -c "$WORK/.jar" -H 'Content-Type: application/json' \
        -d '{"username":"doc","password":"conc-pass-long-1"}' "$1/api/login" >"$WORK/.login" ||
        fail "sign-in at $1"
    csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$WORK/.login") ||
        fail "sign-in at $1: $(cat "$WORK/.login")"
    echo "$(awk '$6 == "tdn_session" {print $7}' "$WORK/.jar") $csrf"
}
serve A
serve B
set -- $(sign_in "$URL_A")
COOKIE_A=$1 CSRF_A=$2
set -- $(sign_in "$URL_B")
COOKIE_B=$1 CSRF_B=$2
# a sign-in made on A is good on B, and the other way round
for pair in "$URL_B $COOKIE_A" "$URL_A $COOKIE_B"; do
    set -- $pair
    STATUS=$(curl -s -o "$WORK/.me" -w '%{http_code}' -b "tdn_session=$2" "$1/api/me")
    LAST="GET $1/api/me" ERR=""
    OUT=$(cat "$WORK/.me")
    expect_status 200
    expect_out '"user":"doc"'
done
BEFORE=$(db_sql "SELECT coalesce(max(id), 0) FROM audit")

cat >"$WORK/load.py" <<'PY'
# load.py URL_A URL_B COOKIE_A CSRF_A COOKIE_B CSRF_B SECONDS OUT [KILL_PID]
# 64 clients; writes the answered writes and the figures to OUT as JSON.
import json, os, signal, sys, threading, time, urllib.request, urllib.error
url = sys.argv[1:3]
auth = [(sys.argv[3], sys.argv[4]), (sys.argv[5], sys.argv[6])]
seconds, out = float(sys.argv[7]), sys.argv[8]
kill_pid = int(sys.argv[9]) if len(sys.argv) > 9 else 0
CLIENTS, SHARED, GROUP = 64, 8, 4
lock = threading.Lock()
stats = [{'requests': 0, '2xx': 0, '5xx': 0, 'failed': 0, 'other': {}} for _ in url]
writes = []       # (kind, server, id, detail): every write answered 2xx
problems = []
dead = [False]    # server A was killed
stop_at = time.monotonic() + seconds

class Gone(Exception):
    pass

def call(k, n, method, path, body=None):
    """One request by client k (its n-th): to server n % 2, unless A is dead."""
    s = n % 2
    if dead[0]: s = 1
    cookie, csrf = auth[k % 2]
    data = json.dumps(body).encode() if body is not None else (b'' if method == 'POST' else None)
    r = urllib.request.Request(url[s] + path, data=data, method=method)
    r.add_header('Cookie', 'tdn_session=' + cookie)
    r.add_header('X-CSRF-Token', csrf)
    if body is not None: r.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(r, timeout=60) as resp:
            st, j = resp.status, json.loads(resp.read() or b'null')
    except urllib.error.HTTPError as e:
        st, j = e.code, json.loads(e.read() or b'null')
    except Exception as e:
        with lock:
            stats[s]['failed'] += 1
            if not (kill_pid and s == 0 and dead[0]):
                problems.append('%s %s on server %d: %s' % (method, path, s, e))
        raise Gone()
    with lock:
        stats[s]['requests'] += 1
        if 200 <= st < 300: stats[s]['2xx'] += 1
        elif st >= 500:
            stats[s]['5xx'] += 1
            problems.append('%s %s on server %d: HTTP %d %r' % (method, path, s, st, j))
        else: stats[s]['other'][st] = stats[s]['other'].get(st, 0) + 1
    return s, st, j

def wrote(kind, s, ident, detail=''):
    with lock: writes.append((kind, s, ident, detail))

def expect(k, n, method, path, body, want):
    s, st, j = call(k, n, method, path, body)
    if st != want:
        with lock: problems.append('%s %s: HTTP %d %r, expected %d' % (method, path, st, j, want))
        raise Gone()
    return s, j

def changed_meanwhile(st, j):
    return st in (400, 409) and 'meanwhile' in json.dumps(j)

def needle(k, n, sid, kind):
    """Puts a needle in (kind 'in') or takes needle n out, retrying while
    another writer changed the session meanwhile."""
    while time.monotonic() < stop_at + 30:
        if kind == 'in':
            s, st, j = call(k, n, 'POST', '/api/sessions/%d/needles' % sid,
                            {'muscle': 'upper_trapezius', 'side': 'R', 'technique': 'deep'})
        else:
            s, st, j = call(k, n[1], 'POST', '/api/sessions/%d/needles/%d/out' % (sid, n[0]))
        if changed_meanwhile(st, j): continue
        want = 201 if kind == 'in' else 200
        if st != want:
            with lock: problems.append('needle %s in session %d: HTTP %d %r' % (kind, sid, st, j))
            raise Gone()
        return s, j
    raise Gone()

def new_session(k, n, name):
    """A new patient with consent and screening, and a session opened for
    them: four writes, each answered 2xx, by requests n to n + 3."""
    s, j = expect(k, n, 'POST', '/api/patients', {'name': name, 'birth': '1980-01-01'}, 201)
    pid = j['id']; wrote('patient', s, pid, name)
    s, j = expect(k, n + 1, 'POST', '/api/patients/%d/consent' % pid, {'by': 'patient'}, 201)
    wrote('consent', s, j['id'])
    s, j = expect(k, n + 2, 'POST', '/api/patients/%d/screenings' % pid,
                  {'profile': {'consent': {'patient': True}}}, 201)
    wrote('screening', s, j['id'])
    s, j = expect(k, n + 3, 'POST', '/api/sessions', {'patient': pid}, 201)
    wrote('session', s, j['id'], str(pid))
    return j['id']

def own_flow(k, i):
    n = i * 20 + k
    sid = new_session(k, n, 'Conc %d-%d' % (k, i))
    for m, phase in enumerate(('pre', 'post')):
        if phase == 'post':
            for q in range(2):
                s, j = needle(k, (numbers[q], n + 6 + q), sid, 'out')
                wrote('out', s, sid, str(numbers[q]))
        s, j = expect(k, n + 4 + m, 'POST', '/api/sessions/%d/measures' % sid,
                      {'phase': phase, 'kind': 'nprs', 'site': 'temple', 'side': 'R',
                       'value': (k + i) % 11}, 201)
        wrote('measure', s, j['id'], str(sid))
        if phase == 'pre':
            numbers = []
            for q in range(2):
                s, j = needle(k, n + 8 + q, sid, 'in')
                numbers.append(j['needle']); wrote('in', s, sid, str(j['needle']))
    s, j = expect(k, n + 10, 'POST', '/api/sessions/%d/close' % sid, None, 200)
    wrote('close', s, sid)

groups = [{'lock': threading.Lock(), 'sid': 0, 'used': 0} for _ in range(SHARED // GROUP)]
def shared_flow(k, i):
    g = groups[k // GROUP]
    with g['lock']:
        if not g['sid'] or g['used'] >= 60:
            g['sid'], g['used'] = new_session(k, i, 'Shared %d-%d' % (k, i)), 0
        g['used'] += 1
        sid = g['sid']
    s, j = needle(k, i, sid, 'in')
    wrote('in', s, sid, str(j['needle']))
    s, j = needle(k, (j['needle'], i + 1), sid, 'out')
    wrote('out', s, sid, str(j['needle']) if j and 'needle' in j else '')

def client(k):
    i = 0
    while time.monotonic() < stop_at:
        try:
            (shared_flow if k < SHARED else own_flow)(k, i)
        except Gone:
            if not dead[0]: return
        i += 1

def killer():
    while time.monotonic() < stop_at - seconds / 2:
        time.sleep(0.05)
    with lock:
        os.kill(kill_pid, signal.SIGKILL)
        dead[0] = True

t0 = time.monotonic()
threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
if kill_pid: threads.append(threading.Thread(target=killer))
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - t0
json.dump({'writes': writes, 'stats': stats, 'problems': problems, 'seconds': elapsed},
          open(out, 'w'))
for s, name in enumerate('AB'):
    st = stats[s]
    print('server %s: %d requests answered, %d 2xx, %d 5xx, %s other, %d failed connections, '
          '%.0f req/s' % (name, st['requests'], st['2xx'], st['5xx'], st['other'], st['failed'],
                          st['requests'] / elapsed))
print('%d writes answered 2xx in %.1f s' % (len(writes), elapsed))
if problems: print('\n'.join(problems[:20]))
sys.exit(1 if problems else 0)
PY

# check.py OUT DUMP: compares the answered writes of OUT with the database's
# rows in DUMP (JSON from psql); KILLED=1: only "nothing answered is lost".
cat >"$WORK/check.py" <<'PY'
import collections, json, sys
run = json.load(open(sys.argv[1])); db = json.load(open(sys.argv[2]))
killed = len(sys.argv) > 3
problems = []
w = collections.defaultdict(list)
for kind, s, ident, detail in run['writes']: w[kind].append((ident, detail))
def ids(kind): return [i for i, _ in w[kind]]
for kind in ('patient', 'consent', 'screening', 'session', 'measure'):
    answered = ids(kind)
    if len(set(answered)) != len(answered): problems.append('%s ids answered twice' % kind)
    stored = collections.Counter(db[kind] or [])
    lost = [i for i in answered if stored[i] != 1]
    if lost: problems.append('%d answered %s rows not stored once, e.g. %r' % (len(lost), kind, lost[:5]))
    if not killed and len(stored) != len(set(answered)):
        problems.append('%d %s rows stored, %d answered' % (len(stored), kind, len(set(answered))))
names = {str(p['id']): p['name'] for p in db['patients'] or []}
bad = [(i, d) for i, d in w['patient'] if names.get(str(i)) != d]
if bad: problems.append('patients stored under other names: %r' % bad[:5])
needles = collections.defaultdict(lambda: collections.Counter())
for n in db['needles'] or []: needles[n['session_id']][n['state']] += 1
ins = collections.Counter(i for i, _ in w['in']); outs = collections.Counter(i for i, _ in w['out'])
for sid in set(ins) | set(outs):
    row = needles[sid]
    if row['in'] + row['out'] < ins[sid]: problems.append('session %d: %d needles in answered, %d stored' % (sid, ins[sid], row['in'] + row['out']))
    if row['out'] < outs[sid]: problems.append('session %d: %d needles out answered, %d stored out' % (sid, outs[sid], row['out']))
    if not killed and not (ins[sid] == outs[sid] == row['out'] and row['in'] == 0 and sum(row.values()) == ins[sid]):
        problems.append('session %d ledger: %d in and %d out answered; stored %r' % (sid, ins[sid], outs[sid], dict(row)))
closed = set(db['closed'] or [])
missing = [i for i in ids('close') if i not in closed]
if missing: problems.append('%d answered closes not stored, e.g. %r' % (len(missing), missing[:5]))
# the audit: one row per answered write (an answered create names its row)
# (opening a session writes its create row and a change row "opened ...")
audit = collections.Counter((a['action'], a['tbl'], a['record_id']) for a in db['audit'] or []
                            if not a['detail'].startswith('opened '))
for kind, tbl in (('patient', 'patient'), ('consent', 'consent'), ('screening', 'screening'),
                  ('session', 'session'), ('measure', 'measure')):
    for i in ids(kind):
        n = audit[('create', tbl, i)]
        if n != 1: problems.append('%d create audit rows for %s %d' % (n, tbl, i))
    if not killed:
        extra = sum(1 for (a, t, r), n in audit.items() if a == 'create' and t == tbl) - len(ids(kind))
        if extra: problems.append('%d create audit rows of %s for writes not answered' % (extra, tbl))
kinds = collections.Counter((a['action'], a['tbl']) for a in db['audit'] or [])
print('audit rows written during the load: %r' % dict(kinds))
# a needle in or out and a close each change the session once
closes = collections.Counter(ids('close'))
for sid in set(ins) | set(outs) | set(closes):
    want, n = ins[sid] + outs[sid] + closes[sid], audit[('change', 'session', sid)]
    if n < want or (n > want and not killed):
        problems.append('session %d: %d change audit rows for %d changes answered' % (sid, n, want))
print('\n'.join(problems) if problems else 'ok: %d writes answered, all stored once' % len(run['writes']))
sys.exit(1 if problems else 0)
PY

# dump: the rows the checks need, as one JSON object.
dump() {
    db_sql "SELECT json_build_object(
      'patient', (SELECT json_agg(id) FROM patient),
      'patients', (SELECT json_agg(json_build_object('id', id, 'name', name)) FROM patient),
      'consent', (SELECT json_agg(id) FROM consent),
      'screening', (SELECT json_agg(id) FROM screening),
      'session', (SELECT json_agg(id) FROM session),
      'closed', (SELECT json_agg(id) FROM session WHERE state = 'closed'),
      'measure', (SELECT json_agg(id) FROM measure),
      'needles', (SELECT json_agg(json_build_object('session_id', session_id, 'state', state)) FROM needle),
      'audit', (SELECT json_agg(json_build_object('action', action, 'tbl', tbl, 'record_id', record_id,
                                                   'detail', detail))
                FROM audit WHERE id > $1))" >"$2" || fail "cannot read the database"
}

# connections: the most the database saw at once while the load ran; each
# server keeps a fixed pool of --threads connections, never more
connections() {
    while [ ! -f "$WORK/.stop" ]; do
        psql "$PG_ADMIN" -XAtq -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$PG_NAME' AND backend_type = 'client backend'"
        sleep 0.5
    done | sort -n | tail -n 1 >"$WORK/connections"
}
connections &
SAMPLER=$!
echo "load: 64 clients for ${SECONDS_LOAD}s on two servers (--threads $THREADS)"
python3 "$WORK/load.py" "$URL_A" "$URL_B" "$COOKIE_A" "$CSRF_A" "$COOKIE_B" "$CSRF_B" \
    "$SECONDS_LOAD" "$WORK/run1.json" >"$WORK/load1.out" 2>&1
RC=$?
touch "$WORK/.stop"
wait "$SAMPLER"
cat "$WORK/load1.out"
[ $RC = 0 ] || fail "load: $(tail -n 20 "$WORK/load1.out")"
MOST=$(cat "$WORK/connections")
echo "at most $MOST connections to the database at once"
[ "$MOST" -le $((2 * THREADS)) ] || fail "$MOST connections at once from two servers of $THREADS threads"
[ "$MOST" -ge 2 ] || fail "the load ran on $MOST connections"
dump "$BEFORE" "$WORK/db1.json"
python3 "$WORK/check.py" "$WORK/run1.json" "$WORK/db1.json" || fail "after the load"

# SIGKILL of server A half-way through the load: the clients then go to B
BEFORE=$(db_sql "SELECT max(id) FROM audit")
echo "load: 64 clients, server A killed half-way"
python3 "$WORK/load.py" "$URL_A" "$URL_B" "$COOKIE_A" "$CSRF_A" "$COOKIE_B" "$CSRF_B" \
    "$((SECONDS_LOAD / 2 + 2))" "$WORK/run2.json" "$PID_A" >"$WORK/load2.out" 2>&1
RC=$?
cat "$WORK/load2.out"
[ $RC = 0 ] || fail "load with a kill: $(tail -n 20 "$WORK/load2.out")"
wait "$PID_A" 2>/dev/null
PIDS=$PID_B
A_ANSWERED=$(python3 -c 'import json,sys; print(sum(1 for w in json.load(open(sys.argv[1]))["writes"] if w[1] == 0))' "$WORK/run2.json")
[ "$A_ANSWERED" -gt 0 ] || fail "server A answered no write before it was killed"
dump "$BEFORE" "$WORK/db2.json"
python3 "$WORK/check.py" "$WORK/run2.json" "$WORK/db2.json" killed || fail "after SIGKILL of A"
echo "$A_ANSWERED writes answered by A before SIGKILL: none lost"
# the survivor serves on: the sign-in made on A, a new patient
STATUS=$(curl -s -o "$WORK/.body" -w '%{http_code}' -b "tdn_session=$COOKIE_A" \
    -H "X-CSRF-Token: $CSRF_A" -H 'Content-Type: application/json' \
    -d '{"name":"After Kill","birth":"1990-01-01"}' "$URL_B/api/patients")
LAST="POST $URL_B/api/patients after the kill" OUT=$(cat "$WORK/.body")
expect_status 201
[ "$(db_sql "SELECT count(*) FROM patient WHERE name = 'After Kill'")" = 1 ] || fail "the patient added after the kill is not stored once"
pass
