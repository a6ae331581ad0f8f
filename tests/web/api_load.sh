# api_load.sh — concurrent writers against one `tdn serve` (group commit):
# 16 clients at once add patients (POST /api/patients), read charts back
# (GET /api/patients/:id, an audited read) and send requests that fail inside
# the store (consent for a patient that does not exist). No 5xx; every
# patient answered 201/200 is in the database afterwards with its audit row,
# and the failed requests left nothing. Then 16 clients read one chart over
# and over: exactly one audit row per chart read answered, none for a read
# of a patient that does not exist. Then the server is killed (SIGKILL) in
# the middle of writers and chart readers: every patient it had answered
# must survive, and every chart read it had answered must be in the audit.
# Behaviour only: no timings.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'load-pass-long-1\n' | "$TDN" --db "$DB" user add --username doc --role clinician \
    --password-stdin >/dev/null || fail "user add"
start_server "$DB"
req POST /api/login '{"username":"doc","password":"load-pass-long-1"}'
expect_status 200
CSRF=$(json_get "j['csrf']")
COOKIE=$(awk '$6 == "tdn_session" {print $7}' "$COOKIES")
python3 - "$URL" "$COOKIE" "$CSRF" "$WORK/ids" >"$WORK/load.out" <<'PY' || fail "load: $(cat "$WORK/load.out")"
import json, sys, threading, urllib.request, urllib.error
url, cookie, csrf, ids_file = sys.argv[1:5]
CLIENTS, ROUNDS = 16, 12
lock = threading.Lock()
ids, statuses, problems = [], {}, []

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(url + path, data=data, method=method)
    r.add_header('Cookie', 'tdn_session=' + cookie)
    r.add_header('X-CSRF-Token', csrf)
    if data is not None:
        r.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(r, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b'null')
    except urllib.error.HTTPError as e:
        return e.code, None

def client(k):
    for i in range(ROUNDS):
        name = 'Load Patient %d-%d' % (k, i)
        st, body = call('POST', '/api/patients', {'name': name, 'birth': '1980-01-01'})
        with lock:
            statuses[st] = statuses.get(st, 0) + 1
        if st in (200, 201):
            pid = body['id']
            st2, chart = call('GET', '/api/patients/%d' % pid)
            with lock:
                statuses[st2] = statuses.get(st2, 0) + 1
                ids.append((pid, name))
                if st2 != 200 or chart['patient']['name'] != name:
                    problems.append('chart of %d: HTTP %d' % (pid, st2))
        if i % 3 == k % 3:
            st3, _ = call('POST', '/api/patients/99999%d/consent' % k, {'by': 'patient'})
            with lock:
                statuses[st3] = statuses.get(st3, 0) + 1
                if st3 != 404:
                    problems.append('consent for no patient: HTTP %d' % st3)

threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
for t in threads: t.start()
for t in threads: t.join()
bad = {s: n for s, n in statuses.items() if s >= 500}
if bad: problems.append('5xx answers: %r' % bad)
if len(ids) != CLIENTS * ROUNDS: problems.append('%d of %d patients added' % (len(ids), CLIENTS * ROUNDS))
with open(ids_file, 'w') as f:
    for pid, name in ids: f.write('%d|%s\n' % (pid, name))
