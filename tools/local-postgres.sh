#!/usr/bin/env bash
# A throwaway PostgreSQL for trying geoorch on this machine: trust auth, loopback only.
#   bash tools/local-postgres.sh start   # prints the GEO_CONNECTION to export
#   bash tools/local-postgres.sh stop    # stops it and deletes its data
set -euo pipefail
dir="${GEO_LOCAL_PG_DIR:-/tmp/geoorch-local-pg}"
port="${GEO_LOCAL_PG_PORT:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2; exit 1; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >/dev/null
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" status >/dev/null 2>&1 ||
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    echo "export GEO_CONNECTION=\"Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres\""
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
