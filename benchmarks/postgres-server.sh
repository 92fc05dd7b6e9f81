#!/usr/bin/env bash
# A throw-away PostgreSQL server for benchmarks/sql-engines.sh and for trying `screen --engine postgres`
# by hand, as tests/PolicyRules.Tests/TestSupport/PostgresServer.cs starts one for the tests: Debian's binaries
# (/usr/lib/postgresql/N/bin, the newest N; or POLICYRULES_POSTGRES_BIN), a new cluster in a temporary
# folder, trust authentication, listening on 127.0.0.1 only at a free port, owned by the postgres user
# (or nobody) when run as root, since the server refuses root. fsync is off: the data is throw-away.
#
#   eval "$(./benchmarks/postgres-server.sh)"      # start; sets CONNECTION (Npgsql), PGURL (libpq), PSQL
#   ./benchmarks/postgres-server.sh stop           # stop it and delete its folder
#
# The state (folder, binaries, user, port) is kept in POLICYRULES_PG_STATE (default
# /tmp/policyrules-pg.state), so one server runs per state file; start refuses a second one.
set -euo pipefail

state="${POLICYRULES_PG_STATE:-/tmp/policyrules-pg.state}"

as_owner() { if [[ -n "$user" ]]; then runuser -u "$user" -- "$@"; else "$@"; fi; }

stop() {
  if [[ ! -f "$state" ]]; then
    echo "no server recorded in $state" >&2
    return 0
  fi
  # shellcheck disable=SC1090
  source "$state"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2
  fi
  rm -rf -- "$dir" "$state"
  echo "stopped the server on port $port" >&2
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

start() {
  if [[ -f "$state" ]]; then
    echo "a server is already recorded in $state: stop it first ($0 stop)" >&2
    return 1
  fi
  bin="${POLICYRULES_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4n | tail -1)}"
  if [[ -z "$bin" || ! -x "$bin/pg_ctl" ]]; then
    echo "no PostgreSQL server binaries (apt-get install postgresql, or set POLICYRULES_POSTGRES_BIN)" >&2
    return 1
  fi
  dir=$(mktemp -d /tmp/policyrules-pg-XXXXXX)
  user=""
  if [[ $(id -u) == 0 ]]; then
    if id -u postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
    chown "$user" "$dir"
  fi
  port=$(free_port)
  stop_command="$0 stop"
  [[ -z "${POLICYRULES_PG_STATE:-}" ]] || stop_command="POLICYRULES_PG_STATE=$state $stop_command"
  printf 'dir=%q\nbin=%q\nuser=%q\nport=%q\n' "$dir" "$bin" "$user" "$port" > "$state"
  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale > "$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    stop
    return 1
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -h 127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2; then
    cat "$dir/server.log" >&2 || true
    stop
    return 1
  fi
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir; stop with: $stop_command" >&2
  # Single-quoted for eval: none of the three holds a quote.
  echo "CONNECTION='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=false;Timeout=30;Command Timeout=0'"
  echo "PGURL='postgresql://postgres@127.0.0.1:$port/postgres'"
  echo "PSQL='$bin/psql'"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