print('\n'.join(problems) if problems else 'ok %r' % statuses)
sys.exit(1 if problems else 0)
PY
stop_server_keep() { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
stop_server_keep
# every answered patient is stored, with its create audit row; nothing else
db_sql "SELECT id || '|' || name FROM patient ORDER BY id" >"$WORK/stored"
sort -n "$WORK/ids" >"$WORK/answered"
cmp -s "$WORK/stored" "$WORK/answered" || fail "stored patients differ from the answered ones"
N=$(wc -l <"$WORK/answered")
A=$(db_sql "SELECT count(DISTINCT record_id) FROM audit WHERE action = 'create' AND tbl = 'patient'")
[ "$A" = "$N" ] || fail "$A create audit rows for $N patients"
R=$(db_sql "SELECT count(*) FROM audit WHERE action = 'read' AND tbl = 'chart'")
[ "$R" = "$N" ] || fail "$R chart-read audit rows for $N chart reads"

# many readers of one chart: one audit row per read answered, none for a 404
sign_in() {
    rm -f "$COOKIES"
    start_server "$DB"
    req POST /api/login '{"username":"doc","password":"load-pass-long-1"}'
    expect_status 200
    CSRF=$(json_get "j['csrf']")
    COOKIE=$(awk '$6 == "tdn_session" {print $7}' "$COOKIES")
}
sign_in
SHARED=$(head -n 1 "$WORK/answered" | cut -d'|' -f1)
MISSING=$((SHARED + 1000000))
python3 - "$URL" "$COOKIE" "$SHARED" "$MISSING" >"$WORK/reads.out" 2>&1 <<'PY' || fail "reads: $(cat "$WORK/reads.out")"
import sys, threading, urllib.request, urllib.error
url, cookie, shared, missing = sys.argv[1:5]
lock = threading.Lock()
counts = {}
def get(pid):
    r = urllib.request.Request('%s/api/patients/%s' % (url, pid))
    r.add_header('Cookie', 'tdn_session=' + cookie)
    try:
        with urllib.request.urlopen(r, timeout=60) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
def client(k):
    for i in range(20):
        st = get(missing if i == k % 20 else shared)
        with lock: counts[st] = counts.get(st, 0) + 1
threads = [threading.Thread(target=client, args=(k,)) for k in range(16)]
for t in threads: t.start()
for t in threads: t.join()
print(counts.get(200, 0))
sys.exit(0 if set(counts) <= {200, 404} and counts.get(404) == 16 else 1)
PY
stop_server_keep
READS=$(cat "$WORK/reads.out")
R=$(db_sql "SELECT count(*) FROM audit WHERE action = 'read' AND tbl = 'chart' AND record_id = $SHARED")
[ "$R" = "$((READS + 1))" ] || fail "$R chart-read audit rows for $READS reads (+1 in the first load) of one chart"
[ "$READS" = $((16 * 20 - 16)) ] || fail "$READS of $((16 * 20 - 16)) chart reads answered"
R=$(db_sql "SELECT count(*) FROM audit WHERE record_id = $MISSING OR patient_id = $MISSING")
[ "$R" = 0 ] || fail "$R audit rows for reads of a patient that does not exist"

# SIGKILL under load: nothing answered is lost, no chart read answered is
# missing from the audit
sign_in
BEFORE=$(db_sql "SELECT max(id) FROM audit")
python3 - "$URL" "$COOKIE" "$CSRF" "$WORK/killed" "$SERVER_PID" "$SHARED" "$WORK/read_answered" \
    >"$WORK/kill.out" 2>&1 <<'PY' || fail "kill: $(cat "$WORK/kill.out")"
import json, os, signal, sys, threading, time, urllib.request
url, cookie, csrf, out, pid, shared, reads_out = sys.argv[1:8]
lock = threading.Lock()
answered = []
reads = [0]
def reader():
    for i in range(10000):
        r = urllib.request.Request('%s/api/patients/%s' % (url, shared))
        r.add_header('Cookie', 'tdn_session=' + cookie)
        try:
            with urllib.request.urlopen(r, timeout=30) as resp:
                resp.read()
                if resp.status == 200:
                    with lock: reads[0] += 1
        except Exception:
            return
def client(k):
    for i in range(1000):
        r = urllib.request.Request(url + '/api/patients', method='POST',
            data=json.dumps({'name': 'Kill %d-%d' % (k, i), 'birth': '1980-01-01'}).encode())
        r.add_header('Cookie', 'tdn_session=' + cookie)
        r.add_header('X-CSRF-Token', csrf)
        r.add_header('Content-Type', 'application/json')
        try:
            with urllib.request.urlopen(r, timeout=30) as resp:
                body = json.loads(resp.read())
                with lock: answered.append(body['id'])
        except Exception:
            return
threads = [threading.Thread(target=client, args=(k,)) for k in range(12)]
threads += [threading.Thread(target=reader) for k in range(4)]
for t in threads: t.start()
while True:
    with lock:
        if len(answered) >= 40 and reads[0] >= 10: break
    time.sleep(0.01)
os.kill(int(pid), signal.SIGKILL)
for t in threads: t.join()
with open(out, 'w') as f:
    f.write('\n'.join(str(i) for i in answered) + '\n')
with open(reads_out, 'w') as f:
    f.write('%d\n' % reads[0])
PY
wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
N=$(wc -l <"$WORK/killed")
[ "$N" -ge 40 ] || fail "only $N patients answered before the kill"
db_sql "CREATE TEMP TABLE a (id INTEGER); $(sed 's/.*/INSERT INTO a VALUES (&);/' "$WORK/killed") SELECT count(*) FROM a WHERE id NOT IN (SELECT id FROM patient)" >"$WORK/lost"
[ "$(cat "$WORK/lost")" = 0 ] && echo "killed after $N answered; none lost" || fail "$(cat "$WORK/lost") answered patients lost after SIGKILL"
READS=$(cat "$WORK/read_answered")
R=$(db_sql "SELECT count(*) FROM audit WHERE id > $BEFORE AND action = 'read' AND tbl = 'chart' AND record_id = $SHARED")
[ "$R" -ge "$READS" ] || fail "$READS chart reads answered before SIGKILL, only $R in the audit"
echo "killed after $READS chart reads answered; $R in the audit"
echo "ok: api_load"
