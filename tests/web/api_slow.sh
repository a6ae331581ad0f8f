# api_slow.sh — slow clients cannot lock others out: connections from one
# address are capped (--per-address), a client that trickles its request head
# one line at a time is cut off at the head deadline (--head-seconds), and
# strangers may not make the server buffer large bodies (16 KiB before
# sign-in, 1 MiB after). Another loopback address (127.0.0.2) must still get
# 200 while 127.0.0.1 holds every connection it may.
. "$TDN_SOURCE_DIR/tests/cli/lib.sh"
. "$TDN_SOURCE_DIR/tests/web/lib_web.sh"
"$TDN" --db "$DB" init >/dev/null || fail "init"
printf 'slow-pass-long-1\n' | "$TDN" --db "$DB" user add --username doc --role clinician \
    --password-stdin >/dev/null || fail "user add"
start_server "$DB" --per-address 8 --head-seconds 2
cat >"$WORK/slow.py" <<'PY'
import socket, sys, time
host, port = sys.argv[1].rsplit(':', 1)
port = int(port)

def conn(src):
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(5)
    s.connect((host, port))
    return s

def get(src, path='/login'):
    s = conn(src)
    s.sendall(b'GET ' + path.encode() + b' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    data = b''
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    return data.split(b'\r\n', 1)[0].decode(errors='replace')

def closed(s, wait):
    """True when the server ends the connection within wait seconds."""
    s.settimeout(wait)
    try:
        return s.recv(1) == b''
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False

# 40 slow heads from 127.0.0.1: the first 8 are held open, the rest refused
slow = []
for i in range(40):
    s = conn('127.0.0.1')
    s.sendall(b'GET /login HTTP/1.1\r\nHost: x\r\n')
    slow.append(s)
refused = sum(1 for s in slow[8:] if closed(s, 2))
assert refused == 32, f'{refused} of 32 connections over the per-address limit were refused'
line = get('127.0.0.2')
assert line.startswith('HTTP/1.1 200'), f'127.0.0.2 got {line!r} while 127.0.0.1 was stalled'
# the held ones trickle one header line every 0.5 s: cut at the 2 s deadline
cut = 0
for step in range(12):
    for s in slow[:8]:
        try:
            s.sendall(b'X-Slow-%d: y\r\n' % step)
        except OSError:
            pass
    time.sleep(0.5)
cut = sum(1 for s in slow[:8] if closed(s, 0.5))
assert cut == 8, f'only {cut} of 8 trickling heads were cut off at the deadline'
for s in slow:
    s.close()
time.sleep(0.5)
line = get('127.0.0.1')
assert line.startswith('HTTP/1.1 200'), f'127.0.0.1 not served again after the cut: {line!r}'
print('ok')
PY
LAST="slow clients from 127.0.0.1 while 127.0.0.2 is served"
OUT=$(python3 "$WORK/slow.py" "${URL#http://}" 2>&1) || fail "slow clients"
[ "$(grep -c '^ts=[0-9T:-]*Z level=warn event=slow_head reason=head_deadline$' "$WORK/.serve.err")" -ge 8 ] ||
    fail "cut-off slow clients are not logged"
# before sign-in only a small body is buffered
big=$(python3 -c 'print("{\"username\":\"doc\",\"password\":\"" + "p" * 20000 + "\"}")')
req POST /api/login "$big"
expect_status 413
printf '%s' "$OUT" | grep -q '16 KiB limit before sign-in' || fail "413 does not name the limit: $OUT"
# a forged cookie does not earn the large limit
req POST /api/login "$big" -H 'Cookie: tdn_session=0000000000000000000000000000000000000000000000000000000000000000'
expect_status 413
# signed in, the same size is read and judged by its fields
req POST /api/login '{"username":"doc","password":"slow-pass-long-1"}'
expect_status 200
TOKEN=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
name=$(python3 -c 'print("n" * 20000)')
req POST /api/patients "{\"name\":\"$name\",\"birth\":\"1990-01-01\"}" -H "X-CSRF-Token: $TOKEN"
expect_status 400
printf '%s' "$OUT" | grep -q 'name: longer than' || fail "expected the field error: $OUT"
echo "ok"
