#!/usr/bin/env bash
# Start a local PostgreSQL for breachflow's store tests and print the URL to export.
#
# Idempotent: installs PostgreSQL with apt only when it is missing and we are root, starts the
# Debian cluster (root) or a private cluster under $BREACHFLOW_PG_DIR (non-root), and creates the
# role and database only when they do not exist yet. Listens on 127.0.0.1 only.
#
#   eval "$(scripts/postgres.sh)"      # sets BREACHFLOW_TEST_POSTGRES_URL in this shell
set -euo pipefail

PG_HOST=127.0.0.1
PG_PORT="${BREACHFLOW_PG_PORT:-5432}"
PG_USER="${BREACHFLOW_PG_USER:-breachflow}"
PG_PASSWORD="${BREACHFLOW_PG_PASSWORD:-breachflow}"
PG_DB="${BREACHFLOW_PG_DB:-breachflow_test}"
PG_DIR="${BREACHFLOW_PG_DIR:-${BREACHFLOW_DATA_DIR:-./data}/postgres}"

log() { echo "postgres.sh: $*" >&2; }

pg_bindir() {
    # Newest installed server version wins.
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$dir" ] && [ -x "$dir/postgres" ] && echo "$dir"
}

if [ -z "$(pg_bindir || true)" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        log "PostgreSQL is not installed and we are not root: install the 'postgresql' package."
        exit 1
    fi
    log "installing PostgreSQL with apt"
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
fi
BIN="$(pg_bindir)"
VERSION="$(basename "$(dirname "$BIN")")"

run_sql() {
    # Runs SQL as the cluster's superuser over the local socket.
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt -d postgres -c "$1"
    else
        "$BIN/psql" -h "$(cd "$PG_DIR/socket" && pwd)" -p "$PG_PORT" -U postgres \
            -v ON_ERROR_STOP=1 -qAt -d postgres -c "$1"
    fi
}

if [ "$(id -u)" -eq 0 ] && command -v pg_ctlcluster >/dev/null; then
    if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
        log "creating cluster $VERSION/main on port $PG_PORT"
        pg_createcluster "$VERSION" main --port "$PG_PORT" >&2
    fi
    if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
        log "starting cluster $VERSION/main"
        pg_ctlcluster "$VERSION" main start >&2
    fi
else
    mkdir -p "$PG_DIR/socket"
    if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
        log "initialising a private cluster in $PG_DIR/data"
        "$BIN/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >&2
    fi
    if ! "$BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        log "starting the private cluster on $PG_HOST:$PG_PORT"
        "$BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w start \
            -o "-c listen_addresses=$PG_HOST -p $PG_PORT -k $(cd "$PG_DIR/socket" && pwd)" >&2
    fi
fi

for _ in $(seq 1 30); do
    "$BIN/pg_isready" -h "$PG_HOST" -p "$PG_PORT" -q && break
    sleep 1
done

if [ "$(run_sql "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
    log "creating role $PG_USER"
    run_sql "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
fi
# The scale-out test gives Prefect's own server a database of its own.
run_sql "ALTER ROLE $PG_USER CREATEDB"
if [ "$(run_sql "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
    log "creating database $PG_DB"
    run_sql "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi

URL="postgresql+psycopg://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DB"
echo "export BREACHFLOW_TEST_POSTGRES_URL=$URL"
