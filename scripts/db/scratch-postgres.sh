#!/usr/bin/env bash
# A throwaway PostgreSQL server for the project's own scripts: its own cluster in a temp folder, on
# loopback, trust auth, stopped and removed when the calling shell exits.
#   source scripts/db/scratch-postgres.sh; start_scratch_postgres   # exports SCRATCH_PG_URL
# Needs Debian's `postgresql` package (scripts/env/packages.sh test). As root, the server runs as the
# `postgres` user (PostgreSQL refuses to run as root).
SCRATCH_PG_AS=()
start_scratch_postgres() {
  SCRATCH_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$SCRATCH_PG_BIN" ] || [ ! -x "$SCRATCH_PG_BIN/initdb" ]; then
    echo "PostgreSQL is not installed: run \`sudo apt-get install -y postgresql\` (or \`bash scripts/env/packages.sh test\`)." >&2
    return 1
  fi
  SCRATCH_PG_DIR=$(mktemp -d /tmp/ollamamax-pg-XXXXXX)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$SCRATCH_PG_DIR"
    SCRATCH_PG_AS=(runuser -u postgres --)
  fi
  trap stop_scratch_postgres EXIT
  "${SCRATCH_PG_AS[@]}" "$SCRATCH_PG_BIN/initdb" -D "$SCRATCH_PG_DIR/data" -U panel --auth=trust \
    >"$SCRATCH_PG_DIR/initdb.log" 2>&1
  "${SCRATCH_PG_AS[@]}" "$SCRATCH_PG_BIN/pg_ctl" -D "$SCRATCH_PG_DIR/data" -l "$SCRATCH_PG_DIR/server.log" -w \
    -o "-p $port -k $SCRATCH_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  "$SCRATCH_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U panel panel
  export SCRATCH_PG_URL="postgresql://panel@127.0.0.1:$port/panel"
}
stop_scratch_postgres() {
  [ -n "${SCRATCH_PG_DIR:-}" ] || return 0
  "${SCRATCH_PG_AS[@]}" "$SCRATCH_PG_BIN/pg_ctl" -D "$SCRATCH_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$SCRATCH_PG_DIR"
  SCRATCH_PG_DIR=
}
