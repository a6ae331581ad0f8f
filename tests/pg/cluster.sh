#!/bin/sh
# cluster.sh start|stop|url|pause|resume STATE — a throwaway PostgreSQL cluster for tdn's
# tests, from Debian's postgresql package. `start` runs initdb into a new
# temporary directory, serves it on a Unix socket in that directory (no TCP),
# fsync and synchronous_commit on (TDN_PG_FSYNC=off turns both off: the
# test suites check behaviour, and tdn's crash tests kill tdn, not
# PostgreSQL; the benches keep them on), and writes the directory, a libpq URL
# for the `postgres` database (superuser `tdn`, trust on the socket only)
# and PostgreSQL's bin directory (psql without Debian's Perl wrapper) into
# the directory STATE. Run as root, the server runs as the unprivileged
# user `nobody`, which owns the directory. `url` prints the URL, `stop` stops
# the server and removes the directory. `pause` stops the server and keeps
# its directory, `resume` starts it again on the same data and socket (a
# server restart, as tdn's clients see it). Any failure exits non-zero with the
# reason: a PostgreSQL run never silently skips.
set -eu
cmd=${1:-}; state=${2:-}
case ${TDN_PG_FSYNC:-on} in on | off) ;; *) echo "cluster.sh: TDN_PG_FSYNC must be on or off" >&2; exit 2 ;; esac
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: cluster.sh start|stop|url|pause|resume STATE-DIR" >&2; exit 2; }

die() { echo "FAIL [pg/cluster]: $*" >&2; exit 1; }

# bindir: Debian keeps initdb and pg_ctl out of PATH, under the newest version.
bindir() {
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

# as_owner CMD...: runs CMD as the cluster's owner (nobody when we are root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
    else
        "$@"
    fi
}

start() {
    bin=$(bindir) || die "PostgreSQL is not installed (initdb not found; run scripts/deps.sh)"
    command -v psql >/dev/null 2>&1 || die "psql is not installed (postgresql-client)"
    mkdir -p "$state"
    if [ -f "$state/dir" ] && [ -d "$(cat "$state/dir")" ]; then stop; fi
    dir=$(mktemp -d /tmp/tdn-pg.XXXXXX) || die "mktemp failed"
    echo "$dir" >"$state/dir"
    [ "$(id -u)" -eq 0 ] && chown nobody:nogroup "$dir"
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U tdn -A trust -E UTF8 --locale=C.UTF-8 \
        >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; die "initdb failed"; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = ${TDN_PG_FSYNC:-on}
synchronous_commit = ${TDN_PG_FSYNC:-on}
max_connections = 200
log_min_messages = warning
CONF
    # the socket directory is private to its owner: let root's tests in too
    chmod 711 "$dir"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        >"$state/pg_ctl.log" 2>&1 || { cat "$state/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null; die "the server did not start"; }
    url="postgresql:///postgres?host=$dir&user=tdn"
    psql "$url" -XAtqc "SELECT 1" >/dev/null || die "cannot connect to $url"
    echo "$url" >"$state/url"
    echo "$bin" >"$state/bin"
    echo "pg cluster: $url"
}

stop() {
    [ -f "$state/dir" ] || { echo "pg cluster: none to stop"; return 0; }
    dir=$(cat "$state/dir")
    if [ -d "$dir/data" ]; then
        bin=$(bindir) || die "PostgreSQL is not installed"
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    case "$dir" in /tmp/tdn-pg.*) rm -rf "$dir" ;; esac
    rm -f "$state/dir" "$state/url" "$state/bin"
    echo "pg cluster: stopped"
}

# pg_ctl_on stop|start: the cluster's server, its directory kept.
pg_ctl_on() {
    [ -f "$state/dir" ] || die "no cluster (start it with: cluster.sh start $state)"
    dir=$(cat "$state/dir")
    bin=$(bindir) || die "PostgreSQL is not installed"
    case "$1" in
        stop) as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >"$state/pg_ctl.log" 2>&1 ;;
        start) as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >"$state/pg_ctl.log" 2>&1 ;;
    esac || { cat "$state/pg_ctl.log" >&2; die "pg_ctl $1 failed"; }
}

case "$cmd" in
    start) start ;;
    stop) stop ;;
    pause) pg_ctl_on stop ;;
    resume) pg_ctl_on start ;;
    url) [ -f "$state/url" ] || die "no cluster running (start it with: cluster.sh start $state)"; cat "$state/url" ;;
    *) echo "usage: cluster.sh start|stop|url|pause|resume STATE-DIR" >&2; exit 2 ;;
esac
