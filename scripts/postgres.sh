#!/usr/bin/env bash
# A private PostgreSQL 15 for tests and benchmarks: its own data folder and a
# free loopback port, run as the `postgres` user (PostgreSQL refuses root),
# installed from Debian's packages if missing.
#
#   scripts/postgres.sh run CMD...   start one, run CMD with AW_TEST_POSTGRES_URL
#                                    (and AW_TEST_PGDATA) set, stop it on every exit path
#   scripts/postgres.sh install      only install the packages
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=/usr/lib/postgresql/15/bin
log() { printf '[postgres] %s\n' "$*" >&2; }

install() {
  if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
    return
  fi
  log "installing postgresql-15 (apt)"
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package's own cluster from starting: the tests start their own.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  apt-get update -qq
  apt-get install -y -qq postgresql-15 >/dev/null
  if [ "$created" = 1 ]; then rm -f "$policy"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# As root (CI, this machine), as the postgres user; as anyone else, as oneself.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

run() {
  install
  local port status=0
  # Global: the exit trap reads it after this function has returned.
  PG_DIR=$(mktemp -d /tmp/aw-pg.XXXXXX)
  local dir=$PG_DIR
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  stop() {
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || {
        # pg_ctl could not stop it: end the postmaster by its own PID.
        local pid
        pid=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
        if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
      }
    fi
    rm -rf "$PG_DIR"
  }
  trap stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
  port=$(free_port)
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
    log "PostgreSQL did not start:"; cat "$dir/log" >&2; exit 1
  fi
  export AW_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export AW_TEST_PGDATA="$dir/data"
  log "PostgreSQL 15 on 127.0.0.1:$port (data in $dir)"
  "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  install) install ;;
  run) shift; run "$@" ;;
  *) echo "usage: scripts/postgres.sh run CMD... | install" >&2; exit 2 ;;
esac
